# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Choose one guest image per architecture of the cloud, with its Glance properties."""

from __future__ import annotations

from ansible_collections.multiarch.openstack.plugins.module_utils import arch as archmod

DISK_FORMATS = ('qcow2', 'raw', 'ami', 'aki', 'ari', 'vmdk', 'vdi', 'iso', 'vhd', 'vhdx', 'ploop')
CONTAINER_FORMATS = ('bare', 'ami', 'aki', 'ari', 'ovf', 'ova', 'docker', 'compressed')


class ImageChoiceError(ValueError):
    """The catalog cannot serve the cloud's architectures."""


def _canonical(name, where):
    try:
        return archmod.canonical_arch(name)
    except archmod.UnknownArchitecture as exc:
        raise ImageChoiceError('%s: %s' % (where, exc))


def check_entry(index, entry):
    """Validate one catalog entry; return it normalised (canonical architecture)."""
    where = 'catalog[%d] (%s)' % (index, entry.get('name') or 'no name')
    if not entry.get('name'):
        raise ImageChoiceError('%s: every image needs a name' % where)
    canonical = _canonical(entry.get('architecture'), where + ' architecture')
    sources = [k for k in ('url', 'path') if entry.get(k)]
    if len(sources) != 1:
        raise ImageChoiceError('%s: give exactly one of url or path (got %s)' % (where, ', '.join(sources) or 'neither'))
    if entry.get('url') and not entry.get('checksum'):
        raise ImageChoiceError('%s: an image downloaded from a url needs a checksum (e.g. sha256:...)' % where)
    if entry.get('disk_format', 'qcow2') not in DISK_FORMATS:
        raise ImageChoiceError('%s: disk_format %r is not one of %s' % (where, entry.get('disk_format'), ', '.join(DISK_FORMATS)))
    if entry.get('container_format', 'bare') not in CONTAINER_FORMATS:
        raise ImageChoiceError('%s: container_format %r is not one of %s'
                               % (where, entry.get('container_format'), ', '.join(CONTAINER_FORMATS)))
    boot_files = [k for k in ('kernel', 'ramdisk') if entry.get(k)]
    if boot_files and len(boot_files) != 2:
        raise ImageChoiceError('%s: a directly booted image needs both kernel and ramdisk (got only %s)'
                               % (where, boot_files[0]))
    props = dict(entry.get('properties') or {})
    if boot_files and ('kernel_id' in props or 'ramdisk_id' in props):
        raise ImageChoiceError('%s: give kernel and ramdisk files or kernel_id/ramdisk_id properties, not both' % where)
    if 'architecture' in props and _canonical(props['architecture'], where + ' properties.architecture') != canonical:
        raise ImageChoiceError('%s: properties.architecture %r contradicts architecture %r'
                               % (where, props['architecture'], entry.get('architecture')))
    normalised = dict(entry)
    normalised['architecture'] = canonical
    normalised['properties'] = props
    normalised.setdefault('disk_format', 'qcow2')
    normalised.setdefault('container_format', 'bare')
    return normalised


def choose(catalog, architectures, emulated_architectures=None, emulation_host_architecture=None):
    """Return one image per needed architecture, sorted by architecture.

    Each result: architecture, emulated (bool), image (the catalog entry) and
    properties (the arch's Glance properties with the entry's own on top).
    Emulated architectures run on hosts of ``emulation_host_architecture``
    (default: the only architecture in ``architectures``).
    """
    entries = [check_entry(i, e) for i, e in enumerate(catalog or [])]
    native = []
    for name in architectures or []:
        canonical = _canonical(name, 'architectures')
        if canonical not in native:
            native.append(canonical)
    emulated = []
    for name in emulated_architectures or []:
        canonical = _canonical(name, 'emulated_architectures')
        if canonical in native:
            raise ImageChoiceError(
                'emulated_architectures: %s is also the architecture of a compute host; a native arch '
                'needs no emulation, remove it from emulated_architectures' % canonical)
        if canonical not in emulated:
            emulated.append(canonical)
    if not native and not emulated:
        raise ImageChoiceError('architectures: no architecture given; pass the compute hosts\' architectures')
    host_arch = None
    if emulated:
        if emulation_host_architecture:
            host_arch = _canonical(emulation_host_architecture, 'emulation_host_architecture')
            if host_arch not in native:
                raise ImageChoiceError(
                    'emulation_host_architecture: no compute host is %s (architectures: %s); emulated guests need '
                    'hosts of that architecture' % (host_arch, ', '.join(native) or 'none'))
        elif len(native) == 1:
            host_arch = native[0]
        else:
            raise ImageChoiceError(
                'emulation_host_architecture: the compute hosts have %s; say which of them emulate %s'
                % (', '.join(native) or 'no architecture', ', '.join(emulated)))

    by_arch = {}
    for entry in entries:
        by_arch.setdefault(entry['architecture'], []).append(entry)
    chosen = []
    for canonical in sorted(native + emulated):
        candidates = by_arch.get(canonical, [])
        if not candidates:
            raise ImageChoiceError(
                'no image in catalog for %s (%s); add a catalog entry with architecture %s'
                % (canonical, 'emulated' if canonical in emulated else 'compute hosts have it', canonical))
        if len(candidates) > 1:
            raise ImageChoiceError(
                'catalog has %d images for %s (%s); keep exactly one per architecture'
                % (len(candidates), canonical, ', '.join(c['name'] for c in candidates)))
        entry = candidates[0]
        properties = archmod.glance_properties(canonical, emulated=canonical in emulated,
                                               host_arch=host_arch if canonical in emulated else None)
        if entry.get('kernel'):
            # booted by nova from kernel_id/ramdisk_id: the kernel must print to this arch's console
            properties['os_command_line'] = 'console=%s' % archmod.guest_kernel(canonical)['console']
        properties.update(entry['properties'])
        chosen.append({
            'architecture': canonical,
            'emulated': canonical in emulated,
            'image': entry,
            'properties': properties,
        })
    names = {}
    for item in chosen:
        name = item['image']['name']
        if name in names:
            raise ImageChoiceError('image name %r is used for both %s and %s; Glance names must differ'
                                   % (name, names[name], item['architecture']))
        names[name] = item['architecture']
    return chosen
