# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Day 2, before any test of this scenario: converge deployed the cloud without the hosts its --limit leaves out
(molecule.yml); they join the running cloud here, with `site --limit localhost,<them>` as an operator runs it
(docs/day2.md). What the other hosts looked like before and after is kept for tests/test_add_host.py.

Later, one whole-inventory site run serves two tests (a site run of this lab is minutes of CI): a compute host is
retired first (tests/test_retire.py), then site runs without the operator's overrides and with glance's schema
changed behind its stamp (tests/test_overrides.py); the retired host, still in the inventory, is deployed again by it."""

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
ADDED = SCENARIO.left_out()
DEPLOYED = [name for name in SCENARIO.platforms if name not in ADDED]
MARKER = '/var/tmp/multiarch-add-host.marker'
CONTROLLER = SCENARIO.group('controllers')[0]
# a compute host of another architecture than the controller's, retired before the second converge
RETIRED = [name for name in SCENARIO.group('computes') if name != CONTROLLER][-1]
# a table glance's last schema sync did not see (what a restore or an operator's change looks like to the stamp)
PROBE_TABLE = 'glance.multiarch_schema_probe'
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
    returncode, output = playbook('multiarch.openstack.site', '--limit', ','.join(['localhost'] + ADDED))
    after = {}
    for name, host in hosts.items():
        newer = host.check_output('find %s -xdev -newer %s -print 2>/dev/null || true' % (WATCHED, MARKER))
        after[name] = {'newer': newer.split(), 'daemons_before': before[name], 'daemons_after': _daemons(host)}
        host.check_output('rm -f %s' % MARKER)
    return {'returncode': returncode, 'output': output, 'hosts': after}


@pytest.fixture(scope='session', autouse=True)
def whole_cloud(addition):  # pylint: disable=redefined-outer-name
    """Every test of this scenario runs on the whole cloud: the addition comes first."""
    return addition


@pytest.fixture(scope='session')
def second_converge():
    """RETIRED retired (twice: the second run finds nothing to do), what nova, placement and the host showed then;
    then site on the whole inventory with the overrides given empty and PROBE_TABLE in glance's database."""
    if 'MOLECULE_INVENTORY_FILE' not in os.environ:
        pytest.skip('needs molecule\'s inventory')
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
    controller.check_output('mysql -e "CREATE TABLE %s (probe INT)"' % PROBE_TABLE)
    try:
        # the whole inventory (no --limit); the overrides given empty take precedence over the inventory's
        seen['site'] = playbook('multiarch.openstack.site',
                                '-e', json.dumps({'nova_control_conf_overrides': {}, 'neutron_conf_overrides': {}}))
    finally:
        controller.check_output('mysql -e "DROP TABLE IF EXISTS %s"' % PROBE_TABLE)
    return seen
