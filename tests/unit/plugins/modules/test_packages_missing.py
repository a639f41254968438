# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""packages_missing against the real dpkg database of the machine running the tests (a Debian machine: dpkg and
libc6 are installed on every one)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from ansible_collections.multiarch.openstack.plugins.modules import packages_missing

pytestmark = pytest.mark.skipif(shutil.which('dpkg-query') is None, reason='needs dpkg')

ABSENT = 'multiarch-openstack-no-such-package'


def _native():
    return subprocess.check_output(['dpkg', '--print-architecture'], text=True).strip()


def test_installed_packages_are_not_missing(run_module):
    out = run_module(packages_missing, {'names': ['dpkg', 'libc6']})
    assert not out.failed, out.data
    assert (out.data['changed'], out.data['missing']) == (False, [])


def test_unknown_packages_are_missing_in_the_order_given(run_module):
    out = run_module(packages_missing, {'names': [ABSENT + '-b', 'dpkg', ABSENT + '-a']}, check_mode=True)
    assert not out.failed, out.data
    assert out.data['missing'] == [ABSENT + '-b', ABSENT + '-a']


def test_a_name_with_the_architecture_dpkg_shows(run_module):
    # libc6 is Multi-Arch same, so dpkg names it with its architecture
    native = _native()
    out = run_module(packages_missing, {'names': ['libc6:' + native, 'libc6']})
    assert out.data['missing'] == []
    # no host has libc6 of an architecture that does not exist
    assert run_module(packages_missing, {'names': ['libc6:nosucharch']}).data['missing'] == ['libc6:nosucharch']


@pytest.mark.parametrize('names, words', [
    ([], 'names must list at least one package'),
    (['Dpkg'], 'names[0] must be a Debian package name'),
    (['dpkg', '--admindir=/tmp'], 'names[1] must be a Debian package name'),
    (['dpkg; rm -rf /'], 'names[0] must be a Debian package name'),
    (['a'], 'names[0] must be a Debian package name'),
    (['dpkg:'], 'names[0] must be a Debian package name'),
    (['x%d' % n for n in range(1001)], 'names lists 1001 packages; at most 1000'),
])
def test_bad_input_is_refused(run_module, names, words):
    out = run_module(packages_missing, {'names': names})
    assert out.failed and words in out.data['msg'], out.data['msg']
