# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""roles/lab/files/bridge-port.c, for real: cross-compiled for each foreign architecture and preloaded into a
program of that architecture under qemu-user, in a network namespace of its own, it plugs a port into a bridge
with the ioctl that qemu-user itself refuses. On a big-endian architecture with the netlink order library beside it,
as the lab preloads both into libvirtd there (each alone would not do: the port's master would be a wrong index)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import uuid

import pytest

from ansible_collections.multiarch.openstack.plugins.module_utils import arch

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, '..', '..', '..', '..', 'roles', 'lab', 'files', 'bridge-port.c')
ORDER = os.path.join(HERE, '..', '..', '..', '..', 'roles', 'lab', 'files', 'netlink-order.c')
PROBE = os.path.join(HERE, 'bridge_probe.c')
FOREIGN = sorted(name for name in arch.ARCHITECTURES if name != 'x86_64')


def _tools(name):
    info = arch.arch_info(name)
    gcc = '%s-gcc' % info['gnu_triplet']
    qemu = '%s-static' % info['qemu_user']
    return gcc, qemu, '/usr/%s' % info['gnu_triplet']


@pytest.fixture
def netns():
    if os.geteuid() != 0 or shutil.which('ip') is None:
        pytest.skip('needs root and iproute2 for a network namespace')
    name = 'bp-%s' % uuid.uuid4().hex[:8]
    subprocess.run(['ip', 'netns', 'add', name], check=True)
    try:
        for args in (['link', 'add', 'br0', 'type', 'bridge'], ['link', 'add', 'port0', 'type', 'veth', 'peer', 'name', 'port1']):
            subprocess.run(['ip', '-n', name] + args, check=True)
        yield name
    finally:
        subprocess.run(['ip', 'netns', 'del', name], check=True)


def _master(netns_name):
    link = json.loads(subprocess.run(['ip', '-n', netns_name, '-j', 'link', 'show', 'port0'], capture_output=True,
                                     text=True, check=True).stdout)[0]
    return link.get('master')


@pytest.mark.parametrize('name', FOREIGN)
def test_preloaded_library_plugs_and_unplugs_a_bridge_port(name, netns, tmp_path):
    gcc, qemu, sysroot = _tools(name)
    if shutil.which(gcc) is None or shutil.which(qemu) is None or not os.path.isdir(sysroot):
        pytest.skip('needs %s, %s and its C library (make debs)' % (gcc, qemu))
    library, probe = str(tmp_path / 'bridge-port.so'), str(tmp_path / 'probe')
    subprocess.run([gcc, '-shared', '-fPIC', '-O2', '-Wall', '-Wextra', '-Werror', '-o', library, SOURCE, '-ldl'], check=True)
    subprocess.run([gcc, '-O2', '-o', probe, PROBE], check=True)
    # a big-endian host preloads the netlink order library into every program (libvirtd too): with it here
    preload = library
    if arch.arch_info(name)['byte_order'] == 'big':
        order = str(tmp_path / 'netlink-order.so')
        subprocess.run([gcc, '-shared', '-fPIC', '-O2', '-Wall', '-Wextra', '-Werror', '-o', order, ORDER, '-ldl'],
                       check=True)
        preload = '%s:%s' % (library, order)

    def run(*args, preload_library=True, libraries=None):
        command = ['ip', 'netns', 'exec', netns, qemu, '-L', sysroot]
        if preload_library:
            command += ['-E', 'LD_PRELOAD=' + (libraries or preload)]
        return subprocess.run(command + [probe] + list(args), capture_output=True, text=True, check=False).stdout.strip()

    # what libvirtd meets under qemu-user without the library
    assert run('add', 'br0', 'port0', preload_library=False) == '-1 Function not implemented'
    if preload != library:
        # the bridge port library alone on a big-endian host: the master's index reaches the kernel byte-swapped
        assert run('add', 'br0', 'port0', libraries=library) == '-1 Invalid argument'
    assert _master(netns) is None
    assert run('add', 'br0', 'port0') == '0 ok'
    assert _master(netns) == 'br0'
    assert run('del', 'br0', 'port0') == '0 ok'
    assert _master(netns) is None
    # errors come back as errors: no such bridge, no such port
    assert run('add', 'nosuch', 'port0') == '-1 No such device'
    assert _master(netns) is None
