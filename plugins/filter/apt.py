# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""The Debian mirror a machine's own apt sources use."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

_MAX_TEXT = 1024 * 1024


def _entries(text):
    """(uri, suites) of every binary source in one file, one-line or deb822 format."""
    entries = []
    stanza = {}
    for raw in text.splitlines() + ['']:
        line = raw.split('#', 1)[0].strip()
        if raw.strip() == '' and stanza:
            if 'deb' in stanza.get('types', '').split():
                for uri in stanza.get('uris', '').split():
                    entries.append((uri, stanza.get('suites', '').split()))
            stanza = {}
            continue
        if not line:
            continue
        words = line.split()
        if words[0] == 'deb':
            words = [w for w in words[1:] if not (w.startswith('[') or w.endswith(']') or '=' in w)]
            if len(words) >= 2:
                entries.append((words[0], [words[1]]))
        elif ':' in line and not line.startswith(('deb-src', 'deb ')):
            key, value = line.split(':', 1)
            stanza[key.strip().lower()] = value.strip()
    return entries


def apt_mirror(texts):
    """The first http(s) mirror of the apt source files given as texts, that is not a security archive."""
    if isinstance(texts, str) or not isinstance(texts, list):
        raise AnsibleFilterError('apt_mirror: the input must be a list of the texts of apt source files, got %s %r'
                                 % (type(texts).__name__, texts))
    for index, text in enumerate(texts):
        if not isinstance(text, str):
            raise AnsibleFilterError('apt_mirror: input[%d] must be the text of an apt source file, got %s %r'
                                     % (index, type(text).__name__, text))
        if len(text) > _MAX_TEXT:
            raise AnsibleFilterError('apt_mirror: input[%d] is longer than %d characters: not an apt source file'
                                     % (index, _MAX_TEXT))
        for uri, suites in _entries(text):
            if not uri.startswith(('http://', 'https://')) or len(uri.split('/')) < 3 or not uri.split('/')[2]:
                continue
            if suites and all(suite.endswith('-security') for suite in suites):
                continue
            return uri.rstrip('/')
    raise AnsibleFilterError('apt_mirror: no http(s) Debian mirror in the apt sources given (%d files); '
                             'set the mirror variable of the role explicitly' % len(texts))


class FilterModule(object):
    """apt filters."""

    def filters(self):
        return {'apt_mirror': apt_mirror}
