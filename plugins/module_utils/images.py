# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Choose one guest image per architecture of the cloud, with its Glance properties."""

from __future__ import annotations

import re

from urllib.parse import urlsplit

from ansible_collections.multiarch.openstack.plugins.module_utils import arch as archmod

DISK_FORMATS = ('qcow2', 'raw', 'ami', 'aki', 'ari', 'vmdk', 'vdi', 'iso', 'vhd', 'vhdx', 'ploop')
CONTAINER_FORMATS = ('bare', 'ami', 'aki', 'ari', 'ovf', 'ova', 'docker', 'compressed')
# checksum algorithms get_url verifies, and the length of their hex digests
CHECKSUM_HEX_LENGTHS = {'md5': 32, 'sha1': 40, 'sha224': 56, 'sha256': 64, 'sha384': 96, 'sha512': 128}
# Glance's own image attributes, which cannot be set as properties
GLANCE_RESERVED = ('id', 'name', 'status', 'visibility', 'protected', 'os_hidden', 'checksum', 'os_hash_algo',
                   'os_hash_value', 'owner', 'size', 'virtual_size', 'container_format', 'disk_format', 'created_at',
                   'updated_at', 'tags', 'direct_url', 'min_ram', 'min_disk', 'self', 'file', 'schema', 'locations',
                   'stores')
# Glance stores min_ram as a 32-bit signed integer
MAX_MIN_RAM = 2 ** 31 - 1
_HEX = re.compile(r'^[0-9a-fA-F]+$')
_PROPERTY = re.compile(r'^[A-Za-z0-9_.:-]{1,255}$')


class ImageChoiceError(ValueError):
    """The catalog cannot serve the cloud's architectures."""


def _canonical(name, where):
    try:
        return archmod.canonical_arch(name)
    except archmod.UnknownArchitecture as exc:
        raise ImageChoiceError('%s: %s' % (where, exc))


def _url_problem(url):
    """Why ``url`` is not an image URL get_url can fetch, or None."""
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        return 'contains blanks or control characters'
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError on a port out of range
    except ValueError as exc:
        return 'cannot be parsed (%s)' % exc
    if port == 0:
        return 'has port 0'
    if parts.scheme in ('http', 'https', 'ftp'):
        return None if parts.hostname else 'has no host'
    if parts.scheme == 'file':
        return None if not parts.netloc and parts.path.startswith('/') else 'is not file:///<absolute path>'
    return 'is not an http://, https://, ftp:// or file:/// URL'


def _checksum_problem(checksum):
    """Why ``checksum`` is not ``algorithm:hex digest``, or None."""
    algorithm, _colon, digest = checksum.partition(':')
    if not _colon:
        return 'has no algorithm; write it as algorithm:hex, e.g. sha256:<64 hex digits>'
    if algorithm.lower() not in CHECKSUM_HEX_LENGTHS:
        return 'has algorithm %r; known: %s' % (algorithm, ', '.join(sorted(CHECKSUM_HEX_LENGTHS)))
    length = CHECKSUM_HEX_LENGTHS[algorithm.lower()]
    if len(digest) != length or not _HEX.match(digest):
        return 'is not %s: followed by %d hex digits' % (algorithm.lower(), length)
    return None


def _check_text(value, what, limit=255):
    """A non-empty one-line string of at most ``limit`` characters."""
    if not isinstance(value, str) or not value.strip():
        raise ImageChoiceError('%s must be a non-empty string, got %r' % (what, value))
    if value != value.strip() or any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise ImageChoiceError('%s %r has leading or trailing blanks or control characters' % (what, value))
    if len(value) > limit:
        raise ImageChoiceError('%s is %d characters long; at most %d' % (what, len(value), limit))


