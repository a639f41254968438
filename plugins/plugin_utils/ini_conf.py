# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""The INI files of OpenStack services (oslo.config), as the roles write them: whole files from data.

A file is a mapping of sections to mappings of options to values. A role's own settings are merged
with the operator's ``<role>_..._conf_overrides`` (same shape; ``None`` removes an option, or a whole
section), and the result is rendered: every option the file has comes from that data, so an option
dropped from it disappears from the file.

Values: a string, a number, a boolean (written ``true``/``false``, as oslo.config reads them), or a
list of those (written comma-separated: oslo.config's ListOpt). Names and values are checked before
anything is written: a newline in a value would add options of its own, a ``]`` in a section name
would end it.
"""

from __future__ import annotations

import re

SECTION = re.compile(r'^[A-Za-z0-9_.:-]+$')
OPTION = re.compile(r'^[A-Za-z0-9_.-]+$')


class IniConfError(ValueError):
    """Data that cannot be an INI file as oslo.config reads it; the message names where and why (never the value)."""


def _kind(value):
    return 'null' if value is None else type(value).__name__


def _scalar(value, where):
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        if '\n' in value or '\r' in value or '\x00' in value:
            raise IniConfError('%s: a value must be one line (it has a line break or NUL)' % where)
        return value
    raise IniConfError('%s: a value must be a string, a number, a boolean or a list of those, not %s'
                       % (where, _kind(value)))


def value_text(value, where):
    """The text of one option's value."""
    if isinstance(value, (list, tuple)):
        items = [_scalar(item, '%s[%d]' % (where, index)) for index, item in enumerate(value)]
        for index, item in enumerate(items):
            if ',' in item:
                raise IniConfError('%s[%d]: an element of a list value cannot hold a comma (the list is written '
                                   'comma-separated); give the whole value as one string' % (where, index))
        return ','.join(items)
    return _scalar(value, where)


def _sections(data, where, allow_none):
    """Checks the shape; returns it as {section: {option: value or None} or None}."""
    if data is None and allow_none:
        # no overrides; the settings themselves may not be null (an empty file)
        return {}
    if not isinstance(data, dict):
        raise IniConfError('%s must be a mapping of sections to mappings of options, not %s' % (where, _kind(data)))
    for section, options in data.items():
        if not isinstance(section, str) or not SECTION.match(section):
            raise IniConfError('%s: section %r is not a section name (letters, digits, _ . : -)' % (where, section))
        place = '%s[%s]' % (where, section)
        if options is None:
            if not allow_none:
                raise IniConfError('%s: a section must be a mapping of options, not null' % place)
            continue
        if not isinstance(options, dict):
            raise IniConfError('%s must be a mapping of options to values (null removes the section), not %s'
                               % (place, _kind(options)))
        for option, value in options.items():
            if not isinstance(option, str) or not OPTION.match(option):
                raise IniConfError('%s: option %r is not an option name (letters, digits, _ . -)' % (place, option))
            if value is None:
                continue
            value_text(value, '%s.%s' % (place, option))
    return data


def merge(base, overrides, where='overrides'):
    """`base` with `overrides` applied: an option's value replaces the base's, None removes the option, a
    section None removes the section. In `base`, an option whose value is None is left out (a setting a
    role writes only under a condition)."""
    base = _sections(base, 'the settings', allow_none=False)
    overrides = _sections(overrides, where, allow_none=True)
    merged = {}
    for section, options in base.items():
        merged[section] = {option: value for option, value in options.items() if value is not None}
    for section, options in overrides.items():
        if options is None:
            merged.pop(section, None)
            continue
        target = merged.setdefault(section, {})
        for option, value in options.items():
            if value is None:
                target.pop(option, None)
            else:
                target[option] = value
    return {section: options for section, options in merged.items() if options}


def render(sections, header=''):
    """The file's text: the header's lines (a string, or a list of them) as comments, then each section with its
    options, in order."""
    sections = _sections(sections, 'the settings', allow_none=False)
    if isinstance(header, str):
        header = [header]
    if not isinstance(header, (list, tuple)) or not all(isinstance(part, str) for part in header):
        raise IniConfError('the header must be a string or a list of strings, not %s' % _kind(header))
    lines = ['# ' + line if line else '#' for part in header for line in part.splitlines()]
    for section, options in sections.items():
        written = [(option, value) for option, value in options.items() if value is not None]
        if not written:
            continue
        if lines:
            lines.append('')
        lines.append('[%s]' % section)
        for option, value in written:
            lines.append('%s = %s' % (option, value_text(value, '[%s].%s' % (section, option))))
    return '\n'.join(lines) + '\n'
