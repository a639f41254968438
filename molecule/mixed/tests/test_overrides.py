# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Operators' options through *_conf_overrides: the scenario's inventory sets a nova option and a neutron option;
they are in the files and in what the services answer. A converge without them takes them out of the files, and
the restarted services answer their defaults again."""

from __future__ import annotations

import configparser
import json
import os
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared'))
from scenario import Scenario  # noqa: E402  pylint: disable=wrong-import-position

SCENARIO = Scenario(__file__)
CONTROLLER = SCENARIO.group('controllers')[0]

testinfra_hosts = ['ansible://' + CONTROLLER]

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


@pytest.mark.skipif('MOLECULE_INVENTORY_FILE' not in os.environ, reason='needs molecule\'s inventory')
def test_a_converge_without_them_takes_them_out(host):
    inventory = os.environ['MOLECULE_INVENTORY_FILE']
    # site deploys the whole inventory (no --limit); the overrides given empty take precedence over the inventory's
    run = subprocess.run(['ansible-playbook', '-i', inventory, 'multiarch.openstack.site',
                          '-e', json.dumps({'nova_control_conf_overrides': {}, 'neutron_conf_overrides': {}})],
                         capture_output=True, text=True, check=False)
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-4000:]
    for path, section, option, _value, _default in (NOVA, NEUTRON):
        conf = _conf(host, path)
        assert not conf.has_option(section, option), (path, section, option)
        assert not conf.has_section(section), (path, section)
    # the services restarted with the files: they answer their own defaults
    assert _default_quotas(host) == (NOVA[4], NEUTRON[4])
