# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Path helpers."""

from __future__ import annotations

import posixpath

from ansible.errors import AnsibleFilterError

# Linux's PATH_MAX: no longer path can be opened, and it bounds the work done here.
PATH_MAX = 4096


def path_parents(path):
    """Every ancestor of an absolute path, from / down to its parent (``/`` itself gives ``['/']``).

    Work and result are bounded by the path's length, which may not exceed PATH_MAX. Leading
    slashes are collapsed: POSIX lets ``//`` mean something else than ``/``, but Linux does not,
    and ``posixpath`` keeps ``//`` as a root of its own, whose dirname is itself.
    """
    if not isinstance(path, str):
        raise AnsibleFilterError('path_parents: the input must be an absolute path as a string, got %s %r'
                                 % (type(path).__name__, path))
    if not path.startswith('/'):
        raise AnsibleFilterError('path_parents: %r is not an absolute path (it must start with /)' % (path,))
    if '\0' in path:
        raise AnsibleFilterError('path_parents: %r contains a NUL character, which no path can' % (path,))
    if len(path.encode('utf-8', 'surrogateescape')) > PATH_MAX:
        raise AnsibleFilterError('path_parents: the path is %d bytes long, more than PATH_MAX (%d): %r...'
                                 % (len(path.encode('utf-8', 'surrogateescape')), PATH_MAX, path[:64]))
    normalised = posixpath.normpath('/' + path.lstrip('/'))
    components = [part for part in normalised.split('/') if part]
    parents = ['/']
    for depth in range(1, len(components)):
        parents.append('/' + '/'.join(components[:depth]))
    return parents


class FilterModule(object):
    """Path filters."""

    def filters(self):
        return {'path_parents': path_parents}
