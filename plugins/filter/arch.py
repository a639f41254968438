# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Architecture-name filters; all knowledge comes from module_utils.arch."""

from __future__ import annotations

import re

from urllib.parse import urlsplit

from ansible.errors import AnsibleFilterError

from ansible_collections.multiarch.openstack.plugins.module_utils import arch as archmod

_DISTRO = re.compile(r'^[a-z][a-z0-9.+-]*$')
_VERSION = re.compile(r'^[0-9A-Za-z][0-9A-Za-z._-]*$')


def _wrap(func, name):
    def inner(value, supported=True):
        if not isinstance(supported, bool):
            raise AnsibleFilterError('%s: supported must be true or false (false also accepts the architectures the '
                                     'collection names but does not deploy, such as riscv64), got %s %r'
                                     % (name, type(supported).__name__, supported))
        try:
            return func(value, supported=supported)
        except archmod.UnknownArchitecture as exc:
            raise AnsibleFilterError('%s: %s' % (name, exc))
    return inner


def _plain(value):
    if isinstance(value, dict):
        return dict((k, _plain(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def arch_info(name, supported=True):
    """Everything module_utils.arch knows about an architecture, as plain data."""
    info = _plain(archmod.arch_info(name, supported=supported))
    info['name'] = archmod.canonical_arch(name, supported=supported)
    info['supported'] = info['name'] in archmod.ARCHITECTURES
    return info


def _url_problem(url):
    """Why ``url`` is not a mirror URL (http(s):// with a host, or file:// with a path), or None."""
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        return 'contains blanks or control characters'
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError on a port out of range
    except ValueError as exc:
        return 'cannot be parsed (%s)' % exc
    if port == 0:
        return 'has port 0'
    if parts.scheme not in ('http', 'https', 'file'):
        return 'is not an http://, https:// or file:// URL'
    if parts.scheme in ('http', 'https') and not parts.hostname:
        return 'has no host'
    if parts.scheme == 'file' and (parts.netloc or not parts.path.startswith('/')):
        return 'is not file:///<absolute path>'
    if parts.query or parts.fragment:
        return 'has a query or fragment, after which no path can be appended'
    return None


def wheel_mirror_url(mirror, distro, version, arch):
    """``<mirror>/wheel/<distro>-<version>-<arch>`` with a canonical arch."""
    if not isinstance(mirror, str):
        raise AnsibleFilterError('wheel_mirror_url: mirror must be a URL string, got %s %r'
                                 % (type(mirror).__name__, mirror))
    problem = _url_problem(mirror)
    if problem:
        raise AnsibleFilterError('wheel_mirror_url: mirror %r %s; give an http(s)://host/... or file:///... URL'
                                 % (mirror, problem))
    if not isinstance(distro, str):
        raise AnsibleFilterError('wheel_mirror_url: distro must be a distribution name such as ubuntu or debian, '
                                 'got %s %r' % (type(distro).__name__, distro))
    distro = distro.strip().lower()
    if isinstance(version, bool) or not isinstance(version, (str, int)):
        hint = ' (quote it: YAML reads 20.10 as the number 20.1)' if isinstance(version, float) else ''
        raise AnsibleFilterError('wheel_mirror_url: version must be a string such as "22.04" or 12, got %s %r%s'
                                 % (type(version).__name__, version, hint))
    version = str(version).strip()
    if not _DISTRO.match(distro):
        raise AnsibleFilterError('wheel_mirror_url: distro %r is not a distribution name such as ubuntu or debian'
                                 % (distro,))
    if not _VERSION.match(version):
        raise AnsibleFilterError('wheel_mirror_url: version %r is not a release such as 22.04 or 12' % (version,))
    try:
        canonical = archmod.canonical_arch(arch)
    except archmod.UnknownArchitecture as exc:
        raise AnsibleFilterError('wheel_mirror_url: arch: %s' % exc)
    return '%s/wheel/%s-%s-%s' % (mirror.rstrip('/'), distro, version, canonical)


def hypervisor_packages(arch, os_family):
    """Packages a compute host of ``os_family`` needs to run guests of ``arch``."""
    if not isinstance(os_family, str) or not os_family.strip():
        raise AnsibleFilterError('hypervisor_packages: os_family must be a distribution family such as Debian '
                                 '(ansible_facts.os_family), got %s %r' % (type(os_family).__name__, os_family))
    try:
        return archmod.hypervisor_packages(arch, os_family)
    except archmod.UnknownArchitecture as exc:
        raise AnsibleFilterError('hypervisor_packages: arch: %s' % exc)
    except (KeyError, ValueError) as exc:
        raise AnsibleFilterError('hypervisor_packages: os_family: %s' % (exc.args[0] if exc.args else exc))


class FilterModule(object):
    """Architecture filters."""

    def filters(self):
        return {
            'canonical_arch': _wrap(archmod.canonical_arch, 'canonical_arch'),
            'deb_arch': _wrap(archmod.deb_arch, 'deb_arch'),
            'rpm_arch': _wrap(archmod.rpm_arch, 'rpm_arch'),
            'arch_info': _wrap(arch_info, 'arch_info'),
            'wheel_mirror_url': wheel_mirror_url,
            'hypervisor_packages': hypervisor_packages,
        }
