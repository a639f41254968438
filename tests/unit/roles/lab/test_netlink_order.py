# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""roles/lab/files/netlink-order.c, for real: a program of each foreign architecture under qemu-user, in a network
namespace of its own, sends the link requests neutron's linuxbridge agent sends (a bridge and its settings, a VXLAN
device, a veth pair, a port's master, an MTU). A big-endian program's fail without the library (qemu-user passes
their nested attributes and values in the program's order) and do what they ask with it, as the lab machine's own
`ip` reads back; a little-endian program's need nothing, and its build of the library is empty."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import uuid

import pytest

from ansible_collections.multiarch.openstack.plugins.module_utils import arch

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, '..', '..', '..', '..', 'roles', 'lab', 'files', 'netlink-order.c')
PROBE = os.path.join(HERE, 'netlink_probe.c')
FOREIGN = sorted(name for name in arch.ARCHITECTURES if name != 'x86_64')
# what the agent asks for, and what the kernel must then show
STEPS = (('bridge', 'brq1'), ('bridge-set', 'brq1', '1500', '0'), ('vxlan', 'vxlan-77', '77', 'up0'),
         ('master', 'vxlan-77', 'brq1'), ('mtu', 'vxlan-77', '1450'), ('veth', 'tap1', 'tap1-peer'),
         ('master', 'tap1', 'brq1'))


def _tools(name):
    info = arch.arch_info(name)
    return '%s-gcc' % info['gnu_triplet'], '%s-static' % info['qemu_user'], '/usr/%s' % info['gnu_triplet']


@pytest.fixture
def netns():
    if os.geteuid() != 0 or shutil.which('ip') is None:
        pytest.skip('needs root and iproute2 for a network namespace')
    name = 'no-%s' % uuid.uuid4().hex[:8]
    subprocess.run(['ip', 'netns', 'add', name], check=True)
    try:
        # the VXLAN device's underlay
        subprocess.run(['ip', '-n', name, 'link', 'add', 'up0', 'type', 'veth', 'peer', 'name', 'up1'], check=True)
        yield name
    finally:
        subprocess.run(['ip', 'netns', 'del', name], check=True)


def _links(netns_name):
    out = subprocess.run(['ip', '-n', netns_name, '-d', '-j', 'link', 'show'], capture_output=True, text=True, check=True)
    return dict((link['ifname'], link) for link in json.loads(out.stdout))


@pytest.fixture
def built(tmp_path):
    def build(name):
        gcc, qemu, sysroot = _tools(name)
        if shutil.which(gcc) is None or shutil.which(qemu) is None or not os.path.isdir(sysroot):
            pytest.skip('needs %s, %s and its C library (make debs)' % (gcc, qemu))
        library, probe = str(tmp_path / ('%s.so' % name)), str(tmp_path / ('probe-%s' % name))
        subprocess.run([gcc, '-shared', '-fPIC', '-O2', '-Wall', '-Wextra', '-Werror', '-o', library, SOURCE, '-ldl'],
                       check=True)
        subprocess.run([gcc, '-O2', '-Wall', '-Wextra', '-Werror', '-o', probe, PROBE], check=True)
        return gcc, qemu, sysroot, library, probe
    return build


def _run(netns_name, qemu, sysroot, probe, step, library=None, sendmsg=False):
    command = ['ip', 'netns', 'exec', netns_name, qemu, '-L', sysroot]
    if library:
        command += ['-E', 'LD_PRELOAD=' + library]
    if sendmsg:
        command += ['-E', 'NETLINK_PROBE_SENDMSG=1']
    return subprocess.run(command + [probe] + list(step), capture_output=True, text=True, check=False).stdout.strip()


def _check_links(links):
    bridge, vxlan, tap = links['brq1'], links['vxlan-77'], links['tap1']
    assert bridge['linkinfo']['info_kind'] == 'bridge'
    assert bridge['linkinfo']['info_data']['forward_delay'] == 1500
    assert bridge['linkinfo']['info_data']['stp_state'] == 0
    data = vxlan['linkinfo']['info_data']
    # numbers (id, ttl, the underlay's index) and network-order values (group, local, port) alike
    assert (data['id'], data['group'], data['local'], data['port'], data['ttl'], data['link']) == (
        77, '224.0.0.1', '192.0.2.1', 4789, 32, 'up0')
    assert data['learning'] is False
    assert vxlan['mtu'] == 1450 and vxlan['master'] == 'brq1'
    assert tap['master'] == 'brq1' and links['tap1-peer']['linkinfo']['info_kind'] == 'veth'


@pytest.mark.parametrize('name', [n for n in FOREIGN if arch.arch_info(n)['byte_order'] == 'big'])
@pytest.mark.parametrize('sendmsg', [False, True], ids=['sendto', 'sendmsg'])
def test_a_big_endian_program_manages_links_with_the_library(name, sendmsg, netns, built):
    _gcc, qemu, sysroot, library, probe = built(name)
    # what neutron's agent meets under qemu-user without the library
    assert _run(netns, qemu, sysroot, probe, ('bridge', 'brq1'), sendmsg=sendmsg) == '-95 Operation not supported'
    assert _run(netns, qemu, sysroot, probe, ('mtu', 'up0', '1400'), sendmsg=sendmsg) == '-22 Invalid argument'
    assert 'brq1' not in _links(netns) and _links(netns)['up0']['mtu'] == 1500
    for step in STEPS:
        assert _run(netns, qemu, sysroot, probe, step, library, sendmsg) == '0 ok', step
    _check_links(_links(netns))
    # the kernel's refusals come back as they are
    assert _run(netns, qemu, sysroot, probe, ('bridge', 'brq1'), library, sendmsg) == '-17 File exists'
    assert _run(netns, qemu, sysroot, probe, ('mtu', 'up0', '20'), library, sendmsg) == '-22 Invalid argument'


@pytest.mark.parametrize('name', [n for n in FOREIGN if arch.arch_info(n)['byte_order'] == 'little'])
def test_a_little_endian_program_needs_no_library(name, netns, built):
    gcc, qemu, sysroot, library, probe = built(name)
    for step in STEPS:
        assert _run(netns, qemu, sysroot, probe, step) == '0 ok', step
    _check_links(_links(netns))
    # its build (and the lab machine's, which reads the same /etc/ld.so.preload in a foreign userland) wraps nothing
    symbols = subprocess.run([gcc.replace('-gcc', '-nm'), '-D', '--defined-only', library], capture_output=True,
                             text=True, check=True).stdout
    assert 'sendto' not in symbols and 'sendmsg' not in symbols
