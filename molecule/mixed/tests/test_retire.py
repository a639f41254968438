# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Day 2: retiring a compute host (multiarch.openstack.retire_compute), then adding it back (site --limit).

A host whose guest has no other host of its architecture to go to is refused, with nothing changed. A host without
guests is retired: its nova-compute service, resource provider and aggregate membership are gone and nova-compute
no longer runs there; a second run changes nothing; `site --limit localhost,<host>` then makes it a compute host of
its aggregate again, so the cloud is whole for the tests after this one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest
import testinfra

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared'))
from scenario import Scenario, recap  # noqa: E402  pylint: disable=wrong-import-position

SCENARIO = Scenario(__file__)
CONTROLLER = SCENARIO.group('controllers')[0]
# the controller's own compute host: the only one of its architecture; and a compute host of another architecture
LONE = CONTROLLER
RETIRED = [name for name in SCENARIO.group('computes') if name != CONTROLLER][-1]

testinfra_hosts = ['ansible://' + CONTROLLER]

pytestmark = pytest.mark.skipif('MOLECULE_INVENTORY_FILE' not in os.environ, reason='needs molecule\'s inventory')


def openstack(host, args):
    return host.check_output('. /root/admin-openrc && openstack %s' % args)


def _playbook(*args):
    run = subprocess.run(['ansible-playbook', '-i', os.environ['MOLECULE_INVENTORY_FILE']] + list(args),
                         capture_output=True, text=True, check=False)
    return run.returncode, run.stdout + run.stderr


def _retire(name):
    return _playbook('multiarch.openstack.retire_compute', '-e', json.dumps({'compute_retire_hosts': [name]}))


def _lab_host(name):
    return testinfra.get_host('ansible://' + name, ansible_inventory=os.environ['MOLECULE_INVENTORY_FILE'])


def _service(host, name):
    """The nova-compute service of a host as nova lists it, or None."""
    services = json.loads(openstack(host, 'compute service list --service nova-compute -f json'))
    return next((service for service in services if service['Host'] == name), None)


def _aggregate_hosts(host, arch):
    return json.loads(openstack(host, 'aggregate show -f json arch-%s' % arch))['hosts']


def _resource_providers(host, name):
    """The names of placement's resource providers called `name` (the token goes to curl on stdin, not argv)."""
    out = host.check_output(
        '. /root/admin-openrc && url=$(openstack endpoint list --service placement --interface public -f value -c URL) '
        '&& openstack token issue -f value -c id | sed "s/^/X-Auth-Token: /" '
        '| curl -sf -H @- -H "OpenStack-API-Version: placement 1.10" "${url%%/}/resource_providers?name=%s"' % name)
    return [provider['name'] for provider in json.loads(out)['resource_providers']]


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
        returncode, output = _retire(LONE)
        service = _service(host, LONE)
    finally:
        host.run('. /root/admin-openrc && openstack server delete --wait %s' % server)
    assert returncode == 2, output[-4000:]
    assert '%s runs %s and no other enabled, up compute host of its aggregate can take them' % (LONE, name) in output
    # nothing changed: the service is enabled and up, the host in its aggregate
    assert service is not None and (service['Status'], service['State']) == ('enabled', 'up'), service
    assert LONE in _aggregate_hosts(host, arch)
    assert recap(output)['localhost']['changed'] == 0, recap(output)


def test_retire_then_add_back(host):
    arch = SCENARIO.platforms[RETIRED]['arch']
    assert _service(host, RETIRED) is not None and RETIRED in _resource_providers(host, RETIRED)

    returncode, output = _retire(RETIRED)
    assert returncode == 0, output[-4000:]
    assert recap(output)['localhost']['changed'] > 0
    assert _service(host, RETIRED) is None
    assert RETIRED not in _aggregate_hosts(host, arch)
    assert _resource_providers(host, RETIRED) == []
    # from its pid file: an init script's status misses the daemon under qemu-user (it matches the executable)
    retired = _lab_host(RETIRED)
    assert retired.run('start-stop-daemon --status --pidfile /run/nova/nova-compute.pid').rc != 0, \
        'nova-compute still runs on %s' % RETIRED

    # retired already: nothing to do
    returncode, output = _retire(RETIRED)
    assert returncode == 0, output[-4000:]
    assert [counts['changed'] for counts in recap(output).values()] == [0, 0], recap(output)
    assert 'nova listed none of them (retired already)' in output

    # and back, as a host added to a running cloud
    returncode, output = _playbook('multiarch.openstack.site', '--limit', 'localhost,' + RETIRED)
    assert returncode == 0, output[-4000:]
    service = _service(host, RETIRED)
    assert service is not None and (service['Status'], service['State']) == ('enabled', 'up'), service
    assert RETIRED in _aggregate_hosts(host, arch)
    assert _resource_providers(host, RETIRED) == [RETIRED]
