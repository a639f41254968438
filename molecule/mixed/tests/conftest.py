# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Day 2, before any test of this scenario: converge deployed the cloud without the hosts its --limit leaves out
(molecule.yml); they join the running cloud here, with `site --limit localhost,<them>` as an operator runs it
(docs/day2.md). What the other hosts looked like before and after is kept for tests/test_add_host.py."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import testinfra

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared'))
from scenario import Scenario  # noqa: E402  pylint: disable=wrong-import-position

SCENARIO = Scenario(__file__)
ADDED = SCENARIO.left_out()
DEPLOYED = [name for name in SCENARIO.platforms if name not in ADDED]
MARKER = '/var/tmp/multiarch-add-host.marker'
# where a run that changes a host writes: its configuration, its programs, its packages' records
WATCHED = '/etc /usr /var/lib/dpkg'


def _host(name):
    return testinfra.get_host('ansible://' + name, ansible_inventory=os.environ['MOLECULE_INVENTORY_FILE'])


def _daemons(host):
    """{pid file: pid} of every pid file under /run: a daemon restarted has another pid."""
    out = host.check_output('for f in $(find /run -name "*.pid" -type f); do echo "$f $(cat "$f")"; done')
    return dict(line.split(' ', 1) for line in out.splitlines() if ' ' in line)


@pytest.fixture(scope='session')
def addition():
    """Adds the hosts converge left out; returns the run's output and exit code, and per deployed host the files
    under WATCHED newer than the run's start and its daemons' pids before and after (None: nothing to add)."""
    if not ADDED or 'MOLECULE_INVENTORY_FILE' not in os.environ:
        return None
    hosts = dict((name, _host(name)) for name in DEPLOYED)
    before = {}
    for name, host in hosts.items():
        host.check_output('touch %s' % MARKER)
        before[name] = _daemons(host)
    run = subprocess.run(['ansible-playbook', '-i', os.environ['MOLECULE_INVENTORY_FILE'], 'multiarch.openstack.site',
                          '--limit', ','.join(['localhost'] + ADDED)], capture_output=True, text=True, check=False)
    after = {}
    for name, host in hosts.items():
        newer = host.check_output('find %s -xdev -newer %s -print 2>/dev/null || true' % (WATCHED, MARKER))
        after[name] = {'newer': newer.split(), 'daemons_before': before[name], 'daemons_after': _daemons(host)}
        host.check_output('rm -f %s' % MARKER)
    return {'returncode': run.returncode, 'output': run.stdout + run.stderr, 'hosts': after}


@pytest.fixture(scope='session', autouse=True)
def whole_cloud(addition):  # pylint: disable=redefined-outer-name
    """Every test of this scenario runs on the whole cloud: the addition comes first."""
    return addition
