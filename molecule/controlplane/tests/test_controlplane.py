# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""The control plane works, checked with the openstack client on the controller, and keeps its secrets."""

from __future__ import annotations

import os
import subprocess

import pytest
import yaml

SCENARIO = os.environ.get('MOLECULE_SCENARIO_DIRECTORY', os.path.dirname(os.path.dirname(__file__)))
with open(os.path.join(SCENARIO, 'molecule.yml')) as handle:
    CONFIG = yaml.safe_load(handle)
CONTROLLERS = [p['name'] for p in CONFIG['platforms'] if 'controllers' in p.get('groups', [])]
PASSWORDS_FILE = CONFIG['provisioner']['inventory']['group_vars']['all']['passwords_file']

testinfra_hosts = ['ansible://' + name for name in CONTROLLERS]


def openstack(host, args):
    return host.check_output('. /root/admin-openrc && openstack %s' % args)


def test_services_run(host):
    for process in ('mariadbd', 'beam.smp', 'memcached'):
        assert host.process.filter(comm=process), process
    assert host.socket('tcp://0.0.0.0:5000').is_listening or host.socket('tcp://:::5000').is_listening


def test_keystone_issues_a_token(host):
    token = openstack(host, 'token issue -f value -c id')
    assert len(token) > 20


def test_catalog_lists_identity(host):
    services = openstack(host, 'service list -f value -c Type').split()
    assert 'identity' in services
    endpoints = openstack(host, 'endpoint list --service identity -f value -c Interface').split()
    assert sorted(endpoints) == ['admin', 'internal', 'public']


def test_rabbitmq_has_only_the_openstack_user(host):
    users = host.check_output('rabbitmqctl -q list_users')
    assert 'openstack' in users and 'guest' not in users


def test_secrets_file_is_private_and_complete():
    mode = os.stat(PASSWORDS_FILE).st_mode & 0o777
    assert mode == 0o600
    with open(PASSWORDS_FILE) as handle:
        secrets = yaml.safe_load(handle)['openstack_passwords']
    assert len(secrets) >= 5 and all(len(v) >= 32 for v in secrets.values())
    assert len(set(secrets.values())) == len(secrets)


@pytest.mark.skipif('MOLECULE_INVENTORY_FILE' not in os.environ, reason='needs molecule\'s inventory')
def test_no_secret_in_a_verbose_run():
    """A -vvv converge prints module arguments and results: no generated secret may appear in it."""
    with open(PASSWORDS_FILE) as handle:
        secrets = yaml.safe_load(handle)['openstack_passwords']
    run = subprocess.run(
        ['ansible-playbook', '-vvv', '-i', os.environ['MOLECULE_INVENTORY_FILE'],
         os.path.join(SCENARIO, 'converge.yml')],
        capture_output=True, text=True, check=False)
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-3000:]
    assert 'PLAY RECAP' in output
    leaked = [name for name, value in secrets.items() if value in output]
    assert not leaked, 'secrets printed by a -vvv run: %s' % ', '.join(leaked)
