# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Architecture-name filters; all knowledge comes from module_utils.arch."""

from __future__ import annotations

import re

from ansible.errors import AnsibleFilterError

from ansible_collections.multiarch.openstack.plugins.module_utils import arch as archmod

_DISTRO = re.compile(r'^[a-z][a-z0-9.+-]*$')
_VERSION = re.compile(r'^[0-9A-Za-z][0-9A-Za-z._-]*$')


def _wrap(func, name):
    def inner(value):
        try:
            return func(value)
        except archmod.UnknownArchitecture as exc:
            raise AnsibleFilterError('%s: %s' % (name, exc))
    return inner


def _plain(value):
    if isinstance(value, dict):
        return dict((k, _plain(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def arch_info(name):
    """Everything module_utils.arch knows about an architecture, as plain data."""
    info = _plain(archmod.arch_info(name))
    info['name'] = archmod.canonical_arch(name)
    return info


def wheel_mirror_url(mirror, distro, version, arch):
    """``<mirror>/wheel/<distro>-<version>-<arch>`` with a canonical arch."""
    if not isinstance(mirror, str) or not re.match(r'^(https?|file)://\S+$', mirror):
        raise AnsibleFilterError('wheel_mirror_url: mirror %r is not an http(s):// or file:// URL' % (mirror,))
    distro = str(distro).strip().lower()
    version = str(version).strip()
    if not _DISTRO.match(distro):
        raise AnsibleFilterError('wheel_mirror_url: distro %r is not a distribution name such as ubuntu or debian'
                                 % (distro,))
    if not _VERSION.match(version):
        raise AnsibleFilterError('wheel_mirror_url: version %r is not a release such as 22.04 or 12' % (version,))
    try:
        canonical = archmod.canonical_arch(arch)
    except archmod.UnknownArchitecture as exc:
        raise AnsibleFilterError('wheel_mirror_url: %s' % exc)
    return '%s/wheel/%s-%s-%s' % (mirror.rstrip('/'), distro, version, canonical)


def hypervisor_packages(arch, os_family):
    """Packages a compute host of ``os_family`` needs to run guests of ``arch``."""
    try:
        return archmod.hypervisor_packages(arch, os_family)
    except archmod.UnknownArchitecture as exc:
        raise AnsibleFilterError('hypervisor_packages: %s' % exc)
    except (KeyError, ValueError) as exc:
        raise AnsibleFilterError('hypervisor_packages: %s' % (exc.args[0] if exc.args else exc))


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