def _check_properties(where, props):
    for key, value in props.items():
        if not isinstance(key, str) or not _PROPERTY.match(key):
            raise ImageChoiceError('%s: properties key %r is not a Glance property name (letters, digits, _ . : -, '
                                   'at most 255)' % (where, key))
        if key in GLANCE_RESERVED:
            raise ImageChoiceError('%s: properties.%s is a Glance image attribute, not a property; %s'
                                   % (where, key, 'use the catalog entry\'s own option' if key in (
                                       'name', 'disk_format', 'container_format', 'min_ram') else 'remove it'))
        if value is None or isinstance(value, (dict, list, tuple)):
            raise ImageChoiceError('%s: properties.%s must be a string, number or boolean, got %r'
                                   % (where, key, value))


def check_entry(index, entry):
    """Validate one catalog entry; return it normalised (canonical architecture)."""
    where = 'catalog[%d] (%s)' % (index, entry.get('name') or 'no name')
    if not entry.get('name'):
        raise ImageChoiceError('%s: every image needs a name' % where)
    _check_text(entry['name'], where + ': name')
    canonical = _canonical(entry.get('architecture'), where + ' architecture')
    for key in ('url', 'path', 'checksum', 'kernel', 'ramdisk'):
        if key in entry and entry[key] is not None and not str(entry[key]).strip():
            raise ImageChoiceError('%s: %s is empty; give a value or leave %s out' % (where, key, key))
    sources = [k for k in ('url', 'path') if entry.get(k)]
    if len(sources) != 1:
        raise ImageChoiceError('%s: give exactly one of url or path (got %s)' % (where, ', '.join(sources) or 'neither'))
    for key in ('path', 'kernel', 'ramdisk'):
        if entry.get(key) and not str(entry[key]).startswith('/'):
            raise ImageChoiceError('%s: %s %r is not an absolute path' % (where, key, entry[key]))
        if entry.get(key) and '\0' in str(entry[key]):
            raise ImageChoiceError('%s: %s %r contains a NUL character, which no path can' % (where, key, entry[key]))
    if entry.get('url'):
        problem = _url_problem(entry['url'])
        if problem:
            raise ImageChoiceError('%s: url %r %s' % (where, entry['url'], problem))
    if entry.get('url') and not entry.get('checksum'):
        raise ImageChoiceError('%s: an image downloaded from a url needs a checksum (e.g. sha256:...)' % where)
    if entry.get('checksum'):
        problem = _checksum_problem(entry['checksum'])
        if problem:
            raise ImageChoiceError('%s: checksum %r %s' % (where, entry['checksum'], problem))
    if entry.get('disk_format', 'qcow2') not in DISK_FORMATS:
        raise ImageChoiceError('%s: disk_format %r is not one of %s' % (where, entry.get('disk_format'), ', '.join(DISK_FORMATS)))
    if entry.get('container_format', 'bare') not in CONTAINER_FORMATS:
        raise ImageChoiceError('%s: container_format %r is not one of %s'
                               % (where, entry.get('container_format'), ', '.join(CONTAINER_FORMATS)))
    min_ram = entry.get('min_ram', 0)
    if isinstance(min_ram, bool) or not isinstance(min_ram, int) or not 0 <= min_ram <= MAX_MIN_RAM:
        raise ImageChoiceError('%s: min_ram %r must be an integer from 0 to %d (MiB)' % (where, min_ram, MAX_MIN_RAM))
    boot_files = [k for k in ('kernel', 'ramdisk') if entry.get(k)]
    if boot_files and len(boot_files) != 2:
        raise ImageChoiceError('%s: a directly booted image needs both kernel and ramdisk (got only %s)'
                               % (where, boot_files[0]))
    if not isinstance(entry.get('properties') or {}, dict):
        raise ImageChoiceError('%s: properties must be a mapping, got %r' % (where, entry['properties']))
    props = dict(entry.get('properties') or {})
    _check_properties(where, props)
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
    given_host_arch = None
    if emulation_host_architecture is not None:
        given_host_arch = _canonical(emulation_host_architecture, 'emulation_host_architecture')
    if emulated:
        if given_host_arch is not None:
            host_arch = given_host_arch
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
