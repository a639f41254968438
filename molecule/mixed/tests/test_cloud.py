# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""The mixed-architecture cloud, from its controller: the compute services and aggregates per architecture,
the images, and multiarch.openstack.validate booting a guest of every architecture."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time

import pytest
import yaml

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared'))
from scenario import Scenario  # noqa: E402  pylint: disable=wrong-import-position
from cloud import openstack  # noqa: E402  pylint: disable=wrong-import-position

SCENARIO = Scenario(__file__)
PLATFORMS = SCENARIO.platforms
COMPUTES = SCENARIO.group('computes')
CONTROLLER = SCENARIO.group('controllers')[0]

testinfra_hosts = ['ansible://' + CONTROLLER]


def test_every_compute_host_is_up(host):
    services = json.loads(openstack(host, 'compute service list --service nova-compute -f json'))
    assert sorted((s['Host'], s['State'], s['Status']) for s in services) == sorted(
        (name, 'up', 'enabled') for name in COMPUTES)


def test_one_aggregate_per_architecture(host):
    for arch in sorted(set(PLATFORMS[name]['arch'] for name in COMPUTES)):
        shown = yaml.safe_load(openstack(host, 'aggregate show arch-%s -f yaml -c hosts -c properties' % arch))
        assert sorted(shown['hosts']) == sorted(n for n in COMPUTES if PLATFORMS[n]['arch'] == arch)
        assert shown['properties'] == {'hw_architecture': arch}


def test_images_carry_their_architecture(host):
    for arch in sorted(set(PLATFORMS[name]['arch'] for name in COMPUTES)):
        props = yaml.safe_load(openstack(host, 'image show multiarch-guest-%s -f yaml -c properties' % arch))['properties']
        assert props['architecture'] == arch
        assert props['kernel_id'] and props['ramdisk_id']
        # the test guests handle no power-off request: nova powers them off at once instead of after 60 s
        assert str(props['os_shutdown_timeout']) == '0'
        if arch == 'aarch64':
            assert props['hw_firmware_type'] == 'uefi' and props['hw_machine_type'] == 'virt'


ANSI_ESCAPE = re.compile(r'\x1b\[[0-9;]*m')
TABLE_ROW = re.compile(r'^\s*"((?:x86_64|aarch64|ppc64le|s390x) .*?)",?$')


def validate_table(output):
    """The rows of validate's table in an ansible-playbook output: [[arch, host, host-arch, virt, ...], ...]."""
    return [TABLE_ROW.match(line).group(1).split() for line in ANSI_ESCAPE.sub('', output).splitlines()
            if TABLE_ROW.match(line)]


def test_validate_table_parses_a_colored_output():
    # molecule forces colors (ANSIBLE_FORCE_COLOR) on what its verifier runs
    output = ('\x1b[0;32m    "msg": [\x1b[0m\n'
              '\x1b[0;32m        "arch     host      host-arch virt  s-ACTIVE s-console  guest-s s-net address         image",'
              '\x1b[0m\n'
              '\x1b[0;32m        "aarch64  mx-arm    aarch64   qemu        19        60    24.00   121 198.51.100.23   img-a",'
              '\x1b[0m\n'
              '\x1b[0;32m        "x86_64   mx-ctl    x86_64    qemu         4        44     2.47     - -               img-x"\x1b[0m\n')
    assert validate_table(output) == [['aarch64', 'mx-arm', 'aarch64', 'qemu', '19', '60', '24.00', '121', '198.51.100.23', 'img-a'],
                                      ['x86_64', 'mx-ctl', 'x86_64', 'qemu', '4', '44', '2.47', '-', '-', 'img-x']]


