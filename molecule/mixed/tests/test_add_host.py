# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Day 2: a compute host of an architecture the running cloud does not have yet joins it with
`site --limit localhost,<host>` (tests/conftest.py runs it before every other test of this scenario). The hosts
outside the limit are read and not changed: no file of theirs under /etc, /usr or dpkg's records newer than the
run, no daemon restarted. The new host is a compute service, in its architecture's aggregate; test_cloud.py's
validate then boots a guest of its architecture, which no other host of the cloud has."""

from __future__ import annotations

import json
import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared'))
from scenario import Scenario, recap  # noqa: E402  pylint: disable=wrong-import-position

SCENARIO = Scenario(__file__)
ADDED = SCENARIO.left_out()
DEPLOYED = [name for name in SCENARIO.platforms if name not in ADDED]
CONTROLLER = SCENARIO.group('controllers')[0]

testinfra_hosts = ['ansible://' + CONTROLLER]

pytestmark = pytest.mark.skipif(not ADDED, reason='converge deployed every host (no --limit in molecule.yml)')


def test_recap_parses_a_colored_output():
    output = ('PLAY RECAP *****\n\x1b[0;33mmx-arm\x1b[0m                     : \x1b[0;32mok=88  \x1b[0m '
              '\x1b[0;33mchanged=31  \x1b[0m unreachable=0    failed=0    skipped=12   rescued=0    ignored=0\n'
              'localhost                  : ok=20   changed=1    unreachable=0    failed=0    skipped=9    rescued=0    ignored=0\n')
    assert recap(output) == {
        'mx-arm': {'ok': 88, 'changed': 31, 'unreachable': 0, 'failed': 0, 'skipped': 12, 'rescued': 0, 'ignored': 0},
        'localhost': {'ok': 20, 'changed': 1, 'unreachable': 0, 'failed': 0, 'skipped': 9, 'rescued': 0, 'ignored': 0}}


def test_the_run_changed_the_new_hosts_and_no_other(addition):
    assert addition['returncode'] == 0, addition['output'][-4000:]
    hosts = recap(addition['output'])
    # the hosts outside the limit ran no task (they were read by tasks delegated to them)
    assert sorted(hosts) == sorted(['localhost'] + ADDED), hosts
    for name in ADDED:
        assert hosts[name]['changed'] > 0 and hosts[name]['failed'] == 0, (name, hosts[name])
    assert 'Read architecture, CPU and libvirt of the hosts outside --limit' in addition['output']


def test_the_hosts_outside_the_limit_are_as_they_were(addition):
    assert sorted(addition['hosts']) == sorted(DEPLOYED)
    for name, seen in addition['hosts'].items():
        assert seen['newer'] == [], (name, seen['newer'][:20])
        assert seen['daemons_before'], (name, 'no pid file under /run: nothing was compared')
        assert seen['daemons_after'] == seen['daemons_before'], name


def test_the_new_hosts_are_compute_services_of_their_aggregate(host):
    services = json.loads(host.check_output('. /root/admin-openrc && openstack compute service list --service nova-compute -f json'))
    up = dict((service['Host'], service['State']) for service in services)
    for name in ADDED:
        assert up.get(name) == 'up', (name, up)
        # the aggregate of its architecture (cloud_resources' default prefix)
        shown = json.loads(host.check_output(
            '. /root/admin-openrc && openstack aggregate show -f json arch-%s' % SCENARIO.platforms[name]['arch']))
        assert name in shown['hosts'], shown
