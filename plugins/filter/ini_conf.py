# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Whole INI files of OpenStack services from data: conf_merge (a role's settings and the operator's
overrides) and to_ini (the file's text)."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.multiarch.openstack.plugins.plugin_utils import ini_conf


def conf_merge(base, overrides=None, name='overrides'):
    """`base` (section -> option -> value) with `overrides` applied (None removes); `name` names the
    overrides' variable in messages."""
    if not isinstance(name, str) or not name.strip() or any(c in name for c in '\r\n\x00'):
        raise AnsibleFilterError('conf_merge: name must be the name of the overrides variable, a non-empty string on '
                                 'one line, got %s %r' % (type(name).__name__, name))
    try:
        return ini_conf.merge(base, overrides, name)
    except ini_conf.IniConfError as exc:
        raise AnsibleFilterError('conf_merge: %s' % exc) from None


def to_ini(sections, header=''):
    """The text of an INI file with these sections (and the header as comments)."""
    try:
        return ini_conf.render(sections, header)
    except ini_conf.IniConfError as exc:
        raise AnsibleFilterError('to_ini: %s' % exc) from None


class FilterModule:
    """conf_merge, to_ini."""

    def filters(self):
        return {'conf_merge': conf_merge, 'to_ini': to_ini}
