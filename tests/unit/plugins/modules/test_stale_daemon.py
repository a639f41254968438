# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""stale_daemon on a real process of the machine running the tests and real files."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from ansible_collections.multiarch.openstack.plugins.module_utils import process
from ansible_collections.multiarch.openstack.plugins.modules import stale_daemon


@pytest.fixture
def daemon(tmp_path):
    """A running process with a pid file and two configuration files written before it started."""
    conf = tmp_path / 'daemon.conf'
    extra = tmp_path / 'daemon-extra.conf'
    conf.write_text('[DEFAULT]\n')
    extra.write_text('[extra]\n')
    child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])
    pidfile = tmp_path / 'daemon.pid'
    pidfile.write_text('%d\n' % child.pid)
    started = process.start_time(child.pid)
    for path in (conf, extra):
        os.utime(str(path), (started - 60, started - 60))
    yield {'pidfile': str(pidfile), 'paths': [str(conf), str(extra)], 'started': started, 'pid': child.pid}
    child.kill()
    child.wait()


def test_files_older_than_the_daemon(run_module, daemon):
    out = run_module(stale_daemon, {'pidfile': daemon['pidfile'], 'paths': daemon['paths']})
    assert not out.failed
    assert out.data['changed'] is False
    assert (out.data['running'], out.data['pid'], out.data['stale']) == (True, daemon['pid'], False)
    assert abs(out.data['started'] - daemon['started']) < 0.05


def test_a_file_changed_after_the_start(run_module, daemon):
    # a run wrote the file, and was killed before the restart
    changed = daemon['paths'][1]
    os.utime(changed, (daemon['started'] + 30, daemon['started'] + 30))
    out = run_module(stale_daemon, {'pidfile': daemon['pidfile'], 'paths': daemon['paths']}, check_mode=True)
    assert out.data['stale'] is True
    assert out.data['newest'] == {'path': changed, 'mtime': daemon['started'] + 30}


def test_within_the_tolerance(run_module, daemon):
    os.utime(daemon['paths'][0], (daemon['started'] + 0.5, daemon['started'] + 0.5))
    assert run_module(stale_daemon, {'pidfile': daemon['pidfile'], 'paths': daemon['paths']}).data['stale'] is False
    out = run_module(stale_daemon, {'pidfile': daemon['pidfile'], 'paths': daemon['paths'], 'tolerance': 0.1})
    assert out.data['stale'] is True


def test_a_daemon_that_does_not_run_is_never_stale(run_module, daemon, tmp_path):
    missing = run_module(stale_daemon, {'pidfile': str(tmp_path / 'missing.pid'), 'paths': daemon['paths']})
    assert (missing.data['running'], missing.data['pid'], missing.data['started'], missing.data['stale']) == \
        (False, None, None, False)
    gone = subprocess.Popen(['true'])
    gone.wait()
    pidfile = tmp_path / 'gone.pid'
    pidfile.write_text(str(gone.pid))
    out = run_module(stale_daemon, {'pidfile': str(pidfile), 'paths': daemon['paths']})
    assert (out.data['running'], out.data['pid'], out.data['stale']) == (False, gone.pid, False)


def _pidfile(daemon, tmp_path, kind):
    """A pid file of the given kind in tmp_path."""
    path = tmp_path / kind
    if kind == 'garbage.pid':
        path.write_text('not a pid')
    elif kind == 'fifo.pid':
        os.mkfifo(str(path))
    return str(path)


