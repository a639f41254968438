# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Day 2, before any test of this scenario: a compute host of another architecture than the controller's is retired
(multiarch.openstack.retire_compute, twice: the second run finds nothing to do) and joins the running cloud again
with `site --limit localhost,<host>`, as an operator adds a host (docs/day2.md). What nova, placement and the other
hosts showed at each step is kept for tests/test_retire.py and tests/test_add_host.py; every other test then runs on
the whole cloud, the host back in it (validate boots a guest of its architecture, which only it runs natively)."""

from __future__ import annotations

import json
import os
import sys

import pytest
import testinfra

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared'))
from scenario import Scenario  # noqa: E402  pylint: disable=wrong-import-position
from cloud import aggregate_hosts, compute_service, playbook, resource_providers  # noqa: E402  pylint: disable=wrong-import-position

SCENARIO = Scenario(__file__)
MARKER = '/var/tmp/multiarch-add-host.marker'
CONTROLLER = SCENARIO.group('controllers')[0]
# a compute host of another architecture than the controller's: retired, then added back. The first one (the aarch64
# host): the addition's site run is mostly module runs on that host, and under qemu-user here a Python of aarch64
# starts in about two thirds of the time one of ppc64le takes
RETIRED = [name for name in SCENARIO.group('computes') if name != CONTROLLER][0]
# the hosts outside the limit of its addition
OTHERS = [name for name in SCENARIO.platforms if name != RETIRED]
# where a run that changes a host writes: its configuration, its programs, its packages' records
WATCHED = '/etc /usr /var/lib/dpkg'


def _host(name):
    return testinfra.get_host('ansible://' + name, ansible_inventory=os.environ['MOLECULE_INVENTORY_FILE'])


def _daemons(host):
    """{pid file: pid} of every pid file under /run: a daemon restarted has another pid."""
    out = host.check_output('for f in $(find /run -name "*.pid" -type f); do echo "$f $(cat "$f")"; done')
    return dict(line.split(' ', 1) for line in out.splitlines() if ' ' in line)


def _add(name):
    """site --limit localhost,<name>: its exit code and output, and per other host the files under WATCHED newer than
    the run's start and its daemons' pids before and after."""
    hosts = dict((other, _host(other)) for other in OTHERS)
    before = {}
    for other, host in hosts.items():
        host.check_output('touch %s' % MARKER)
        before[other] = _daemons(host)
    returncode, output = playbook('multiarch.openstack.site', '--limit', 'localhost,' + name)
    after = {}
    for other, host in hosts.items():
        newer = host.check_output('find %s -xdev -newer %s -print 2>/dev/null || true' % (WATCHED, MARKER))
        after[other] = {'newer': newer.split(), 'daemons_before': before[other], 'daemons_after': _daemons(host)}
        host.check_output('rm -f %s' % MARKER)
    return {'returncode': returncode, 'output': output, 'hosts': after}


@pytest.fixture(scope='session')
def day2():
    """RETIRED retired twice, what nova, placement and the host showed before and after; then added back (_add).
    None without molecule's inventory (the tests that use it skip then)."""
    if 'MOLECULE_INVENTORY_FILE' not in os.environ:
        return None
    controller = _host(CONTROLLER)
    arch = SCENARIO.platforms[RETIRED]['arch']
    seen = {'host': RETIRED,
            'before': {'service': compute_service(controller, RETIRED), 'providers': resource_providers(controller, RETIRED)}}
    retire = ['multiarch.openstack.retire_compute', '-e', json.dumps({'compute_retire_hosts': [RETIRED]})]
    seen['retire'] = playbook(*retire)
    # from its pid file: an init script's status misses the daemon under qemu-user (it matches the executable)
    seen['retired'] = {
        'service': compute_service(controller, RETIRED), 'aggregate': aggregate_hosts(controller, arch),
        'providers': resource_providers(controller, RETIRED),
        'nova_compute_status': _host(RETIRED).run('start-stop-daemon --status --pidfile /run/nova/nova-compute.pid').rc}
    seen['retire_again'] = playbook(*retire)
    seen['addition'] = _add(RETIRED)
    return seen


@pytest.fixture(scope='session', autouse=True)
def whole_cloud(day2):  # pylint: disable=redefined-outer-name
    """Every test of this scenario runs on the whole cloud, after the host's retirement and its addition."""
    return day2
