# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Operators' options through *_conf_overrides: the scenario's inventory sets a nova option and a neutron option;
they are in the files and in what the services answer. A site run on the controller without them, limited to the
schema syncs and the configuration (`site --limit localhost,<controller> --tags db,config`, as an operator applies a
change of the control plane's options), takes them out of the files, and the restarted services answer their
defaults again.

The same run shows the schema sync's stamps at work: a table added to glance's database beforehand (what a restore
or an operator's change looks like to the stamp) makes that run sync glance's schema, and only glance's."""

from __future__ import annotations

import configparser
import json
import os
import re
import sys

import pytest
import testinfra

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared'))
from scenario import Scenario  # noqa: E402  pylint: disable=wrong-import-position
from cloud import playbook  # noqa: E402  pylint: disable=wrong-import-position

SCENARIO = Scenario(__file__)
CONTROLLER = SCENARIO.group('controllers')[0]

testinfra_hosts = ['ansible://' + CONTROLLER]

# a table glance's last schema sync did not see
PROBE_TABLE = 'glance.multiarch_schema_probe'

# as molecule.yml sets them (group_vars all), and the services' own defaults
NOVA = ('/etc/nova/nova.conf', 'quota', 'instances', '37', 10)
NEUTRON = ('/etc/neutron/neutron.conf', 'quotas', 'quota_network', '23', 100)


def _conf(host, path):
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read_string(host.file(path).content_string)
    return parser


def _default_quotas(host):
    """instances (nova) and networks (neutron) of the admin project's default quotas, as the APIs answer."""
    script = (
        '. /root/admin-openrc && token=$(openstack token issue -f value -c id) && '
        'project=$(openstack token issue -f value -c project_id) && '
        'nova=$(openstack endpoint list --service compute --interface public -f value -c URL) && '
        'neutron=$(openstack endpoint list --service network --interface public -f value -c URL) && '
        'curl -sf -H "X-Auth-Token: $token" "${nova%/}/os-quota-sets/$project/defaults" && echo && '
        'curl -sf -H "X-Auth-Token: $token" "${neutron%/}/v2.0/quotas/$project/default"')
    nova, neutron = host.check_output(script).splitlines()
    return json.loads(nova)['quota_set']['instances'], json.loads(neutron)['quota']['network']


def test_overrides_reach_the_files_and_the_services(host):
    for path, section, option, value, _default in (NOVA, NEUTRON):
        conf = _conf(host, path)
        assert conf.get(section, option, fallback=None) == value, (path, section, option)
        # the header tells an operator where the file comes from
        assert host.file(path).content_string.startswith('# Written by multiarch.openstack')
    assert _default_quotas(host) == (int(NOVA[3]), int(NEUTRON[3]))


# the schema syncs of a site run: the task's title names the package (nova's API database has a task of its own)
SYNCS = {'python3-keystone': 'Sync the schema of python3-keystone', 'python3-glance': 'Sync the schema of python3-glance',
         'python3-placement': 'Sync the schema of python3-placement', 'python3-neutron': 'Sync the schema of python3-neutron'}


def _syncs_run(output):
    """{package: whether its sync commands ran} from a site run's output (a skipped task prints skipping:)."""
    ran = {}
    output = re.sub(r'\x1b\[[0-9;]*[A-Za-z]', '', output)  # molecule makes Ansible colour its output
    for chunk in output.split('TASK [')[1:]:
        title, _bracket, body = chunk.partition(']')
        for package, wanted in SYNCS.items():
            if title.endswith(wanted):
                ran[package] = 'skipping:' not in body and ('ok:' in body or 'changed:' in body)
    return ran


def test_stamps_of_the_schema_syncs(host):
    for marker, package in (('/var/lib/keystone/.multiarch-db-synced', 'python3-keystone'),
                            ('/var/lib/glance/.multiarch-db-synced', 'python3-glance'),
                            ('/var/lib/placement/.multiarch-db-synced', 'python3-placement'),
                            ('/var/lib/nova/.multiarch-db-synced', 'python3-nova'),
                            ('/var/lib/nova/.multiarch-api-db-synced', 'python3-nova'),
                            ('/var/lib/neutron/.multiarch-db-synced', 'python3-neutron')):
        version = host.check_output("dpkg-query --show --showformat '${Version}' %s" % package)
        assert re.match(r'^%s [0-9a-f]{32}$' % re.escape(version), host.file(marker).content_string.strip()), marker


@pytest.fixture(scope='module')
def converge_without_them():
    """site's db and config tags on the controller with the overrides given empty (they take precedence over the inventory's) and
    PROBE_TABLE in glance's database: (exit code, output)."""
    if 'MOLECULE_INVENTORY_FILE' not in os.environ:
        pytest.skip('needs molecule\'s inventory')
    controller = testinfra.get_host('ansible://' + CONTROLLER, ansible_inventory=os.environ['MOLECULE_INVENTORY_FILE'])
    controller.check_output('mysql -e "CREATE TABLE %s (probe INT)"' % PROBE_TABLE)
    try:
        return playbook('multiarch.openstack.site', '--limit', 'localhost,' + CONTROLLER, '--tags', 'db,config',
                        '-e', json.dumps({'nova_control_conf_overrides': {}, 'neutron_conf_overrides': {}}))
    finally:
        controller.check_output('mysql -e "DROP TABLE IF EXISTS %s"' % PROBE_TABLE)


def test_a_converge_without_them_takes_them_out(host, converge_without_them):  # pylint: disable=redefined-outer-name
    returncode, output = converge_without_them
    assert returncode == 0, output[-4000:]
    # glance's schema is not as its last sync left it: synced; the others are: not run again
    assert _syncs_run(output) == {'python3-keystone': False, 'python3-glance': True, 'python3-placement': False,
                                  'python3-neutron': False}, output[-4000:]
    for path, section, option, _value, _default in (NOVA, NEUTRON):
        conf = _conf(host, path)
        assert not conf.has_option(section, option), (path, section, option)
        assert not conf.has_section(section), (path, section)
    # the services restarted with the files: they answer their own defaults
    assert _default_quotas(host) == (NOVA[4], NEUTRON[4])
