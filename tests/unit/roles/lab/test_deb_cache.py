# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""roles/lab/files/deb-cache.sh, run for real on a host tree: it keeps the packages dpkg says are installed (by
the file names apt gives them, the epoch's colon as %3a), nothing else; it gives a new host the packages of its
architecture and of "all"; it forgets packages no lab installed for the given number of days."""

from __future__ import annotations

import os
import subprocess
import time

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, '..', '..', '..', '..', 'roles', 'lab', 'files', 'deb-cache.sh')

STATUS = """Package: qemu-system-arm
Status: install ok installed
Architecture: arm64
Version: 1:7.2+dfsg-7+deb12u18

Package: python3-nova
Status: install ok installed
Architecture: all
Version: 2:26.2.2-1~deb12u4

Package: removed-one
Status: deinstall ok config-files
Architecture: arm64
Version: 1.0-1

Package: libc6
Status: install ok installed
Multi-Arch: same
Architecture: amd64
Version: 2.36-9+deb12u10
"""

INSTALLED = ['qemu-system-arm_1%3a7.2+dfsg-7+deb12u18_arm64.deb', 'python3-nova_2%3a26.2.2-1~deb12u4_all.deb',
             'libc6_2.36-9+deb12u10_amd64.deb']
NOT_INSTALLED = ['removed-one_1.0-1_arm64.deb', 'qemu-system-arm_1%3a7.2+dfsg-7+deb12u17_arm64.deb']


def _run(*args):
    result = subprocess.run(['bash', SCRIPT] + [str(arg) for arg in args], capture_output=True, text=True, check=False)
    return result.returncode, result.stdout.strip(), result.stderr


def _host(tmp_path, name, status=None, debs=()):
    root = tmp_path / name
    (root / 'var' / 'cache' / 'apt' / 'archives').mkdir(parents=True)
    (root / 'var' / 'lib' / 'dpkg').mkdir(parents=True)
    if status is not None:
        (root / 'var' / 'lib' / 'dpkg' / 'status').write_text(status)
    for deb in debs:
        (root / 'var' / 'cache' / 'apt' / 'archives' / deb).write_text('contents of %s\n' % deb)
    return root


def test_keeps_the_installed_packages_and_nothing_else(tmp_path):
    root = _host(tmp_path, 'arm', STATUS, INSTALLED + NOT_INSTALLED)
    cache = tmp_path / 'cache'
    assert _run('keep', root, cache, 14)[:2] == (0, 'changed')
    assert sorted(os.listdir(cache)) == sorted(INSTALLED)
    for deb in INSTALLED:
        assert (cache / deb).read_text() == 'contents of %s\n' % deb
    # the second time there is nothing new
    assert _run('keep', root, cache, 14)[:2] == (0, 'unchanged')


def test_a_new_host_gets_its_architecture_and_all(tmp_path):
    cache = tmp_path / 'cache'
    _run('keep', _host(tmp_path, 'arm', STATUS, INSTALLED), cache, 14)
    new = _host(tmp_path, 'new-arm')
    assert _run('seed', new, cache, 'arm64')[:2] == (0, 'changed')
    archive = new / 'var' / 'cache' / 'apt' / 'archives'
    assert sorted(os.listdir(archive)) == sorted(deb for deb in INSTALLED if not deb.endswith('_amd64.deb'))
    assert _run('seed', new, cache, 'arm64')[:2] == (0, 'unchanged')
    ppc = _host(tmp_path, 'new-ppc')
    _run('seed', ppc, cache, 'ppc64el')
    assert os.listdir(ppc / 'var' / 'cache' / 'apt' / 'archives') == ['python3-nova_2%3a26.2.2-1~deb12u4_all.deb']


def test_forgets_what_no_lab_installed_for_days(tmp_path):
    cache = tmp_path / 'cache'
    _run('keep', _host(tmp_path, 'arm', STATUS, INSTALLED), cache, 14)
    old = time.time() - 20 * 86400
    os.utime(cache / INSTALLED[0], (old, old))
    # a later lab without that package keeps the others and forgets it
    later = _host(tmp_path, 'later', STATUS.split('\n\n', 1)[1], INSTALLED[1:])
    assert _run('keep', later, cache, 14)[:2] == (0, 'changed')
    assert sorted(os.listdir(cache)) == sorted(INSTALLED[1:])


@pytest.mark.parametrize('days', ['0', '', 'x', '-3'])
def test_refuses_a_number_of_days_that_would_empty_the_cache(tmp_path, days):
    root = _host(tmp_path, 'arm', STATUS, INSTALLED)
    rc, out, err = _run('keep', root, tmp_path / 'cache', days)
    assert rc == 2 and 'DAYS must be a whole number of days, 1 or more' in err
    assert not (tmp_path / 'cache').exists()


def test_seed_needs_an_apt_archive(tmp_path):
    rc, out, err = _run('seed', tmp_path / 'nothing', tmp_path / 'cache', 'arm64')
    assert rc == 1 and 'no apt archive at' in err
