# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""The one place that knows about CPU architectures.

Every module, filter and role of multiarch.openstack reads architecture facts
from here: canonical names and their aliases, distribution arch names, QEMU
emulators, libvirt machine types, UEFI firmware, nova's per-arch CPU defaults,
Glance image properties and per-arch timeout factors. Nothing else restates them.
"""

from __future__ import annotations

import copy

# Canonical name -> everything we know about that architecture.
# Keys of each entry:
#   aliases            other spellings accepted as input (lower case)
#   deb / rpm          the architecture name of Debian-like / RPM-like distributions
#   gnu_triplet        the GNU system type (Debian's multiarch tuple; its cross compiler is gcc-<triplet>)
#   byte_order         'little' or 'big': the order of its programs' numbers (qemu-user converts some of a
#                      big-endian program's kernel messages, not all: the lab makes up for the rest)
#   qemu_binary        QEMU system emulator able to run guests of this arch
#   qemu_user          binfmt_misc entry of qemu-user-static running this arch's programs
#   qemu_package       package providing qemu_binary, per distro family
#   machine_type       libvirt's default machine type for guests of this arch
#   uefi               whether guests need UEFI firmware (no legacy BIOS exists)
#   uefi_packages      firmware packages per distro family
#   uefi_firmware      firmware code files per distro family (first one found is used)
#   firmware_packages  other guest firmware needed (e.g. SLOF on POWER)
#   nova               nova [libvirt] defaults: cpu_mode per virt_type, the
#                      preferred custom models under TCG and under KVM (newest
#                      first: the first one usable on every host of a group is
#                      its migration-safe model), and num_pcie_ports (None:
#                      leave to nova)
#   glance             image properties a guest of this arch needs
#   guest              the small test guest built from distribution packages: its serial
#                      console device, per distro family the kernel package, the
#                      kernel file's name pattern under /boot, and the kernel modules
#                      (with what they depend on) that give the guest its virtio NIC
#   timeout_factor     multiplier applied to RPC/build timeouts of hosts of this arch
#                      when it is emulated (native hardware uses 1.0)
#   remote_console     the console nova offers a guest of this arch: 'novnc' (a graphics
#                      device behind nova's noVNC proxy) or 'serial' (its serial port behind
#                      nova's serial console proxy, where no VGA-class device is usable)
ARCHITECTURES = {
    'x86_64': {
        'aliases': ('amd64', 'x64', 'x86-64', 'x86_64', 'em64t', 'intel64'),
        'deb': 'amd64',
        'rpm': 'x86_64',
        'bits': 64,
        'byte_order': 'little',
        'gnu_triplet': 'x86_64-linux-gnu',
        'qemu_binary': 'qemu-system-x86_64',
        'qemu_user': 'qemu-x86_64',
        'qemu_package': {'Debian': 'qemu-system-x86', 'RedHat': 'qemu-kvm', 'openEuler': 'qemu'},
        'machine_type': 'q35',
        'uefi': False,
        'uefi_packages': {'Debian': 'ovmf', 'RedHat': 'edk2-ovmf', 'openEuler': 'edk2-ovmf'},
        'uefi_firmware': {
            'Debian': ('/usr/share/OVMF/OVMF_CODE_4M.fd', '/usr/share/OVMF/OVMF_CODE.fd'),
            'RedHat': ('/usr/share/edk2/ovmf/OVMF_CODE.fd', '/usr/share/OVMF/OVMF_CODE.fd'),
            'openEuler': ('/usr/share/edk2/ovmf/OVMF_CODE.fd',),
        },
        'firmware_packages': {'Debian': (), 'RedHat': (), 'openEuler': ()},
        'nova': {
            'cpu_mode': {'kvm': 'host-model', 'qemu': 'none'},
            # not 'max': libvirt's x86 CPU map has no such custom model (QEMU's max is cpu_mode maximum)
            'tcg_models': ('qemu64',),
            'kvm_models': ('EPYC-Milan', 'EPYC-Rome', 'EPYC', 'Icelake-Server', 'Cascadelake-Server',
                           'Skylake-Server', 'Skylake-Client', 'Broadwell', 'Haswell', 'IvyBridge',
                           'SandyBridge', 'Westmere', 'Nehalem', 'Opteron_G5', 'Opteron_G4',
                           'Opteron_G3', 'Penryn', 'Conroe', 'kvm64', 'qemu64'),
            'num_pcie_ports': None,
        },
        'glance': {'hw_machine_type': 'q35'},
        'guest': {'console': 'ttyS0', 'kernel_package': {'Debian': 'linux-image-cloud-amd64'}, 'kernel_file': 'vmlinuz-*',
                  'net_modules': ('virtio_pci', 'virtio_net')},
        'timeout_factor': 1.0,
        'remote_console': 'novnc',
    },
    'aarch64': {
        'aliases': ('aarch64', 'arm64', 'armv8', 'armv8l', 'arm64v8', 'armv8-a'),
        'deb': 'arm64',
        'rpm': 'aarch64',
        'bits': 64,
        'byte_order': 'little',
        'gnu_triplet': 'aarch64-linux-gnu',
        'qemu_binary': 'qemu-system-aarch64',
        'qemu_user': 'qemu-aarch64',
        'qemu_package': {'Debian': 'qemu-system-arm', 'RedHat': 'qemu-kvm', 'openEuler': 'qemu'},
        'machine_type': 'virt',
        'uefi': True,
        'uefi_packages': {'Debian': 'qemu-efi-aarch64', 'RedHat': 'edk2-aarch64', 'openEuler': 'edk2-aarch64'},
        'uefi_firmware': {
            'Debian': ('/usr/share/AAVMF/AAVMF_CODE.fd', '/usr/share/qemu-efi-aarch64/QEMU_EFI.fd'),
            'RedHat': ('/usr/share/edk2/aarch64/QEMU_EFI-pflash.raw', '/usr/share/AAVMF/AAVMF_CODE.fd'),
            'openEuler': ('/usr/share/edk2/aarch64/QEMU_EFI-pflash.raw',),
        },
        'firmware_packages': {'Debian': (), 'RedHat': (), 'openEuler': ()},
        # aarch64 has no host-model in libvirt; nova uses host-passthrough
        # under KVM. TCG cannot run host-passthrough: use a model that QEMU's
        # TCG implements (devstack's arm64 job used cortex-a57).
        'nova': {
            'cpu_mode': {'kvm': 'host-passthrough', 'qemu': 'custom'},
            'tcg_models': ('cortex-a57', 'cortex-a72', 'max'),
            'kvm_models': ('neoverse-v1', 'neoverse-n2', 'neoverse-n1', 'cortex-a76', 'cortex-a72', 'cortex-a57'),
            'num_pcie_ports': 16,
        },
        'glance': {
            'hw_firmware_type': 'uefi',
            'hw_machine_type': 'virt',
            'hw_cdrom_bus': 'scsi',
            'hw_scsi_model': 'virtio-scsi',
        },
        'guest': {'console': 'ttyAMA0', 'kernel_package': {'Debian': 'linux-image-cloud-arm64'}, 'kernel_file': 'vmlinuz-*',
                  'net_modules': ('virtio_pci', 'virtio_net')},
        'timeout_factor': 4.0,
        # the virt machine has no VGA: a UEFI guest's framebuffer (virtio-gpu) shows nothing until its kernel
        # loads a driver, and cloud images log to the PL011 serial port
        'remote_console': 'serial',
    },
    'ppc64le': {
        'aliases': ('ppc64le', 'ppc64el', 'powerpc64le', 'ppc64-le'),
        'deb': 'ppc64el',
        'rpm': 'ppc64le',
        'bits': 64,
        'byte_order': 'little',
        'gnu_triplet': 'powerpc64le-linux-gnu',
        'qemu_binary': 'qemu-system-ppc64',
        'qemu_user': 'qemu-ppc64le',
        'qemu_package': {'Debian': 'qemu-system-ppc', 'RedHat': 'qemu-kvm', 'openEuler': 'qemu'},
        'machine_type': 'pseries',
        'uefi': False,
        'uefi_packages': {},
        'uefi_firmware': {},
        # POWER guests boot through SLOF, shipped with QEMU on Debian.
        'firmware_packages': {'Debian': ('qemu-system-data',), 'RedHat': ('SLOF',), 'openEuler': ('SLOF',)},
        'nova': {
            'cpu_mode': {'kvm': 'host-model', 'qemu': 'custom'},
            'tcg_models': ('POWER9', 'POWER8', 'POWER10'),
            'kvm_models': ('POWER10', 'POWER9', 'POWER8'),
            'num_pcie_ports': None,
        },
        'glance': {'hw_machine_type': 'pseries'},
        'guest': {'console': 'hvc0', 'kernel_package': {'Debian': 'linux-image-powerpc64le'}, 'kernel_file': 'vmlinux-*',
                  'net_modules': ('virtio_pci', 'virtio_net')},
        'timeout_factor': 4.0,
        'remote_console': 'novnc',
    },
    's390x': {
        'aliases': ('s390x', 's390', 'zarch', 's390-64'),
        'deb': 's390x',
        'rpm': 's390x',
        'bits': 64,
        'byte_order': 'big',
        'gnu_triplet': 's390x-linux-gnu',
        'qemu_binary': 'qemu-system-s390x',
        'qemu_user': 'qemu-s390x',
        'qemu_package': {'Debian': 'qemu-system-misc', 'RedHat': 'qemu-kvm', 'openEuler': 'qemu'},
        'machine_type': 's390-ccw-virtio',
        'uefi': False,
        'uefi_packages': {},
        'uefi_firmware': {},
        'firmware_packages': {'Debian': (), 'RedHat': (), 'openEuler': ()},
        'nova': {
            'cpu_mode': {'kvm': 'host-model', 'qemu': 'none'},
            'tcg_models': ('qemu', 'max'),
            'kvm_models': ('gen16a', 'gen15a', 'z14', 'z13', 'zEC12', 'qemu'),
            'num_pcie_ports': None,
        },
        'glance': {'hw_machine_type': 's390-ccw-virtio'},
        'guest': {'console': 'ttysclp0', 'kernel_package': {'Debian': 'linux-image-s390x'}, 'kernel_file': 'vmlinuz-*',
                  'net_modules': ('virtio_ccw', 'virtio_net')},
        'timeout_factor': 4.0,
        # s390-ccw-virtio has no graphics device at all: the SCLP console is the guest's terminal
        'remote_console': 'serial',
    },
}

# Architectures a host can have that the collection does not deploy: no nova CPU defaults, machine type,
# firmware or guest image are known for them. They are named, so that a host of one is refused as not
# supported (naming the ones that are) and so that the lab can build a host of one (its userland and
# emulator) on which the deploy's refusal is tested. Keys: aliases, deb, rpm, bits, byte_order, gnu_triplet,
# qemu_user.
UNSUPPORTED_ARCHITECTURES = {
    'riscv64': {
        'aliases': ('riscv64', 'rv64', 'riscv64gc'),
        'deb': 'riscv64',
        'rpm': 'riscv64',
        'bits': 64,
        'byte_order': 'little',
        'gnu_triplet': 'riscv64-linux-gnu',
        'qemu_user': 'qemu-riscv64',
    },
}

# Distribution families we know, and how ansible_os_family names map to them.
DISTRO_FAMILIES = {
    'Debian': 'Debian',
    'Ubuntu': 'Debian',
    'RedHat': 'RedHat',
    'Rocky': 'RedHat',
    'AlmaLinux': 'RedHat',
    'CentOS': 'RedHat',
    'openEuler': 'openEuler',
}

NOVA_CPU_MODES = ('host-passthrough', 'host-model', 'custom', 'none')
VIRT_TYPES = ('kvm', 'qemu')

_ALIASES = {}
for _name, _info in ARCHITECTURES.items():
    for _alias in _info['aliases'] + (_name, _info['deb'], _info['rpm']):
        _ALIASES[_alias.lower()] = _name
_UNSUPPORTED_ALIASES = {}
for _name, _info in UNSUPPORTED_ARCHITECTURES.items():
    for _alias in _info['aliases'] + (_name, _info['deb'], _info['rpm']):
        _UNSUPPORTED_ALIASES[_alias.lower()] = _name


class UnknownArchitecture(ValueError):
    """Raised for an architecture name we do not know, or one the collection does not deploy."""


class UnsupportedArchitecture(UnknownArchitecture):
    """Raised for an architecture we can name but do not deploy (UNSUPPORTED_ARCHITECTURES)."""


def known_architectures():
    """Canonical names of every architecture we support, sorted."""
    return sorted(ARCHITECTURES)


def canonical_arch(name, supported=True):
    """Return the canonical architecture for ``name`` (any known alias).

    Raises UnknownArchitecture with the list of accepted names otherwise. An architecture of
    UNSUPPORTED_ARCHITECTURES raises UnsupportedArchitecture, unless ``supported`` is False (the lab,
    which builds hosts of it).
    """
    if not isinstance(name, str) or not name.strip():
        raise UnknownArchitecture(
            'architecture name must be a non-empty string, got %r' % (name,))
    key = name.strip().lower()
    if key in _ALIASES:
        return _ALIASES[key]
    if key in _UNSUPPORTED_ALIASES:
        if not supported:
            return _UNSUPPORTED_ALIASES[key]
        canonical = _UNSUPPORTED_ALIASES[key]
        raise UnsupportedArchitecture(
            '%s is not an architecture multiarch.openstack deploys (no nova CPU settings, machine type or guest '
            'image are known for it); supported: %s' % (
                canonical if name == canonical else '%r (%s)' % (name, canonical), ', '.join(known_architectures())))
    raise UnknownArchitecture(
        'unknown architecture %r; known: %s (aliases: %s)' % (
            name, ', '.join(known_architectures()),
            ', '.join(sorted(a for a in _ALIASES if a not in ARCHITECTURES))))


def arch_info(name, supported=True):
    """A deep copy of what we know about architecture ``name`` (any alias).

    With ``supported`` False, an architecture of UNSUPPORTED_ARCHITECTURES is accepted too, and
    its entry has only the naming keys (aliases, deb, rpm, bits, byte_order, gnu_triplet, qemu_user).
    """
    canonical = canonical_arch(name, supported=supported)
    return copy.deepcopy(ARCHITECTURES.get(canonical) or UNSUPPORTED_ARCHITECTURES[canonical])


def deb_arch(name, supported=True):
    return arch_info(name, supported=supported)['deb']


def rpm_arch(name, supported=True):
    return arch_info(name, supported=supported)['rpm']


def distro_family(os_family):
    """Map ansible_os_family (or a family name) to one of our families."""
    try:
        return DISTRO_FAMILIES[os_family]
    except KeyError:
        raise ValueError('unsupported distribution family %r; supported: %s' % (
            os_family, ', '.join(sorted(set(DISTRO_FAMILIES.values())))))


def qemu_package(arch, os_family):
    return ARCHITECTURES[canonical_arch(arch)]['qemu_package'][distro_family(os_family)]


def uefi_firmware_paths(arch, os_family=None):
    """Candidate UEFI firmware files for guests of ``arch``.

    With ``os_family`` only that family's paths; otherwise every family's,
    without duplicates, in table order.
    """
    table = ARCHITECTURES[canonical_arch(arch)]['uefi_firmware']
    if os_family is not None:
        return list(table.get(distro_family(os_family), ()))
    paths = []
    for family in sorted(table):
        for path in table[family]:
            if path not in paths:
                paths.append(path)
    return paths


def hypervisor_packages(arch, os_family):
    """Packages a compute host needs to run guests of ``arch`` (emulator + firmware)."""
    info = ARCHITECTURES[canonical_arch(arch)]
    family = distro_family(os_family)
    packages = [info['qemu_package'][family]]
    if info['uefi'] and family in info['uefi_packages']:
        packages.append(info['uefi_packages'][family])
    packages.extend(info['firmware_packages'].get(family, ()))
    return packages


def machine_type(arch):
    return ARCHITECTURES[canonical_arch(arch)]['machine_type']


def nova_defaults(arch):
    return copy.deepcopy(ARCHITECTURES[canonical_arch(arch)]['nova'])


def glance_properties(arch, emulated=False, host_arch=None):
    """Image properties nova needs to schedule and boot a guest of ``arch``.

    An emulated guest runs on hosts of ``host_arch``: nova schedules by ``architecture``
    (ImagePropertiesFilter, and the aggregates' hw_architecture), so that names the hosts'
    architecture, and ``hw_emulation_architecture`` the guest's, which nova's libvirt driver
    then emulates with QEMU (virt_type downgraded to qemu).
    """
    canonical = canonical_arch(arch)
    props = {'architecture': canonical}
    props.update(ARCHITECTURES[canonical]['glance'])
    if emulated:
        if host_arch is None:
            raise ValueError('an emulated %s guest needs the architecture of the hosts that emulate it' % canonical)
        props['architecture'] = canonical_arch(host_arch)
        props['hw_emulation_architecture'] = canonical
    return props


def guest_kernel(arch, os_family='Debian'):
    """Package, /boot file pattern, console and NIC modules of the small test guest of ``arch``."""
    guest = ARCHITECTURES[canonical_arch(arch)]['guest']
    family = distro_family(os_family)
    if family not in guest['kernel_package']:
        raise ValueError('no guest kernel package known for %s on %s; known: %s' % (
            canonical_arch(arch), family, ', '.join(sorted(guest['kernel_package']))))
    return {'package': guest['kernel_package'][family], 'file': guest['kernel_file'], 'console': guest['console'],
            'net_modules': list(guest['net_modules'])}


def timeout_factor(arch, emulated=False):
    """Factor to scale RPC/build timeouts for hosts of ``arch``."""
    if not emulated:
        return 1.0
    return ARCHITECTURES[canonical_arch(arch)]['timeout_factor']