@pytest.mark.skipif('MOLECULE_INVENTORY_FILE' not in os.environ, reason='needs molecule\'s inventory')
def test_validate_boots_a_guest_per_architecture():
    run = subprocess.run(
        ['ansible-playbook', '-i', os.environ['MOLECULE_INVENTORY_FILE'], 'multiarch.openstack.validate'],
        capture_output=True, text=True, check=False)
    output = run.stdout + run.stderr
    print(output[-6000:])
    assert run.returncode == 0, output[-4000:]
    table = validate_table(output)
    assert sorted(row[0] for row in table) == sorted(set(PLATFORMS[n]['arch'] for n in COMPUTES)), table
    for arch, host, host_arch, virt, address in (row[:4] + row[8:9] for row in table):
        # each guest on a compute host of its own architecture (the lab's hosts have every arch natively)
        assert PLATFORMS[host]['arch'] == arch == host_arch, (arch, host, host_arch)
        assert virt in ('kvm', 'qemu')
        # a guest on a host with a network agent has a port, and got its address by DHCP (validate checked
        # that it is the port's, and that the metadata service answered the guest with its own UUID)
        if SCENARIO.host_vars(host).get('neutron_agent_enabled', True):
            assert re.match(r'^198\.51\.100\.[0-9]+$', address), (arch, host, address)


@pytest.mark.skipif('MOLECULE_INVENTORY_FILE' not in os.environ, reason='needs molecule\'s inventory')
def test_report_shows_every_compute_host_in_a_browser(tmp_path):
    """multiarch.openstack.report of the cloud: a row per compute host of the inventory, each checked and up, no
    warning, and the page as headless Chromium shows it has those rows."""
    inventory = os.environ['MOLECULE_INVENTORY_FILE']
    run = subprocess.run(['ansible-playbook', '-i', inventory, 'multiarch.openstack.report', '-e', 'report_dir=%s' % tmp_path,
                          '-e', 'report_fail_on_warnings=true'],
                         capture_output=True, text=True, check=False)
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-4000:]
    listed = json.loads(subprocess.run(['ansible-inventory', '-i', inventory, '--list'], capture_output=True, text=True,
                                       check=True).stdout)
    computes = sorted(listed['computes']['hosts'])
    with open(tmp_path / 'report.json') as handle:
        data = json.load(handle)
    rows = dict((h['name'], h) for h in data['hosts'])
    assert sorted(rows) == computes
    for name in computes:
        assert rows[name]['reachable'] and not rows[name]['cpu_check']['failed'], rows[name]
        assert rows[name]['configured']['cpu_mode'], rows[name]
    dom = subprocess.run(['chromium', '--headless', '--no-sandbox', '--disable-gpu', '--dump-dom',
                          'file://%s' % (tmp_path / 'report.html')], capture_output=True, text=True, timeout=120,
                         check=True).stdout
    table = dom.split('id="hosts-table"', 1)[1].split('</table>', 1)[0]
    shown = sorted(re.findall(r'<tr[^>]*><td>([^<]+)</td>', table))
    assert shown == computes, table


UUID = re.compile(r'\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b')


def _uuid(output):
    """The one UUID in a command's output."""
    found = UUID.findall(output)
    assert len(found) == 1, output
    return found[0]


def test_uuid_is_found_after_the_progress_of_wait():
    # what `openstack server create --wait -f value -c id` printed in CI: its progress line, then the id
    assert _uuid('\n9b21118e-bd8e-4bbd-b4fa-46c65bddf976') == '9b21118e-bd8e-4bbd-b4fa-46c65bddf976'
    assert _uuid('67401a89-9c1c-480b-bfdf-fc59f37abf49') == '67401a89-9c1c-480b-bfdf-fc59f37abf49'
    with pytest.raises(AssertionError):
        _uuid('Progress: 100')


def _delete_server(host, server, seconds=180):
    """Delete a server and wait until nova no longer knows it; True when it is gone."""
    host.run('. /root/admin-openrc && openstack server delete %s' % server)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if host.run('. /root/admin-openrc && openstack server show %s -f value -c id' % server).rc != 0:
            return True
        time.sleep(3)
    return False


