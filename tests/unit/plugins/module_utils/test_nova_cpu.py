# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""nova [libvirt] decisions checked against real libvirt domain capabilities."""

from __future__ import annotations

import pytest

from ansible_collections.multiarch.openstack.plugins.module_utils.nova_cpu import decide, NovaCpuError

X86_KVM = 'x86_64-kvm-libvirt9.0-qemu7.2.xml'
X86_TCG = 'x86_64-qemu-libvirt9.0-qemu7.2.xml'
ARM_TCG = 'aarch64-qemu-virt-libvirt9.0-qemu7.2.xml'
ARM_KVM = 'aarch64-kvm-virt-libvirt-qemu10.0-testdata.xml'
PPC_TCG = 'ppc64le-qemu-pseries-libvirt9.0-qemu7.2.xml'


def test_x86_kvm_defaults_to_host_model(caps):
    out = decide('x86_64', 'x86_64', True, caps(X86_KVM), host='c1')
    assert out['nova_libvirt'] == {
        'virt_type': 'kvm', 'cpu_mode': 'host-model', 'cpu_models': [], 'cpu_model_extra_flags': [],
        'hw_machine_type': 'x86_64=q35'}
    assert set(out['reason']) >= {'virt_type', 'cpu_mode', 'cpu_models', 'hw_machine_type'}


def test_aarch64_kvm_defaults_to_passthrough_with_pcie_ports(caps):
    out = decide('aarch64', 'aarch64', True, caps(ARM_KVM), host='a1')
    nova = out['nova_libvirt']
    assert (nova['virt_type'], nova['cpu_mode'], nova['hw_machine_type']) == ('kvm', 'host-passthrough', 'aarch64=virt')
    assert nova['num_pcie_ports'] == 16


def test_aarch64_host_model_is_refused(caps):
    with pytest.raises(NovaCpuError) as err:
        decide('aarch64', 'aarch64', True, caps(ARM_KVM), host='a1', mode='host-model')
    assert 'a1' in str(err.value) and 'host-passthrough' in str(err.value)


def test_aarch64_without_kvm_uses_tcg_model(caps):
    out = decide('aarch64', 'aarch64', False, caps(ARM_TCG), host='a1')
    nova = out['nova_libvirt']
    assert (nova['virt_type'], nova['cpu_mode'], nova['cpu_models']) == ('qemu', 'custom', ['cortex-a57'])


def test_aarch64_emulated_on_x86(caps):
    out = decide('aarch64', 'x86_64', True, caps(ARM_TCG), host='x1')
    assert out['nova_libvirt']['virt_type'] == 'qemu'
    assert 'emulation' in out['reason']['virt_type']


def test_ppc64le_tcg_picks_power9(caps):
    out = decide('ppc64le', 'ppc64le', False, caps(PPC_TCG))
    assert out['nova_libvirt']['cpu_models'] == ['POWER9']
    assert out['nova_libvirt']['hw_machine_type'] == 'ppc64le=pseries'


def test_unusable_model_names_host_model_and_usable_ones(caps):
    with pytest.raises(NovaCpuError) as err:
        decide('x86_64', 'x86_64', True, caps(X86_KVM), host='c1', mode='custom', models=['Haswell'])
    msg = str(err.value)
    assert 'c1' in msg and 'Haswell' in msg and 'pentium3' in msg


def test_unknown_model_on_aarch64_refused(caps):
    with pytest.raises(NovaCpuError) as err:
        decide('aarch64', 'aarch64', False, caps(ARM_TCG), models=['neoverse-v2'])
    assert 'neoverse-v2' in str(err.value)


def test_requested_model_and_flags(caps):
    out = decide('x86_64', 'x86_64', False, caps(X86_TCG), models=['Nehalem'], extra_flags=['PCID', '-mpx'])
    nova = out['nova_libvirt']
    assert (nova['cpu_mode'], nova['cpu_models'], nova['cpu_model_extra_flags']) == ('custom', ['Nehalem'], ['pcid', '-mpx'])


def test_heterogeneous_group_gets_common_model(caps):
    other = {'name': 'c2', 'cpu': {'vendor': 'GenuineIntel', 'model': 'Xeon'},
             'libvirt': {'usable_models': ['Nehalem', 'Penryn', 'qemu64']}}
    out = decide('x86_64', 'x86_64', False, caps(X86_TCG), host='c1',
                 cpu={'vendor': 'AuthenticAMD', 'model': 'EPYC'}, virt_type='qemu', mode='custom',
                 baseline_hosts=[other])
    assert out['nova_libvirt']['cpu_models'] == ['qemu64']


