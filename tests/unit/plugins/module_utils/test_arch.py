# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
from __future__ import annotations

import shutil
import subprocess

import pytest

from ansible_collections.multiarch.openstack.plugins.module_utils import arch


@pytest.mark.parametrize('alias, canonical', [
    ('amd64', 'x86_64'), ('x64', 'x86_64'), ('X86-64', 'x86_64'), ('x86_64', 'x86_64'),
    ('arm64', 'aarch64'), ('armv8', 'aarch64'), ('armv8l', 'aarch64'), ('AArch64', 'aarch64'),
    ('ppc64el', 'ppc64le'), ('powerpc64le', 'ppc64le'), (' ppc64le ', 'ppc64le'),
    ('s390x', 's390x'),
])
def test_canonical(alias, canonical):
    assert arch.canonical_arch(alias) == canonical


@pytest.mark.parametrize('bad', ['', '  ', 'i386', 'mips64el', None, 3, 'ppc64'])
def test_unknown_names_fail_with_list(bad):
    with pytest.raises(arch.UnknownArchitecture) as err:
        arch.canonical_arch(bad)
    assert 'aarch64' in str(err.value) or 'non-empty' in str(err.value)


@pytest.mark.parametrize('name', ['riscv64', 'RV64', ' riscv64gc '])
def test_unsupported_names_are_refused_naming_the_supported(name):
    with pytest.raises(arch.UnsupportedArchitecture) as err:
        arch.canonical_arch(name)
    message = str(err.value)
    assert 'riscv64' in message and 'is not an architecture multiarch.openstack deploys' in message
    assert message.endswith('supported: aarch64, ppc64le, s390x, x86_64')
    # still an UnknownArchitecture for every caller that catches that
    assert isinstance(err.value, arch.UnknownArchitecture)
    for func in (arch.arch_info, arch.deb_arch, arch.rpm_arch, arch.machine_type, arch.nova_defaults):
        with pytest.raises(arch.UnsupportedArchitecture):
            func(name)


def test_unsupported_names_for_the_lab():
    assert arch.canonical_arch('rv64', supported=False) == 'riscv64'
    assert arch.deb_arch('riscv64gc', supported=False) == 'riscv64'
    assert arch.rpm_arch('riscv64', supported=False) == 'riscv64'
    info = arch.arch_info('riscv64', supported=False)
    assert info['qemu_user'] == 'qemu-riscv64' and info['gnu_triplet'] == 'riscv64-linux-gnu'
    assert 'nova' not in info and 'machine_type' not in info
    # a supported name is the same either way; an unknown one is still unknown
    assert arch.canonical_arch('arm64', supported=False) == 'aarch64'
    with pytest.raises(arch.UnknownArchitecture) as err:
        arch.canonical_arch('mips', supported=False)
    assert not isinstance(err.value, arch.UnsupportedArchitecture)


def test_supported_and_unsupported_names_do_not_overlap():
    supported = set()
    for name, info in arch.ARCHITECTURES.items():
        supported.update(a.lower() for a in info['aliases'] + (name, info['deb'], info['rpm']))
    for name, info in arch.UNSUPPORTED_ARCHITECTURES.items():
        assert not supported & set(a.lower() for a in info['aliases'] + (name, info['deb'], info['rpm'])), name
        assert set(info) == {'aliases', 'deb', 'rpm', 'bits', 'byte_order', 'gnu_triplet', 'qemu_user'}, name


def test_byte_order():
    # s390x is the one big-endian architecture (the lab's netlink order library is built for it)
    assert dict((name, arch.arch_info(name)['byte_order']) for name in arch.known_architectures()) == {
        'aarch64': 'little', 'ppc64le': 'little', 's390x': 'big', 'x86_64': 'little'}
    assert arch.arch_info('riscv64', supported=False)['byte_order'] == 'little'


def test_distro_names():
    assert [arch.deb_arch(a) for a in ('x86_64', 'aarch64', 'ppc64le', 's390x')] == ['amd64', 'arm64', 'ppc64el', 's390x']
    assert arch.rpm_arch('arm64') == 'aarch64' and arch.rpm_arch('ppc64el') == 'ppc64le'


