# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""pidfile_service with a real init script (a shell script starting a real daemon in the background), the machine's
own start-stop-daemon, real pid files and real processes."""

from __future__ import annotations

import os
import pwd
import signal
import stat
import time

import pytest

from ansible_collections.multiarch.openstack.plugins.module_utils import process
from ansible_collections.multiarch.openstack.plugins.modules import pidfile_service

# an init script as Debian's start one: its daemon goes to the background, keeps the script's output open (as a
# careless daemon does), and writes its pid file; EXIT_CODE says what the script exits with, NO_DAEMON that it starts
# nothing
SCRIPT = '''#!/bin/sh
[ "$1" = restart ] || exit 3
echo "Restarting {name}"
[ -e {dir}/no-daemon ] && exit 1
sleep 300 &
echo $! > {pidfile}
echo $! >> {dir}/started
exit $(cat {dir}/exit-code 2>/dev/null || echo 0)
'''


@pytest.fixture
def daemon(tmp_path):
    """An init script, its pid file's path and a configuration file older than any start; kills what it started."""
    pidfile = tmp_path / 'fake.pid'
    script = tmp_path / 'fake'
    script.write_text(SCRIPT.format(name='fake', dir=tmp_path, pidfile=pidfile))
    script.chmod(stat.S_IRWXU)
    conf = tmp_path / 'fake.conf'
    conf.write_text('[DEFAULT]\n')
    os.utime(str(conf), (time.time() - 600, time.time() - 600))
    args = {'name': 'fake', 'pidfile': str(pidfile), 'init_script': str(script), 'config_files': [str(conf)],
            'start_timeout': 5, 'stop_timeout': 5}
    yield {'args': args, 'dir': tmp_path, 'conf': str(conf), 'pidfile': str(pidfile)}
    started = tmp_path / 'started'
    for pid in (started.read_text().split() if started.exists() else []):
        try:
            os.kill(int(pid), signal.SIGKILL)
        except OSError:
            pass


def _alive(pid):
    return process.start_time(pid) is not None


def test_a_daemon_that_does_not_run_is_started(run_module, daemon):
    out = run_module(pidfile_service, daemon['args'])
    assert not out.failed, out.data
    assert (out.data['changed'], out.data['action'], out.data['stale']) == (True, 'start', False)
    assert out.data['pid'] == process.pid_from_file(daemon['pidfile'])
    assert _alive(out.data['pid'])
    assert 'Restarting fake' in out.data['output'] and '(exit code 0)' in out.data['output']


def test_a_running_daemon_with_older_files_is_left_alone(run_module, daemon):
    first = run_module(pidfile_service, daemon['args']).data['pid']
    for check_mode in (True, False):
        out = run_module(pidfile_service, daemon['args'], check_mode=check_mode)
        assert (out.data['changed'], out.data['action'], out.data['pid']) == (False, 'none', first)
        assert 'output' not in out.data
    assert (daemon['dir'] / 'started').read_text().split() == [str(first)]


def test_a_file_newer_than_the_daemon_restarts_it(run_module, daemon):
    first = run_module(pidfile_service, daemon['args']).data['pid']
    started = process.start_time(first)
    # a run wrote the file, and was killed before the restart
    os.utime(daemon['conf'], (started + 30, started + 30))
    checked = run_module(pidfile_service, daemon['args'], check_mode=True)
    assert (checked.data['changed'], checked.data['action'], checked.data['stale']) == (True, 'restart', True)
    assert daemon['conf'] in checked.data['reason']
    assert _alive(first), 'check mode stopped the daemon'
    out = run_module(pidfile_service, daemon['args'])
    assert (out.data['changed'], out.data['action'], out.data['stale']) == (True, 'restart', True)
    assert out.data['pid'] != first and _alive(out.data['pid'])
    # the old process was stopped and waited for before the start
    assert not _alive(first)


def test_state_restarted_restarts_a_daemon_that_runs(run_module, daemon):
    first = run_module(pidfile_service, daemon['args']).data['pid']
    out = run_module(pidfile_service, dict(daemon['args'], state='restarted'))
    assert (out.data['action'], out.data['stale']) == ('restart', False)
    assert not _alive(first) and _alive(out.data['pid'])


