# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
from __future__ import annotations

import pytest

from ansible_collections.multiarch.openstack.plugins.module_utils import domcaps


def test_x86_kvm_nested(caps):
    c = caps('x86_64-kvm-libvirt9.0-qemu7.2.xml')
    assert (c['arch'], c['virt_type']) == ('x86_64', 'kvm')
    assert c['modes']['host-model'] and c['modes']['host-passthrough']
    assert c['host_model'] == 'kvm64'
    usable = domcaps.usable_models(c)
    assert usable == ['pentium3', 'pentium2', 'pentium', '486']
    assert 'kvm64' not in usable


def test_aarch64_tcg_unknown_counts_as_usable(caps):
    c = caps('aarch64-qemu-virt-libvirt9.0-qemu7.2.xml')
    assert c['virt_type'] == 'qemu' and c['machine'] == 'virt-7.2'
    assert not c['modes']['host-model'] and not c['modes']['host-passthrough']
    assert 'cortex-a57' in domcaps.usable_models(c)
    assert '/usr/share/AAVMF/AAVMF_CODE.fd' in c['loaders']
    assert domcaps.supported_modes(c) == ['custom', 'none']


def test_aarch64_kvm_has_passthrough_not_host_model(caps):
    c = caps('aarch64-kvm-virt-libvirt-qemu10.0-testdata.xml')
    assert domcaps.supported_modes(c) == ['host-passthrough', 'custom', 'none']
    assert 'neoverse-n1' in domcaps.usable_models(c)


def test_ppc64le_tcg(caps):
    c = caps('ppc64le-qemu-pseries-libvirt9.0-qemu7.2.xml')
    assert domcaps.usable_models(c) == ['POWER10', 'POWER9', 'POWER8', 'POWER7']


@pytest.mark.parametrize('text', ['', 'not xml', '<capabilities/>', None])
def test_bad_xml_raises_domcaps_error(text):
    with pytest.raises(domcaps.DomcapsError):
        domcaps.parse(text)


def test_no_cpu_element():
    c = domcaps.parse('<domainCapabilities><arch>s390x</arch></domainCapabilities>')
    assert domcaps.usable_models(c) == [] and domcaps.supported_modes(c) == ['none']
