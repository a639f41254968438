# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Processes as /proc shows them: the pid a pid file names, when a process started, and which of a daemon's files
changed last."""

from __future__ import annotations

import os
import stat
import time

# a pid file is a few bytes; anything larger is not one
PIDFILE_MAX_BYTES = 64


class ProcessError(Exception):
    """A pid file or /proc entry that cannot be read as one."""


def pid_from_file(path):
    """The pid a pid file names, or None when the file is missing.

    Raises ProcessError when it exists but does not hold a single positive number."""
    try:
        # O_NONBLOCK: a FIFO given as the pid file must not hold the module until something writes to it
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except (IOError, OSError) as exc:
        raise ProcessError('cannot read pid file %s: %s' % (path, exc.strerror or exc))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ProcessError('cannot read pid file %s: not a regular file (a directory, FIFO or device)' % path)
        data = os.read(fd, PIDFILE_MAX_BYTES + 1)
    except (IOError, OSError) as exc:
        raise ProcessError('cannot read pid file %s: %s' % (path, exc.strerror or exc))
    finally:
        os.close(fd)
    text = data.decode('ascii', 'replace').strip()
    if len(data) > PIDFILE_MAX_BYTES or not text.isdigit() or int(text) <= 0:
        raise ProcessError('pid file %s does not hold a pid (a positive number): %r' % (path, text[:PIDFILE_MAX_BYTES]))
    return int(text)


def _boot_time(proc):
    """Seconds since the epoch at which the kernel booted, from /proc/uptime (hundredths of a second)."""
    try:
        with open(os.path.join(proc, 'uptime'), 'r') as handle:
            uptime = float(handle.read().split()[0])
    except (IOError, OSError, ValueError, IndexError) as exc:
        raise ProcessError('cannot read %s/uptime: %s' % (proc, exc))
    return time.time() - uptime


def start_time(pid, proc='/proc'):
    """When process ``pid`` started, in seconds since the epoch, or None when it does not exist.

    Field 22 of /proc/<pid>/stat counts clock ticks from boot; the command name before it (field 2,
    in parentheses) may hold spaces and parentheses, so the fields are counted after its last ')'."""
    try:
        with open(os.path.join(proc, str(int(pid)), 'stat'), 'rb') as handle:
            stat = handle.read().decode('ascii', 'replace')
    except FileNotFoundError:
        return None
    except (IOError, OSError) as exc:
        raise ProcessError('cannot read %s/%s/stat: %s' % (proc, pid, exc.strerror or exc))
    fields = stat[stat.rfind(')') + 2:].split()
    # fields[0] is field 3 (state), so field 22 (starttime) is fields[19]
    if len(fields) < 20 or not fields[19].isdigit():
        raise ProcessError('%s/%s/stat has no start time: %r' % (proc, pid, stat[:200]))
    if fields[0] == 'Z':
        # a zombie has exited: it runs nothing
        return None
    ticks = os.sysconf('SC_CLK_TCK')
    return _boot_time(proc) + int(fields[19]) / float(ticks)


def effective_uid(pid, proc='/proc'):
    """The effective user id process ``pid`` runs as (what start-stop-daemon --user compares), or None when it does
    not exist."""
    try:
        with open(os.path.join(proc, str(int(pid)), 'status'), 'r') as handle:
            for line in handle:
                if line.startswith('Uid:'):
                    return int(line.split()[2])
    except FileNotFoundError:
        return None
    except (IOError, OSError, ValueError, IndexError) as exc:
        raise ProcessError('cannot read %s/%s/status: %s' % (proc, pid, exc))
    raise ProcessError('%s/%s/status has no Uid line' % (proc, pid))


def newest_file(paths):
    """(path, mtime) of the file of ``paths`` that changed last; None for no paths.

    Raises ProcessError naming a path that cannot be read or is not a regular file."""
    newest = None
    for path in paths:
        try:
            mtime = os.stat(path).st_mtime
        except OSError as exc:
            raise ProcessError('configuration file %s cannot be read: %s' % (path, exc.strerror or exc))
        if not os.path.isfile(path):
            raise ProcessError('configuration file %s is not a regular file' % path)
        if newest is None or mtime > newest[1]:
            newest = (path, mtime)
    return newest