def test_check_mode_starts_nothing(run_module, daemon):
    out = run_module(pidfile_service, daemon['args'], check_mode=True)
    assert (out.data['changed'], out.data['action'], out.data['pid']) == (True, 'start', None)
    assert not os.path.exists(daemon['pidfile'])
    assert not (daemon['dir'] / 'started').exists()


def test_the_pid_file_decides_not_the_scripts_exit_code(run_module, daemon):
    # an init script that compares /proc/PID/cmdline with the daemon's path says it failed on a qemu-user host
    (daemon['dir'] / 'exit-code').write_text('1')
    out = run_module(pidfile_service, daemon['args'])
    assert not out.failed and out.data['action'] == 'start' and _alive(out.data['pid'])
    assert '(exit code 1)' in out.data['output']


def test_a_daemon_that_does_not_come_up_fails_with_the_scripts_words(run_module, daemon):
    (daemon['dir'] / 'no-daemon').write_text('')
    begun = time.time()
    out = run_module(pidfile_service, dict(daemon['args'], start_timeout=2))
    assert out.failed
    assert time.time() - begun < 10
    assert 'fake does not run 2 s after its init script started it' in out.data['msg']
    assert 'Restarting fake (exit code 1)' in out.data['msg']


def test_a_stale_pid_file_counts_as_not_running(run_module, daemon):
    (daemon['dir'] / 'fake.pid').write_text('%d\n' % _gone_pid())
    out = run_module(pidfile_service, daemon['args'])
    assert out.data['action'] == 'start' and _alive(out.data['pid'])


def _gone_pid():
    pid = os.fork()
    if pid == 0:
        os._exit(0)  # pylint: disable=protected-access
    os.waitpid(pid, 0)
    return pid


@pytest.mark.parametrize('change, words', [
    ({'name': '../etc/passwd'}, 'name must be an init script'),
    ({'name': ''}, 'name must be an init script'),
    ({'pidfile': 'relative.pid'}, 'pidfile must be an absolute path'),
    ({'init_script': 'fake'}, 'init_script must be an absolute path'),
    ({'config_files': ['relative.conf']}, 'config_files[0] must be an absolute path'),
    ({'config_files': ['/nonexistent/fake.conf']}, 'configuration file /nonexistent/fake.conf cannot be read'),
    ({'user': 'root; rm -rf /'}, 'user must be a user name'),
    ({'stop_timeout': 0}, 'stop_timeout must be between 1 and 3600'),
    ({'start_timeout': 100000}, 'start_timeout must be between 1 and 3600'),
    ({'tolerance': float('nan')}, 'tolerance must be between 0 and 3600'),
    ({'state': 'stopped'}, 'value of state must be one of'),
])
def test_bad_input_is_refused_before_anything_runs(run_module, daemon, change, words):
    out = run_module(pidfile_service, dict(daemon['args'], **change))
    assert out.failed and words in out.data['msg'], out.data['msg']
    assert not (daemon['dir'] / 'started').exists()


def test_a_missing_init_script_is_named(run_module, daemon):
    out = run_module(pidfile_service, dict(daemon['args'], init_script=str(daemon['dir'] / 'missing')))
    assert out.failed and 'init script %s of fake is missing' % (daemon['dir'] / 'missing') in out.data['msg']


def test_a_pid_file_that_is_not_one_is_named(run_module, daemon):
    (daemon['dir'] / 'fake.pid').write_text('garbage')
    out = run_module(pidfile_service, daemon['args'])
    assert out.failed and 'does not hold a pid' in out.data['msg']


def test_a_process_of_another_user_is_not_the_daemon(run_module, daemon):
    # a pid file left behind whose number another user's process now has: as start-stop-daemon --status --user says
    first = run_module(pidfile_service, daemon['args']).data['pid']
    mine = pwd.getpwuid(os.getuid()).pw_name
    other = 'nobody' if mine != 'nobody' else 'root'
    assert run_module(pidfile_service, dict(daemon['args'], user=mine)).data['action'] == 'none'
    out = run_module(pidfile_service, dict(daemon['args'], user=other), check_mode=True)
    assert (out.data['changed'], out.data['action'], out.data['pid']) == (True, 'start', None)
    # a user the host does not have (yet): nothing runs as it
    out = run_module(pidfile_service, dict(daemon['args'], user='multiarch-no-such-user'), check_mode=True)
    assert out.data['action'] == 'start'
    assert _alive(first), 'check mode stopped the daemon'
