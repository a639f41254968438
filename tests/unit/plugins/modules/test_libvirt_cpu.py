# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Option handling of libvirt_cpu; its libvirt checks run against a real libvirtd in integration tests."""

from __future__ import annotations

import platform

import pytest

from ansible_collections.multiarch.openstack.plugins.modules import libvirt_cpu

pytestmark = pytest.mark.skipif(platform.machine() != 'x86_64', reason='expectations written for an x86_64 test host')


def test_emulated_aarch64_without_libvirt(run_module):
    out = run_module(libvirt_cpu, {'architecture': 'arm64', 'validate': False})
    assert not out.failed and out.data['changed'] is False
    assert out.data['architecture'] == 'aarch64'
    assert out.data['nova_libvirt'] == {'virt_type': 'qemu', 'cpu_mode': 'custom', 'cpu_models': ['cortex-a57'],
                                        'cpu_model_extra_flags': [], 'hw_machine_type': 'aarch64=virt',
                                        'num_pcie_ports': 16}


@pytest.mark.parametrize('args, needle', [
    ({'mode': 'fastest'}, 'mode'),
    ({'virt_type': 'xen'}, 'virt_type'),
    ({'architecture': 'mips', 'validate': False}, "unknown architecture 'mips'"),
    ({'architecture': 'aarch64', 'virt_type': 'kvm', 'validate': False}, 'cannot run aarch64 guests'),
    ({'mode': 'host-model', 'models': ['Nehalem'], 'validate': False}, 'models are only used with mode custom'),
    ({'mode': 'none', 'extra_flags': ['pcid'], 'validate': False}, 'extra_flags need a CPU mode'),
    ({'extra_flags': ['no spaces'], 'validate': False}, 'not CPU flag names'),
    ({'baseline_hosts': ['not-a-dict'], 'validate': False}, 'baseline_hosts'),
    ({'validate': 'perhaps'}, 'validate'),
    ({'libvirt_uri': 'test:///nowhere/at/all', 'architecture': 'aarch64'}, 'libvirt at test:///nowhere/at/all'),
])
def test_bad_input(run_module, args, needle):
    out = run_module(libvirt_cpu, args)
    assert out.failed
    assert needle in out.data['msg']
