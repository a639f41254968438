# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Each compute host of the mixed cloud: nova.conf [libvirt] as libvirt_cpu decided it for that host's architecture."""

from __future__ import annotations

import configparser
import os

import yaml

SCENARIO = os.environ.get('MOLECULE_SCENARIO_DIRECTORY', os.path.dirname(os.path.dirname(__file__)))
with open(os.path.join(SCENARIO, 'molecule.yml')) as handle:
    CONFIG = yaml.safe_load(handle)
PLATFORMS = dict((p['name'], p) for p in CONFIG['platforms'])
COMPUTES = [name for name, p in PLATFORMS.items() if 'computes' in p.get('groups', [])]
CONTROLLER = [name for name, p in PLATFORMS.items() if 'controllers' in p.get('groups', [])][0]

# What nova's [libvirt] must say on each lab host. The x86_64 host has the machine's /dev/kvm: KVM
# with host-model, unless that KVM is PVM only (kvm_pvm without a hardware KVM module: it hangs
# ordinary guest kernels), then TCG with nova's x86_64 default (no CPU model). The aarch64 and
# ppc64le hosts run under qemu-user without KVM: TCG with a model TCG implements.
HARDWARE_KVM = any(os.path.isdir('/sys/module/' + m) for m in ('kvm_intel', 'kvm_amd'))
PVM_ONLY = os.path.isdir('/sys/module/kvm_pvm') and not HARDWARE_KVM
EXPECTED_LIBVIRT = {
    'x86_64': ({'virt_type': 'qemu', 'cpu_mode': 'none', 'hw_machine_type': 'x86_64=q35'} if PVM_ONLY or not
               os.path.exists('/dev/kvm') else
               {'virt_type': 'kvm', 'cpu_mode': 'host-model', 'hw_machine_type': 'x86_64=q35'}),
    'aarch64': {'virt_type': 'qemu', 'cpu_mode': 'custom', 'cpu_models': 'cortex-a57',
                'hw_machine_type': 'aarch64=virt', 'num_pcie_ports': '16'},
    'ppc64le': {'virt_type': 'qemu', 'cpu_mode': 'custom', 'cpu_models': 'POWER9',
                'hw_machine_type': 'ppc64le=pseries'},
}


testinfra_hosts = ['ansible://' + name for name in COMPUTES]


def test_nova_libvirt_section(host):
    name = host.ansible.get_variables()['inventory_hostname']
    # as oslo.config reads Debian's nova-compute: nova.conf, then nova-compute.conf over it
    conf = configparser.ConfigParser(interpolation=None, strict=False)
    for path in ('/etc/nova/nova.conf', '/etc/nova/nova-compute.conf'):
        conf.read_string(host.file(path).content_string)
    arch = PLATFORMS[name]['arch']
    assert host.system_info.arch == arch
    libvirt = dict(conf['libvirt'])
    for key, value in EXPECTED_LIBVIRT[arch].items():
        assert libvirt.get(key) == value, (name, key, libvirt)
    if arch != 'aarch64':
        assert 'num_pcie_ports' not in libvirt


def test_nova_compute_and_libvirtd_run(host):
    assert host.process.filter(user='nova', comm='nova-compute') or any(
        'nova-compute' in p.args for p in host.process.filter(user='nova'))
    assert host.process.filter(comm='libvirtd')
