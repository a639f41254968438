# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Lab only: keep the code Python compiles from Ansible's module payloads, on an emulated lab host.

Every Ansible module run imports the module and its module_utils from a zip it was sent (AnsiballZ), and Python
compiles whatever it imports from a zip again each time: it writes no .pyc there. Under qemu-user that compiling is
most of a module run's CPU (about 1.4 s of it for what ansible.module_utils.basic imports, on this machine). The lab
puts this file and a .pth that imports it on each emulated host (roles/lab/tasks/host.yml); every Python of the
host then keeps the code compiled from a payload's file, by the file's text, the interpreter's magic number and the
file's path inside the payload, in a directory only root may read, and takes it from there the next time. The code
is what compile() makes of the same text (the file name it carries is set to this run's path); anything else Python
imports is left alone. Real hosts do not get it (docs/lab.md).
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import os
import stat
import types
import zipimport

CACHE = '/var/cache/multiarch-lab/zipimport'
PAYLOAD = '_payload.zip' + os.sep


def _refile(code, filename):
    """code with every code object in it carrying filename (as compile would have given it)."""
    consts = tuple(_refile(const, filename) if isinstance(const, types.CodeType) else const
                   for const in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)


def _private():
    """Whether CACHE is a directory of root's that no one else may write or read (made so when missing): code is
    taken from it as root, so a directory another user could write to is not used."""
    try:
        os.makedirs(CACHE, mode=0o700, exist_ok=True)
        status = os.lstat(CACHE)
    except OSError:
        return False
    return stat.S_ISDIR(status.st_mode) and status.st_uid == 0 and not status.st_mode & 0o077


def _compile_cached(pathname, source, _compile=zipimport._compile_source):  # pylint: disable=protected-access
    inner = pathname.partition(PAYLOAD)[2]
    if not inner or os.geteuid() != 0:
        return _compile(pathname, source)
    digest = hashlib.sha256(importlib.util.MAGIC_NUMBER + inner.encode('utf-8', 'surrogateescape') + b'\0'
                            + source).hexdigest()
    path = os.path.join(CACHE, digest)
    if not _private():
        return _compile(pathname, source)
    try:
        with open(path, 'rb') as handle:
            return _refile(marshal.load(handle), pathname)
    except (OSError, EOFError, ValueError, TypeError):
        pass
    code = _compile(pathname, source)
    try:
        temporary = '%s.%d' % (path, os.getpid())
        with open(temporary, 'wb') as handle:
            marshal.dump(code, handle)
        os.replace(temporary, path)
    except OSError:
        pass
    return code


def install():
    """Let zipimport compile through the cache (once per interpreter)."""
    if getattr(zipimport, '_compile_source', None) is not None and not hasattr(zipimport, '_multiarch_lab_cache'):
        zipimport._multiarch_lab_cache = True  # pylint: disable=protected-access
        zipimport._compile_source = _compile_cached  # pylint: disable=protected-access


install()
