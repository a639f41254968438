# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Path helpers."""

from __future__ import annotations

import posixpath

from ansible.errors import AnsibleFilterError


def path_parents(path):
    """Every ancestor of an absolute path, from / down to its parent."""
    if not isinstance(path, str) or not path.startswith('/'):
        raise AnsibleFilterError('path_parents: %r is not an absolute path' % (path,))
    parents = []
    current = posixpath.dirname(posixpath.normpath(path))
    while True:
        parents.append(current)
        if current == '/':
            break
        current = posixpath.dirname(current)
    return list(reversed(parents))


class FilterModule(object):
    """Path filters."""

    def filters(self):
        return {'path_parents': path_parents}