# (args, needle); in args, {pidfile}, {paths} and {tmp} are the daemon's pid file, its configuration files and
# tmp_path, and 'garbage.pid' and 'fifo.pid' are pid files of that kind
BAD_INPUT = [
    ({'pidfile': 'run/x.pid', 'paths': '{paths}'}, "pidfile must be an absolute path, got 'run/x.pid'"),
    ({'pidfile': '', 'paths': '{paths}'}, "pidfile must be an absolute path, got ''"),
    ({'pidfile': None, 'paths': '{paths}'}, "pidfile must be an absolute path, got ''"),
    ({'pidfile': ['/run/x.pid'], 'paths': '{paths}'}, 'pidfile must be an absolute path, got "[\'/run/x.pid\']"'),
    ({'pidfile': '/run/x\0.pid', 'paths': '{paths}'}, "pidfile '/run/x\\x00.pid' contains a NUL character"),
    ({'paths': '{paths}'}, 'missing required arguments: pidfile'),
    ({'pidfile': 'garbage.pid', 'paths': '{paths}'}, 'does not hold a pid'),
    ({'pidfile': 'fifo.pid', 'paths': '{paths}'}, 'fifo.pid: not a regular file'),
    ({'pidfile': '{tmp}', 'paths': '{paths}'}, 'not a regular file'),
    ({'pidfile': '/dev/zero', 'paths': '{paths}'}, 'cannot read pid file /dev/zero: not a regular file'),
    ({'pidfile': '{pidfile}'}, 'missing required arguments: paths'),
    ({'pidfile': '{pidfile}', 'paths': None}, "argument 'paths' is of type NoneType"),
    ({'pidfile': '{pidfile}', 'paths': []}, 'paths must name at least one configuration file'),
    ({'pidfile': '{pidfile}', 'paths': ['etc/x.conf']}, "paths[0] must be an absolute path, got 'etc/x.conf'"),
    ({'pidfile': '{pidfile}', 'paths': 'etc/x.conf'}, "paths[0] must be an absolute path, got 'etc/x.conf'"),
    ({'pidfile': '{pidfile}', 'paths': ['/etc/hostname', '']}, "paths[1] must be an absolute path, got ''"),
    ({'pidfile': '{pidfile}', 'paths': [None]}, "paths[0] must be an absolute path, got ''"),
    ({'pidfile': '{pidfile}', 'paths': ['/etc/x\0.conf']}, "paths[0] '/etc/x\\x00.conf' contains a NUL character"),
    ({'pidfile': '{pidfile}', 'paths': ['/x'] * 65}, 'paths names 65 files; at most 64'),
    ({'pidfile': '{pidfile}', 'paths': ['{tmp}/none.conf']}, 'none.conf cannot be read: No such file'),
    ({'pidfile': '{pidfile}', 'paths': ['{tmp}']}, 'is not a regular file'),
    ({'pidfile': '{pidfile}', 'paths': '{paths}', 'tolerance': -1}, 'tolerance must be between 0 and 3600 seconds, got -1.0'),
    ({'pidfile': '{pidfile}', 'paths': '{paths}', 'tolerance': 'nan'}, 'tolerance must be between 0 and 3600 seconds, got nan'),
    ({'pidfile': '{pidfile}', 'paths': '{paths}', 'tolerance': float('inf')}, 'tolerance must be between 0 and 3600 seconds, got inf'),
    ({'pidfile': '{pidfile}', 'paths': '{paths}', 'tolerance': 1e9}, 'tolerance must be between 0 and 3600 seconds'),
    ({'pidfile': '{pidfile}', 'paths': '{paths}', 'tolerance': 'soon'}, "argument 'tolerance' is of type str"),
    ({'pidfile': '{pidfile}', 'paths': '{paths}', 'tolerance': ''}, "argument 'tolerance' is of type str"),
    ({'pidfile': '{pidfile}', 'paths': '{paths}', 'color': 'red'}, 'Unsupported parameters'),
]


def _fill(value, daemon, tmp_path):
    if isinstance(value, list):
        return [_fill(item, daemon, tmp_path) for item in value]
    if value == '{paths}':
        return daemon['paths']
    if value in ('garbage.pid', 'fifo.pid'):
        return _pidfile(daemon, tmp_path, value)
    if isinstance(value, str):
        return value.replace('{pidfile}', daemon['pidfile']).replace('{tmp}', str(tmp_path))
    return value


# what ansible-core 2.20 and later answer, before any module code runs, to a NUL in a top-level string option
CORE_NUL_REFUSAL = 'Failed to log to syslog (embedded null character)'


@pytest.mark.parametrize('args, needle', BAD_INPUT)
def test_stale_daemon_rejects(run_module, daemon, tmp_path, deadline, args, needle):
    args = dict((key, _fill(value, daemon, tmp_path)) for key, value in args.items())
    out = run_module(stale_daemon, args)
    assert out.failed, args
    if isinstance(args.get('pidfile'), str) and '\0' in args['pidfile'] and CORE_NUL_REFUSAL in out.data['msg']:
        # ansible-core 2.20 and later refuse a NUL in a string option themselves, before the module runs
        return
    assert needle in out.data['msg'], (args, out.data['msg'])
