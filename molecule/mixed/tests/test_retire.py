# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Day 2: retiring a compute host (multiarch.openstack.retire_compute).

A host whose guest has no other host of its architecture to go to is refused, with nothing changed. A host without
guests is retired (by tests/conftest.py, before every other test): its nova-compute service, resource provider and
aggregate membership are gone and nova-compute no longer runs there; a second run changes nothing. It then joins
the cloud again with site --limit (tests/test_add_host.py), so the cloud is whole for the other tests."""

from __future__ import annotations

import json
import os
import sys
import time

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared'))
from scenario import Scenario, recap  # noqa: E402  pylint: disable=wrong-import-position
from cloud import aggregate_hosts, compute_service, openstack, playbook  # noqa: E402  pylint: disable=wrong-import-position

SCENARIO = Scenario(__file__)
CONTROLLER = SCENARIO.group('controllers')[0]
# the controller's own compute host: the only one of its architecture
LONE = CONTROLLER

testinfra_hosts = ['ansible://' + CONTROLLER]

pytestmark = pytest.mark.skipif('MOLECULE_INVENTORY_FILE' not in os.environ, reason='needs molecule\'s inventory')


def _wait_for_status(host, server, status, seconds=300):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        now = openstack(host, 'server show %s -f value -c status' % server).strip()
        if now in (status, 'ERROR'):
            return now
        time.sleep(3)
    return now


def test_a_host_whose_guest_has_nowhere_to_go_is_refused(host):
    arch = SCENARIO.platforms[LONE]['arch']
    name = 'verify-retire-%d' % int(time.time())
    # --nic none needs compute API 2.37
    server = openstack(host, '--os-compute-api-version 2.37 server create --image multiarch-guest-%s --flavor m1.multiarch '
                             '--nic none -f value -c id %s'
                       % (arch, name)).strip().splitlines()[-1]
    try:
        assert _wait_for_status(host, server, 'ACTIVE') == 'ACTIVE'
        assert openstack(host, 'server show %s -f value -c OS-EXT-SRV-ATTR:host' % server).strip() == LONE
        returncode, output = playbook('multiarch.openstack.retire_compute', '-e', json.dumps({'compute_retire_hosts': [LONE]}))
        service = compute_service(host, LONE)
    finally:
        host.run('. /root/admin-openrc && openstack server delete --wait %s' % server)
    assert returncode == 2, output[-4000:]
    assert '%s runs %s and no other enabled, up compute host of its aggregate can take them' % (LONE, name) in output
    # nothing changed: the service is enabled and up, the host in its aggregate
    assert service is not None and (service['Status'], service['State']) == ('enabled', 'up'), service
    assert LONE in aggregate_hosts(host, arch)
    assert recap(output)['localhost']['changed'] == 0, recap(output)


def test_a_host_without_guests_is_retired_once(day2):
    seen = day2
    name = seen['host']
    arch = SCENARIO.platforms[name]['arch']
    assert seen['before']['service'] is not None and name in seen['before']['providers'], seen['before']

    returncode, output = seen['retire']
    assert returncode == 0, output[-4000:]
    assert recap(output)['localhost']['changed'] > 0
    retired = seen['retired']
    assert retired['service'] is None, retired
    assert name not in retired['aggregate'], retired
    assert retired['providers'] == [], retired
    assert retired['nova_compute_status'] != 0, 'nova-compute still runs on %s' % name

    # retired already: nothing to do
    returncode, output = seen['retire_again']
    assert returncode == 0, output[-4000:]
    assert [counts['changed'] for counts in recap(output).values()] == [0, 0], recap(output)
    assert 'nova listed none of them (retired already)' in output
