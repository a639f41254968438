# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Day 2: a compute host joins the running cloud with `site --limit localhost,<host>`: here the host
tests/conftest.py retired before (tests/test_retire.py), run before every other test of this scenario. The hosts
outside the limit are read and not changed: no file of theirs under /etc, /usr or dpkg's records newer than the
run, no daemon restarted. The host is a compute service again, in its architecture's aggregate, with its resource
provider; test_cloud.py's validate then boots a guest of its architecture on it."""

from __future__ import annotations

import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared'))
from scenario import Scenario, recap  # noqa: E402  pylint: disable=wrong-import-position
from cloud import aggregate_hosts, compute_service, resource_providers  # noqa: E402  pylint: disable=wrong-import-position

SCENARIO = Scenario(__file__)
CONTROLLER = SCENARIO.group('controllers')[0]

testinfra_hosts = ['ansible://' + CONTROLLER]


def test_recap_parses_a_colored_output():
    output = ('PLAY RECAP *****\n\x1b[0;33mmx-arm\x1b[0m                     : \x1b[0;32mok=88  \x1b[0m '
              '\x1b[0;33mchanged=31  \x1b[0m unreachable=0    failed=0    skipped=12   rescued=0    ignored=0\n'
              'localhost                  : ok=20   changed=1    unreachable=0    failed=0    skipped=9    rescued=0    ignored=0\n')
    assert recap(output) == {
        'mx-arm': {'ok': 88, 'changed': 31, 'unreachable': 0, 'failed': 0, 'skipped': 12, 'rescued': 0, 'ignored': 0},
        'localhost': {'ok': 20, 'changed': 1, 'unreachable': 0, 'failed': 0, 'skipped': 9, 'rescued': 0, 'ignored': 0}}


@pytest.mark.skipif('MOLECULE_INVENTORY_FILE' not in os.environ, reason='needs molecule\'s inventory')
class TestAddition:
    """What conftest.py's site --limit localhost,<host> did."""

    def test_the_run_changed_the_new_host_and_no_other(self, day2):
        addition, name = day2['addition'], day2['host']
        assert addition['returncode'] == 0, addition['output'][-4000:]
        hosts = recap(addition['output'])
        # the hosts outside the limit ran no task (they were read by tasks delegated to them)
        assert sorted(hosts) == ['localhost', name], hosts
        # its nova-compute, stopped by the retirement, started again
        assert hosts[name]['changed'] > 0 and hosts[name]['failed'] == 0, (name, hosts[name])
        assert 'Read architecture, CPU and libvirt of the hosts outside --limit' in addition['output']

    def test_the_hosts_outside_the_limit_are_as_they_were(self, day2):
        addition = day2['addition']
        assert sorted(addition['hosts']) == sorted(name for name in SCENARIO.platforms if name != day2['host'])
        for name, seen in addition['hosts'].items():
            assert seen['newer'] == [], (name, seen['newer'][:20])
            assert seen['daemons_before'], (name, 'no pid file under /run: nothing was compared')
            assert seen['daemons_after'] == seen['daemons_before'], name

    def test_the_new_host_is_a_compute_service_of_its_aggregate(self, host, day2):
        name = day2['host']
        service = compute_service(host, name)
        assert service is not None and (service['Status'], service['State']) == ('enabled', 'up'), service
        assert name in aggregate_hosts(host, SCENARIO.platforms[name]['arch'])
        assert resource_providers(host, name) == [name]
