# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""What each lab host must be after converge, checked over SSH through Ansible (testinfra)."""

from __future__ import annotations

import configparser
import json
import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared'))
import expected_libvirt  # noqa: E402  pylint: disable=wrong-import-position
from scenario import Scenario  # noqa: E402  pylint: disable=wrong-import-position

# not the host of an architecture the collection does not deploy (test_refused_architecture.py)
PLATFORMS = dict((name, p) for name, p in Scenario(__file__).platforms.items() if 'refused' not in p.get('groups', []))

testinfra_hosts = ['ansible://' + name for name in sorted(PLATFORMS)]

# What lscpu prints for the dumps the lab binds over /proc/cpuinfo (tests/unit/fixtures/*/*.lscpu)
DUMPS = {
    'kunpeng920': ('HiSilicon', 'Kunpeng-920'),
    'power9-pseries': ('IBM', 'POWER9 (architected), altivec supported'),
    'z196-kvm': ('IBM/S390', '-'),
}


def _platform(host):
    return PLATFORMS[host.backend.get_hostname()]


def _lscpu(host):
    fields = {}
    for line in host.check_output('lscpu').splitlines():
        key, sep, value = line.partition(':')
        if sep and key.strip() not in fields:
            fields[key.strip()] = value.strip()
    return fields


@pytest.fixture
def facts(host):
    return host.ansible('multiarch.openstack.arch_facts', 'gather_libvirt=false', check=True)['ansible_facts']['multiarch']


def test_real_architecture(host, facts):
    expected = _platform(host)['arch']
    assert host.check_output('uname -m') == expected
    assert host.ansible.get_variables()['inventory_hostname'] == host.backend.get_hostname()
    assert facts['architecture'] == expected
    assert host.check_output('dpkg --print-architecture') == facts['deb_architecture']


def test_cpu_is_the_bound_dump(host, facts):
    platform = _platform(host)
    lscpu = _lscpu(host)  # the host's own util-linux, of its own architecture
    assert facts['cpu']['model'] == lscpu['Model name']
    assert facts['cpu']['vendor'] == lscpu.get('Vendor ID', 'IBM')
    if 'cpuinfo' in platform:
        assert (facts['cpu']['vendor'], facts['cpu']['model']) == DUMPS[platform['cpuinfo']]
    if platform['arch'] == 'aarch64':
        assert (facts['cpu']['implementer'], facts['cpu']['part']) == ('0x48', '0xd01')
    if platform['arch'] == 'ppc64le':
        assert facts['cpu']['generation'] == 'POWER9' and facts['cpu']['platform'] == 'pSeries'
    if platform['arch'] == 's390x':
        assert facts['cpu']['machine_type'] == '2817'


def _kvm_modules(host):
    return [m for m in expected_libvirt.KVM_MODULES if host.file('/sys/module/' + m).is_directory]


def test_kvm_only_for_native_hosts(host, facts):
    if _platform(host)['arch'] != 'x86_64':
        assert not facts['kvm']['present']
        assert not host.file('/dev/kvm').exists
    else:
        assert facts['kvm']['pvm_only'] == expected_libvirt.pvm_only(_kvm_modules(host))


def _nova_libvirt(host):
    parser = configparser.ConfigParser()
    parser.read_string(host.file('/etc/nova/nova.conf.d/50-libvirt-cpu.conf').content_string)
    return dict(parser['libvirt'])


def test_nova_cpu_settings_for_the_arch(host):
    arch = _platform(host)['arch']
    nova = _nova_libvirt(host)
    expected = expected_libvirt.nova_libvirt(arch, host.file('/dev/kvm').exists, _kvm_modules(host))
    for key, value in expected.items():
        assert nova.get(key) == value, (key, nova)


def test_image_chosen_for_the_arch(host):
    arch = _platform(host)['arch']
    chosen = json.loads(host.file('/etc/nova/chosen-image.json').content_string)
    assert chosen['architecture'] == arch and not chosen['emulated']
    assert chosen['properties']['architecture'] == arch
    if arch == 'aarch64':
        assert chosen['properties']['hw_firmware_type'] == 'uefi'
        assert chosen['properties']['hw_machine_type'] == 'virt'
    if arch == 'ppc64le':
        assert chosen['properties']['hw_machine_type'] == 'pseries'
    if arch == 's390x':
        assert chosen['properties']['hw_machine_type'] == 's390-ccw-virtio'


def test_the_hosts_own_ip_manages_links(host):
    """What neutron's agent does on every compute host (a bridge, a port of it, an MTU), with the host's own iproute2:
    on the big-endian host through the lab's netlink order library (docs/lab.md), without which qemu-user's kernel
    requests fail there ("Operation not supported")."""
    if _platform(host)['arch'] != 'x86_64':
        assert host.file('/etc/ld.so.preload').exists == (_platform(host)['arch'] == 's390x')
    try:
        host.check_output('ip link add mlt-br type bridge && ip link add mlt-a type veth peer name mlt-b'
                          ' && ip link set mlt-a master mlt-br && ip link set mlt-br mtu 1400')
        links = dict((link['ifname'], link) for link in json.loads(host.check_output('ip -j link show 2>/dev/null')))
        assert links['mlt-br']['mtu'] == 1400
        assert links['mlt-a']['master'] == 'mlt-br' and 'master' not in links['mlt-b']
    finally:
        host.run('ip link del mlt-a; ip link del mlt-br')
    assert 'mlt-br' not in host.check_output('ip -o link show')
