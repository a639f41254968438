# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""A compute host of an architecture the collection does not deploy (a real riscv64 userland, Debian 13):
multiarch.openstack.site stops at arch_facts with a message naming the host and its architecture, before any
host changes: no task reports a change, no file under /etc, /usr or /var/lib of either host is newer than the
run, and the run's secrets file was never written."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
import testinfra
import yaml

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared'))
from scenario import Scenario  # noqa: E402  pylint: disable=wrong-import-position

SCENARIO = Scenario(__file__)
REFUSED = SCENARIO.group('refused')[0]
CONTROLLER = SCENARIO.group('controllers')[0]

# the test runs on the lab machine, not on a lab host
testinfra_hosts = ['local://']

MARKER = '/var/tmp/multiarch-refused-marker'
# what a deploy would change first: configuration, packages (dpkg's database and apt's lists), programs
CHANGED_SINCE = "find /etc /usr /var/lib -xdev -newer %s -not -path '/var/lib/libvirt/*' -print" % MARKER


def _lab_inventory():
    with open(os.path.join(SCENARIO.directory, 'vars', 'lab.yml')) as handle:
        state_dir = yaml.safe_load(handle)['lab_state_dir']
    with open(os.path.join(state_dir, 'inventory.yml')) as handle:
        return yaml.safe_load(handle)


@pytest.fixture(scope='module')
def refused_run(tmp_path_factory):
    """site on an inventory whose compute hosts are the x86_64 controller and the riscv64 host."""
    lab = _lab_inventory()
    address = dict((name, values['ansible_host']) for name, values in lab['all']['children']['lab']['hosts'].items())
    tmp = tmp_path_factory.mktemp('refused')
    inventory = tmp / 'inventory.yml'
    inventory.write_text(yaml.safe_dump({'all': {
        'vars': lab['all']['vars'],
        'hosts': dict((name, {'ansible_host': address[name]}) for name in (CONTROLLER, REFUSED)),
        'children': {'controllers': {'hosts': {CONTROLLER: None}},
                     'computes': {'hosts': {CONTROLLER: None, REFUSED: None}}}}}))
    hosts = dict((name, testinfra.get_host('ansible://' + name, ansible_inventory=str(inventory)))
                 for name in (CONTROLLER, REFUSED))
    for host in hosts.values():
        host.check_output('touch %s' % MARKER)
    passwords = tmp / 'passwords.yml'
    run = subprocess.run(['ansible-playbook', '-i', str(inventory), 'multiarch.openstack.site',
                          '-e', 'passwords_file=%s' % passwords],
                         capture_output=True, text=True, check=False, timeout=1800)
    changed = dict((name, host.check_output(CHANGED_SINCE)) for name, host in hosts.items())
    for host in hosts.values():
        host.check_output('rm -f %s' % MARKER)
    # molecule makes Ansible colour its output
    output = re.sub(r'\x1b\[[0-9;]*[A-Za-z]', '', run.stdout + run.stderr)
    return {'run': run, 'output': output, 'changed': changed, 'passwords': passwords, 'hosts': hosts}


def test_the_refused_host_is_a_real_riscv64_host(refused_run):
    host = refused_run['hosts'][REFUSED]
    assert host.check_output('uname -m') == 'riscv64'
    assert host.check_output('dpkg --print-architecture') == 'riscv64'
    assert host.file('/etc/debian_version').content_string.startswith('13.')


def test_site_stops_naming_the_host_and_its_architecture(refused_run):
    output = refused_run['output']
    assert refused_run['run'].returncode == 2, output[-4000:]
    assert output.count('fatal: [%s]' % REFUSED) == 1 and output.count('fatal: [') == 1, output[-4000:]
    # the failure as the callback printed it (any result format: blanks and line breaks folded)
    failure = ' '.join(output[output.index('fatal: [%s]' % REFUSED):].split('\n\n')[0].split())
    assert 'riscv64 is not an architecture multiarch.openstack deploys' in failure
    assert 'supported: aarch64, ppc64le, s390x, x86_64' in failure
    assert 'Remove this host from the inventory' in failure
    # at the task that reads the hosts, and no play after it ran
    assert 'TASK [Detect architecture, CPU, KVM, firmware and libvirt]' in output
    assert 'PLAY [Prerequisites on every host]' not in output, output[-4000:]


def test_nothing_changed(refused_run):
    recap = dict((m.group(1), dict(re.findall(r'(\w+)=(\d+)', m.group(2))))
                 for m in re.finditer(r'^(\S+)\s+:\s+(ok=.*)$', refused_run['output'], re.M))
    assert set(recap) >= {CONTROLLER, REFUSED, 'localhost'}, refused_run['output'][-2000:]
    assert all(counts['changed'] == '0' for counts in recap.values()), recap
    assert recap[REFUSED]['failed'] == '1' and recap[CONTROLLER]['failed'] == '0', recap
    assert refused_run['changed'] == {CONTROLLER: '', REFUSED: ''}
    assert not refused_run['passwords'].exists()
