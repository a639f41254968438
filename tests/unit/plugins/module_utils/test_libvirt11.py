# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""The architecture table and nova's [libvirt] choices, re-checked against Debian 13's libvirt 11.3 and QEMU 10.0.

The domain capabilities were captured by hacking/capture-libvirt-caps.sh (see fixtures/SOURCES.md).
"""

from __future__ import annotations

import pytest

from ansible_collections.multiarch.openstack.plugins.module_utils import arch as archmod
from ansible_collections.multiarch.openstack.plugins.module_utils import domcaps
from ansible_collections.multiarch.openstack.plugins.module_utils.nova_cpu import decide, NovaCpuError

TCG = {
    'x86_64': 'x86_64-qemu-q35-libvirt11.3-qemu10.0.xml',
    'aarch64': 'aarch64-qemu-virt-libvirt11.3-qemu10.0.xml',
    'ppc64le': 'ppc64le-qemu-pseries-libvirt11.3-qemu10.0.xml',
    's390x': 's390x-qemu-s390-ccw-virtio-libvirt11.3-qemu10.0.xml',
}
X86_KVM = 'x86_64-kvm-q35-libvirt11.3-qemu10.0.xml'


@pytest.mark.parametrize('arch, machine', [
    ('x86_64', 'pc-q35-10.0'), ('aarch64', 'virt-10.0'), ('ppc64le', 'pseries-10.0'), ('s390x', 's390-ccw-virtio-10.0'),
])
def test_the_tables_machine_type_is_a_machine_of_qemu_10(caps, arch, machine):
    c = caps(TCG[arch])
    assert (c['arch'], c['virt_type'], c['machine']) == (arch, 'qemu', machine)
    # libvirt resolved the table's (unversioned) machine type, which nova's hw_machine_type names, to QEMU 10.0's
    assert archmod.machine_type(arch) in machine


@pytest.mark.parametrize('arch', sorted(TCG))
def test_every_model_the_table_names_is_one_qemu_10_knows(caps, arch):
    names = [m['name'] for m in caps(TCG[arch])['models']]
    nova = archmod.nova_defaults(arch)
    unknown = [m for m in nova['tcg_models'] + nova['kvm_models'] if m not in names]
    assert unknown == []


@pytest.mark.parametrize('arch', sorted(TCG))
def test_the_preferred_tcg_model_is_usable_under_tcg(caps, arch):
    c = caps(TCG[arch])
    assert archmod.nova_defaults(arch)['tcg_models'][0] in domcaps.usable_models(c)
    # and TCG offers neither host mode
    assert not c['modes']['host-passthrough']


def test_x86_64_custom_under_tcg_takes_qemu64(caps):
    c = caps(TCG['x86_64'])
    out = decide('x86_64', 'x86_64', False, c, host='c1', mode='custom')
    assert out['nova_libvirt']['cpu_models'] == ['qemu64']


@pytest.mark.parametrize('arch, host_arch, expected', [
    ('x86_64', 'x86_64', {'cpu_mode': 'none', 'cpu_models': [], 'hw_machine_type': 'x86_64=q35'}),
    ('aarch64', 'aarch64', {'cpu_mode': 'custom', 'cpu_models': ['cortex-a57'], 'hw_machine_type': 'aarch64=virt',
                            'num_pcie_ports': 16}),
    ('aarch64', 'x86_64', {'cpu_mode': 'custom', 'cpu_models': ['cortex-a57'], 'hw_machine_type': 'aarch64=virt',
                           'num_pcie_ports': 16}),
    ('ppc64le', 'ppc64le', {'cpu_mode': 'custom', 'cpu_models': ['POWER9'], 'hw_machine_type': 'ppc64le=pseries'}),
    ('s390x', 's390x', {'cpu_mode': 'none', 'cpu_models': [], 'hw_machine_type': 's390x=s390-ccw-virtio'}),
])
def test_tcg_decisions(caps, arch, host_arch, expected):
    nova = decide(arch, host_arch, False, caps(TCG[arch]), host='h1')['nova_libvirt']
    assert nova['virt_type'] == 'qemu'
    assert dict((k, nova.get(k)) for k in expected) == expected


def test_x86_64_kvm_host_model_names_this_machines_cpu(caps):
    c = caps(X86_KVM)
    assert c['virt_type'] == 'kvm' and c['host_model'] == 'EPYC-Genoa'
    out = decide('x86_64', 'x86_64', True, c, host='c1')
    assert (out['nova_libvirt']['virt_type'], out['nova_libvirt']['cpu_mode']) == ('kvm', 'host-model')
    # the nested KVM of this machine offers only the oldest custom models; a newer one is refused by name
    with pytest.raises(NovaCpuError) as err:
        decide('x86_64', 'x86_64', True, c, host='c1', mode='custom', models=['EPYC-Milan'])
    assert 'c1' in str(err.value) and 'EPYC-Milan' in str(err.value) and 'pentium3' in str(err.value)


@pytest.mark.parametrize('mode', ['host-model', 'host-passthrough'])
def test_s390x_tcg_refuses_host_modes(caps, mode):
    with pytest.raises(NovaCpuError) as err:
        decide('s390x', 's390x', False, caps(TCG['s390x']), host='z1', mode=mode)
    assert 'z1' in str(err.value) and mode in str(err.value) and 'custom, none' in str(err.value)


def test_s390x_tcg_custom_takes_the_qemu_model(caps):
    nova = decide('s390x', 's390x', False, caps(TCG['s390x']), host='z1', mode='custom')['nova_libvirt']
    assert (nova['cpu_mode'], nova['cpu_models']) == ('custom', ['qemu'])


def test_x86_64_uefi_firmware_the_table_prefers_is_one_libvirt_11_finds(caps):
    # Debian 13's ovmf: OVMF_CODE_4M.fd first, as the table has it; (aarch64's AAVMF_CODE.fd is there a symlink
    # to AAVMF_CODE.no-secboot.fd, which libvirt lists instead: the host module checks that the file exists)
    assert archmod.uefi_firmware_paths('x86_64', 'Debian')[0] in caps(TCG['x86_64'])['loaders']
