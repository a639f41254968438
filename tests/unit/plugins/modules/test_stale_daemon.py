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


def test_bad_input(run_module, daemon, tmp_path):
    garbage = tmp_path / 'garbage.pid'
    garbage.write_text('not a pid')
    cases = [
        ({'pidfile': 'run/x.pid', 'paths': daemon['paths']}, 'pidfile must be an absolute path'),
        ({'pidfile': '', 'paths': daemon['paths']}, 'pidfile must be an absolute path'),
        ({'pidfile': daemon['pidfile']}, 'missing required arguments: paths'),
        ({'pidfile': daemon['pidfile'], 'paths': []}, 'paths must name at least one configuration file'),
        ({'pidfile': daemon['pidfile'], 'paths': ['etc/x.conf']}, "paths[0] must be an absolute path, got 'etc/x.conf'"),
        ({'pidfile': daemon['pidfile'], 'paths': [daemon['paths'][0], '']}, "paths[1] must be an absolute path"),
        ({'pidfile': daemon['pidfile'], 'paths': ['/x'] * 65}, 'paths names 65 files; at most 64'),
        ({'pidfile': daemon['pidfile'], 'paths': [str(tmp_path / 'none.conf')]}, 'none.conf cannot be read: No such file'),
        ({'pidfile': daemon['pidfile'], 'paths': [str(tmp_path)]}, 'is not a regular file'),
        ({'pidfile': daemon['pidfile'], 'paths': daemon['paths'], 'tolerance': -1}, 'tolerance must be between 0 and 3600'),
        ({'pidfile': daemon['pidfile'], 'paths': daemon['paths'], 'tolerance': 'nan'}, 'tolerance must be between'),
        ({'pidfile': daemon['pidfile'], 'paths': daemon['paths'], 'tolerance': 'soon'}, 'tolerance'),
        ({'pidfile': daemon['pidfile'], 'paths': daemon['paths'], 'tolerance': 1e9}, 'tolerance must be between'),
        ({'pidfile': str(garbage), 'paths': daemon['paths']}, 'does not hold a pid'),
        ({'pidfile': daemon['pidfile'], 'paths': daemon['paths'], 'color': 'red'}, 'Unsupported parameters'),
    ]
    for args, needle in cases:
        out = run_module(stale_daemon, args)
        assert out.failed, args
        assert needle in out.data['msg'], (args, out.data['msg'])
