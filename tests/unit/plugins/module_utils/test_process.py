# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""pid files and process start times, on real processes of the machine running the tests."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from ansible_collections.multiarch.openstack.plugins.module_utils import process


@pytest.fixture
def sleeper():
    before = time.time()
    child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])
    after = time.time()
    yield child, before, after
    child.kill()
    child.wait()


def test_start_time_of_a_process_started_now(sleeper):
    child, before, after = sleeper
    started = process.start_time(child.pid)
    # read from clock ticks since boot: within a few hundredths of a second of the fork
    assert before - 0.05 <= started <= after + 0.05


def test_start_time_of_this_process_is_before_its_child(sleeper):
    child = sleeper[0]
    assert process.start_time(os.getpid()) <= process.start_time(child.pid)


def test_a_command_name_with_spaces_and_parentheses(tmp_path):
    # comm is the executable's name: one with ") (" in it must not shift the fields
    odd = tmp_path / 'a) (b c'
    os.symlink('/bin/sleep', str(odd))
    before = time.time()
    child = subprocess.Popen([str(odd), '60'])
    try:
        started = process.start_time(child.pid)
        assert abs(started - before) < 1.0
    finally:
        child.kill()
        child.wait()


def test_exited_processes_do_not_run():
    child = subprocess.Popen(['true'])
    # a zombie until waited for: it runs nothing
    deadline = time.time() + 10
    while time.time() < deadline:
        with open('/proc/%d/stat' % child.pid) as handle:
            if handle.read().rsplit(')', 1)[1].split()[0] == 'Z':
                break
        time.sleep(0.02)
    assert process.start_time(child.pid) is None
    child.wait()
    # reaped: no /proc entry at all
    assert process.start_time(child.pid) is None


def test_a_broken_proc_entry_is_an_error(tmp_path):
    (tmp_path / '42').mkdir()
    (tmp_path / '42' / 'stat').write_text('42 (x) S 1 2')
    with pytest.raises(process.ProcessError, match='has no start time'):
        process.start_time(42, proc=str(tmp_path))


@pytest.mark.parametrize('content, pid', [('4242\n', 4242), ('  17  ', 17), ('1', 1)])
def test_pid_files(tmp_path, content, pid):
    path = tmp_path / 'x.pid'
    path.write_text(content)
    assert process.pid_from_file(str(path)) == pid


def test_a_missing_pid_file_names_no_process(tmp_path):
    assert process.pid_from_file(str(tmp_path / 'missing.pid')) is None


@pytest.mark.parametrize('content', ['', '\n', 'abc', '-1', '0', '12 13', '1.5', '9' * 80, '\x00\x01'])
def test_what_is_not_a_pid_file(tmp_path, content):
    path = tmp_path / 'x.pid'
    path.write_text(content)
    with pytest.raises(process.ProcessError, match='does not hold a pid'):
        process.pid_from_file(str(path))


def test_a_directory_is_not_a_pid_file(tmp_path):
    with pytest.raises(process.ProcessError, match='cannot read pid file'):
        process.pid_from_file(str(tmp_path))


def test_the_file_that_changed_last(tmp_path):
    old, new = tmp_path / 'old.conf', tmp_path / 'new.conf'
    for path, mtime in ((old, 1000.0), (new, 2000.5)):
        path.write_text('[DEFAULT]\n')
        os.utime(str(path), (mtime, mtime))
    assert process.newest_file([str(old), str(new)]) == (str(new), 2000.5)
    assert process.newest_file([str(new), str(old)]) == (str(new), 2000.5)
    assert process.newest_file([]) is None


def test_a_configuration_file_that_cannot_be_read_or_is_not_one(tmp_path):
    with pytest.raises(process.ProcessError, match='missing.conf cannot be read: No such file'):
        process.newest_file([str(tmp_path / 'missing.conf')])
    with pytest.raises(process.ProcessError, match='is not a regular file'):
        process.newest_file([str(tmp_path)])


def test_the_effective_uid_of_a_process():
    assert process.effective_uid(os.getpid()) == os.geteuid()
    gone = subprocess.Popen(['true'])
    gone.wait()
    assert process.effective_uid(gone.pid) is None