def test_machine_types():
    assert [arch.machine_type(a) for a in ('x86_64', 'aarch64', 'ppc64le', 's390x')] == [
        'q35', 'virt', 'pseries', 's390-ccw-virtio']


def test_hypervisor_packages_per_family():
    assert arch.hypervisor_packages('aarch64', 'Debian') == ['qemu-system-arm', 'qemu-efi-aarch64']
    assert arch.hypervisor_packages('aarch64', 'Rocky') == ['qemu-kvm', 'edk2-aarch64']
    assert arch.hypervisor_packages('ppc64le', 'Ubuntu') == ['qemu-system-ppc', 'qemu-system-data']
    with pytest.raises(ValueError):
        arch.hypervisor_packages('x86_64', 'Gentoo')


def test_uefi_paths():
    assert '/usr/share/AAVMF/AAVMF_CODE.fd' in arch.uefi_firmware_paths('arm64', 'Debian')
    assert arch.uefi_firmware_paths('ppc64le') == []
    assert len(set(arch.uefi_firmware_paths('aarch64'))) == len(arch.uefi_firmware_paths('aarch64'))


def test_glance_properties():
    props = arch.glance_properties('arm64', emulated=True, host_arch='amd64')
    assert props == {'architecture': 'x86_64', 'hw_firmware_type': 'uefi', 'hw_machine_type': 'virt',
                     'hw_cdrom_bus': 'scsi', 'hw_scsi_model': 'virtio-scsi',
                     'hw_emulation_architecture': 'aarch64'}
    assert arch.glance_properties('ppc64el') == {'architecture': 'ppc64le', 'hw_machine_type': 'pseries'}
    with pytest.raises(ValueError, match='emulate'):
        arch.glance_properties('ppc64le', emulated=True)


def test_tables_are_not_mutated_through_copies():
    info = arch.arch_info('aarch64')
    info['glance']['architecture'] = 'x'
    assert 'architecture' not in arch.ARCHITECTURES['aarch64']['glance']


def test_timeout_factor():
    assert arch.timeout_factor('x86_64') == 1.0
    assert arch.timeout_factor('aarch64', emulated=True) > 1.0


@pytest.mark.parametrize('name, package, pattern, console, bus', [
    ('amd64', 'linux-image-cloud-amd64', 'vmlinuz-*', 'ttyS0', 'virtio_pci'),
    ('arm64', 'linux-image-cloud-arm64', 'vmlinuz-*', 'ttyAMA0', 'virtio_pci'),
    ('ppc64el', 'linux-image-powerpc64le', 'vmlinux-*', 'hvc0', 'virtio_pci'),
    ('s390x', 'linux-image-s390x', 'vmlinuz-*', 'ttysclp0', 'virtio_ccw'),
])
def test_guest_kernel(name, package, pattern, console, bus):
    assert arch.guest_kernel(name) == {'package': package, 'file': pattern, 'console': console,
                                       'net_modules': [bus, 'virtio_net']}


def test_guest_kernel_unknown_family():
    with pytest.raises(ValueError, match='RedHat'):
        arch.guest_kernel('x86_64', 'RedHat')


@pytest.mark.skipif(shutil.which('dpkg-architecture') is None, reason='needs dpkg-dev')
@pytest.mark.parametrize('name', sorted(arch.ARCHITECTURES))
def test_gnu_triplet_is_debians_multiarch_tuple(name):
    # dpkg's own table, not ours restated
    deb = arch.ARCHITECTURES[name]['deb']
    tuple_ = subprocess.run(['dpkg-architecture', '-a', deb, '-qDEB_HOST_MULTIARCH'], capture_output=True, text=True,
                            check=True).stdout.strip()
    assert arch.ARCHITECTURES[name]['gnu_triplet'] == tuple_


@pytest.mark.parametrize('name, console', [('amd64', 'novnc'), ('arm64', 'serial'), ('ppc64el', 'novnc'), ('s390x', 'serial')])
def test_remote_console(name, console):
    # aarch64's virt and s390x's s390-ccw-virtio machines have no usable VGA-class device: their guests get
    # nova's serial console; x86_64 (q35) and ppc64le (pseries, which has a VGA) get noVNC
    assert arch.arch_info(name)['remote_console'] == console
    assert set(info['remote_console'] for info in arch.ARCHITECTURES.values()) == {'novnc', 'serial'}