def test_heterogeneous_kvm_group_switches_to_custom(caps):
    other = {'name': 'c2', 'cpu': {'vendor': 'GenuineIntel', 'model': 'other'},
             'libvirt': {'usable_models': ['pentium3', 'pentium2']}}
    out = decide('x86_64', 'x86_64', True, caps(X86_KVM), host='c1', cpu={'vendor': 'AMD', 'model': 'x'},
                 baseline_hosts=[other])
    assert out['nova_libvirt']['cpu_mode'] == 'custom'
    assert out['nova_libvirt']['cpu_models'] in (['pentium3'], ['pentium2'])
    assert 'migration' in out['reason']['cpu_mode']


def test_identical_group_keeps_host_model(caps):
    cpu = {'vendor': 'AMD', 'model': 'x'}
    out = decide('x86_64', 'x86_64', True, caps(X86_KVM), cpu=cpu,
                 baseline_hosts=[{'name': 'c2', 'cpu': cpu, 'libvirt': {'usable_models': []}}])
    assert out['nova_libvirt']['cpu_mode'] == 'host-model'


def test_model_unusable_on_group_member(caps):
    other = {'name': 'c2', 'libvirt': {'usable_models': ['qemu64']}}
    with pytest.raises(NovaCpuError) as err:
        decide('x86_64', 'x86_64', False, caps(X86_TCG), host='c1', models=['Nehalem'], baseline_hosts=[other])
    assert 'c2' in str(err.value) and 'Nehalem' in str(err.value)


@pytest.mark.parametrize('kwargs, needle', [
    ({'mode': 'fast'}, 'mode'),
    ({'virt_type': 'xen'}, 'virt_type'),
    ({'extra_flags': ['bad flag!']}, 'extra_flags'),
    ({'mode': 'none', 'extra_flags': ['pcid']}, 'extra_flags'),
    ({'mode': 'host-model', 'models': ['Nehalem']}, 'models'),
    ({'virt_type': 'kvm'}, '/dev/kvm'),
])
def test_bad_options(caps, kwargs, needle):
    with pytest.raises(NovaCpuError) as err:
        decide('x86_64', 'x86_64', False, caps(X86_TCG), host='h9', **kwargs)
    assert needle in str(err.value) and 'h9' in str(err.value)


def test_kvm_for_foreign_arch_refused(caps):
    with pytest.raises(NovaCpuError, match='cannot run aarch64 guests'):
        decide('aarch64', 'x86_64', True, caps(ARM_TCG), virt_type='kvm')


def test_validate_needs_libvirt():
    with pytest.raises(NovaCpuError, match='libvirtd'):
        decide('x86_64', 'x86_64', True, None)
    out = decide('aarch64', 'aarch64', False, None, validate=False)
    assert out['nova_libvirt']['cpu_models'] == ['cortex-a57']
    # no claim of a check that was not made
    assert 'usable' not in out['reason']['cpu_models'] and 'not checked against libvirt' in out['reason']['cpu_models']


def test_reason_names_the_hosts_whose_models_were_not_known(caps):
    # a peer read without libvirt (a host not deployed yet, as site --limit reads it): its models are unknown
    peers = [{'name': 'a2', 'cpu': {'vendor': 'ARM', 'model': 'Neoverse-N1'}, 'libvirt': {'usable_models': ['cortex-a57', 'max']}},
             {'name': 'a3', 'cpu': {'vendor': 'ARM', 'model': 'Neoverse-N1'}, 'libvirt': {'present': False}}]
    out = decide('aarch64', 'aarch64', False, caps(ARM_TCG), host='a1', mode='custom', baseline_hosts=peers)
    assert out['reason']['cpu_models'] == ('cortex-a57: first of the preferred aarch64 models usable on this host and on a2; '
                                           'not checked on a3 (no libvirt models in its facts)')
    out = decide('aarch64', 'aarch64', False, caps(ARM_TCG), host='a1', mode='custom', baseline_hosts=peers[:1])
    assert out['reason']['cpu_models'] == 'cortex-a57: first of the preferred aarch64 models usable on every host of the group'


def test_pvm_only_kvm_means_tcg_by_default(caps):
    # PVM (kvm_pvm alone) opens /dev/kvm but hangs ordinary guest kernels: auto must not choose kvm
    out = decide('x86_64', 'x86_64', True, caps(X86_TCG), host='c1', kvm_pvm_only=True)
    assert out['nova_libvirt']['virt_type'] == 'qemu'
    assert 'PVM' in out['reason']['virt_type']


def test_pvm_only_kvm_on_request(caps):
    out = decide('x86_64', 'x86_64', True, caps(X86_KVM), host='c1', virt_type='kvm', kvm_pvm_only=True)
    assert out['nova_libvirt']['virt_type'] == 'kvm'
    assert 'PVM' in out['reason']['virt_type']