def test_image_without_architecture_runs_on_the_default_architecture(host):
    # tempest (and many users) upload images without hw_architecture: they must stay on the controllers'
    # architecture (image_properties_default_architecture), never land on an aarch64 or ppc64le host
    default_arch = PLATFORMS[CONTROLLER]['arch']
    name = 'verify-noarch-%d' % int(time.time())
    image = _uuid(host.check_output(
        '. /root/admin-openrc && d=$(mktemp -d) && truncate -s 1M $d/disk && openstack image create --disk-format raw '
        '--container-format bare --file $d/disk -f value -c id %s; rc=$?; rm -rf $d; exit $rc' % name))
    server = None
    try:
        # --wait prints its progress before the id
        server = _uuid(openstack(host, '--os-compute-api-version 2.37 server create --image %s --flavor m1.multiarch '
                                       '--nic none --wait -f value -c id %s' % (image, name)))
        landed, status = openstack(host, 'server show %s -f value -c OS-EXT-SRV-ATTR:host -c status' % server).split()
    finally:
        # by id, each step on its own: a failed step names itself, and the next run meets nothing of this one
        server_gone = server is None or _delete_server(host, server)
        image_deleted = host.run('. /root/admin-openrc && openstack image delete %s' % image)
    assert status == 'ACTIVE'
    assert PLATFORMS[landed]['arch'] == default_arch, (landed, PLATFORMS[landed]['arch'], default_arch)
    assert server_gone, 'server %s still there after its deletion' % server
    assert image_deleted.rc == 0, image_deleted.stderr


def test_rabbitmq_keeps_the_services_heartbeats(host):
    # RabbitMQ proposes 60 s times the cloud's largest timeout factor (4.0: emulated hosts), and a client gets
    # the smaller of its own and that: with RabbitMQ's default of 60 every service was cut to 60 s, and missed
    # heartbeats under load reset their connections. The API workers under uwsgi send none (0).
    out = host.check_output('rabbitmqctl --quiet --no-table-headers list_connections timeout')
    timeouts = [int(line) for line in out.split()]
    assert 'heartbeat = 240' in host.file('/etc/rabbitmq/rabbitmq.conf').content_string
    assert timeouts and set(timeouts) <= {0, 240}, timeouts
    assert 240 in timeouts


def test_the_services_topic_queues_are_quorum_queues(host):
    # durable, and replicated once RabbitMQ is clustered: oslo.messaging declares them so (rabbit_quorum_queue)
    out = host.check_output('rabbitmqctl --quiet --no-table-headers list_queues name type')
    types = dict(line.split()[:2] for line in out.splitlines() if len(line.split()) >= 2)
    for name in ['conductor', 'scheduler'] + ['compute.' + name for name in COMPUTES]:
        assert types.get(name) == 'quorum', (name, types.get(name))


def test_cell_mappings_take_their_credentials_from_nova_conf(host):
    # stored as templates nova fills from nova.conf: a rotated nova_database or rabbitmq_openstack secret reaches
    # the cells with nova.conf (literal URLs kept the old passwords, and nova-conductor was refused by MariaDB)
    rows = host.check_output('mariadb -N -B nova_api -e "SELECT name, transport_url, database_connection FROM cell_mappings"')
    cells = {name: (transport, database) for name, transport, database in
             (line.split('\t') for line in rows.splitlines())}
    assert cells == {
        'cell0': ('none:///', '{scheme}://{username}:{password}@{hostname}/nova_cell0'),
        'cell1': ('{scheme}://{username}:{password}@{hostname}:{port}/{path}',
                  '{scheme}://{username}:{password}@{hostname}/{path}'),
    }, re.sub(r':[^:@/]*@', ':****@', rows)  # a literal URL's password stays out of the CI log
    # and nova reads them: its list of cells shows the URLs filled in (with the database of each)
    listed = host.check_output('runuser -u nova -- nova-manage cell_v2 list_cells')
    assert re.search(r'\|\s*cell1\s*\|\s*[0-9a-f-]{36}\s*\|\s*rabbit://[^:\s]+:\*{4}@[^/\s]+:5672/\s*\|'
                     r'\s*mysql\+pymysql://[^:\s]+:\*{4}@[^/\s]+/nova\s*\|', listed), listed
    assert re.search(r'\|\s*cell0\s*\|\s*0{8}-0{4}-0{4}-0{4}-0{12}\s*\|\s*none:/+\s*\|'
                     r'\s*mysql\+pymysql://[^:\s]+:\*{4}@[^/\s]+/nova_cell0\s*\|', listed), listed
