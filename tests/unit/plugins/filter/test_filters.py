# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
from __future__ import annotations

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.multiarch.openstack.plugins.filter.arch import FilterModule as ArchFilters
from ansible_collections.multiarch.openstack.plugins.filter.address_plan import address_plan

F = ArchFilters().filters()


@pytest.mark.parametrize('name, value, expected', [
    ('canonical_arch', 'amd64', 'x86_64'), ('canonical_arch', 'ARM64', 'aarch64'),
    ('canonical_arch', 'ppc64el', 'ppc64le'), ('deb_arch', 'aarch64', 'arm64'),
    ('deb_arch', 'ppc64le', 'ppc64el'), ('deb_arch', 'x86-64', 'amd64'), ('rpm_arch', 'arm64', 'aarch64'),
    ('rpm_arch', 'amd64', 'x86_64'), ('rpm_arch', 's390x', 's390x'),
])
def test_arch_filters(name, value, expected):
    assert F[name](value) == expected


@pytest.mark.parametrize('name', ['canonical_arch', 'deb_arch', 'rpm_arch'])
def test_arch_filters_reject_unknown(name):
    with pytest.raises(AnsibleFilterError, match=name):
        F[name]('m68k')


def test_wheel_mirror_url():
    url = F['wheel_mirror_url']('https://mirror.example.org/', 'Ubuntu', '22.04', 'arm64')
    assert url == 'https://mirror.example.org/wheel/ubuntu-22.04-aarch64'


@pytest.mark.parametrize('args', [
    ('mirror.example.org', 'ubuntu', '22.04', 'x86_64'),
    ('https://m', 'ubuntu linux', '22.04', 'x86_64'),
    ('https://m', 'ubuntu', '', 'x86_64'),
    ('https://m', 'ubuntu', '22.04', 'sparc'),
])
def test_wheel_mirror_url_rejects(args):
    with pytest.raises(AnsibleFilterError, match='wheel_mirror_url'):
        F['wheel_mirror_url'](*args)


def test_address_plan_v4():
    plan = address_plan('192.0.2.0/24', floating=128)
    assert plan['gateway'] == '192.0.2.1'
    assert plan['reserved'] == {'start': '192.0.2.2', 'end': '192.0.2.9', 'size': 8}
    assert plan['fixed'] == {'start': '192.0.2.10', 'end': '192.0.2.126', 'size': 117}
    assert plan['floating'] == {'start': '192.0.2.127', 'end': '192.0.2.254', 'size': 128}
    assert plan['netmask'] == '255.255.255.0'


def test_address_plan_default_split_and_v6():
    plan = address_plan('10.0.0.0/28', reserved=0)
    assert plan['reserved'] is None
    assert plan['fixed']['size'] + plan['floating']['size'] == 13
    v6 = address_plan('2001:db8::/120')
    assert v6['gateway'] == '2001:db8::1' and v6['floating']['end'] == '2001:db8::ff'


@pytest.mark.parametrize('args, needle', [
    (('192.0.2.5/24',), 'host bits set; did you mean 192.0.2.0/24'),
    (('not-an-ip',), 'not a CIDR'),
    (('192.0.2.0',), 'no prefix length'),
    (('192.0.2.0/30',), 'too few'),
    (('192.0.2.0/24', 300), 'leaves no fixed'),
    (('192.0.2.0/24', 0), 'floating must be an integer >= 1'),
    (('192.0.2.0/24', None, -1), 'reserved must be'),
    (('192.0.2.0/24', 'many'), "floating must be an integer >= 1, got str 'many'"),
])
def test_address_plan_rejects(args, needle):
    with pytest.raises(AnsibleFilterError, match=needle.replace('.', r'\.')):
        address_plan(*args)


def test_arch_info_is_plain_data():
    info = F['arch_info']('arm64')
    assert info['name'] == 'aarch64' and info['qemu_user'] == 'qemu-aarch64'
    assert isinstance(info['aliases'], list) and isinstance(info['nova']['tcg_models'], list)
    with pytest.raises(AnsibleFilterError, match='arch_info'):
        F['arch_info']('z80')
    assert info['supported'] is True


def test_arch_info_of_an_architecture_the_collection_does_not_deploy():
    info = F['arch_info']('rv64', supported=False)
    assert info == {'name': 'riscv64', 'supported': False, 'aliases': ['riscv64', 'rv64', 'riscv64gc'], 'deb': 'riscv64',
                    'rpm': 'riscv64', 'bits': 64, 'byte_order': 'little', 'gnu_triplet': 'riscv64-linux-gnu',
                    'qemu_user': 'qemu-riscv64'}
    assert F['canonical_arch']('riscv64gc', supported=False) == 'riscv64'
    assert F['deb_arch']('arm64', supported=False) == 'arm64'


def test_path_parents():
    from ansible_collections.multiarch.openstack.plugins.filter.path import path_parents
    assert path_parents('/var/lib/lab') == ['/', '/var', '/var/lib']
    assert path_parents('/var/lib/lab/') == ['/', '/var', '/var/lib']
    assert path_parents('/x') == ['/']
    with pytest.raises(AnsibleFilterError, match='absolute'):
        path_parents('relative/dir')


@pytest.mark.parametrize('arch, family, expected', [
    ('amd64', 'Debian', ['qemu-system-x86']),
    ('arm64', 'Debian', ['qemu-system-arm', 'qemu-efi-aarch64']),
    ('ppc64el', 'Debian', ['qemu-system-ppc', 'qemu-system-data']),
    ('aarch64', 'Rocky', ['qemu-kvm', 'edk2-aarch64']),
])
def test_hypervisor_packages(arch, family, expected):
    assert F['hypervisor_packages'](arch, family) == expected


@pytest.mark.parametrize('arch, family, needle', [('vax', 'Debian', 'unknown architecture'), ('x86_64', 'Gentoo', 'Gentoo')])
def test_hypervisor_packages_rejects(arch, family, needle):
    with pytest.raises(AnsibleFilterError, match=needle):
        F['hypervisor_packages'](arch, family)
