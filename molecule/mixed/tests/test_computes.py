# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Each compute host of the mixed cloud: nova.conf [libvirt] as libvirt_cpu decided it for that host's architecture."""

from __future__ import annotations

import configparser
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared'))
import expected_libvirt  # noqa: E402  pylint: disable=wrong-import-position
from scenario import Scenario  # noqa: E402  pylint: disable=wrong-import-position

SCENARIO = Scenario(__file__)
PLATFORMS = SCENARIO.platforms
COMPUTES = SCENARIO.group('computes')

testinfra_hosts = ['ansible://' + name for name in COMPUTES]


def test_nova_libvirt_section(host):
    name = host.ansible.get_variables()['inventory_hostname']
    # as oslo.config reads Debian's nova-compute: nova.conf, then nova-compute.conf over it
    conf = configparser.ConfigParser(interpolation=None, strict=False)
    for path in ('/etc/nova/nova.conf', '/etc/nova/nova-compute.conf'):
        conf.read_string(host.file(path).content_string)
    arch = PLATFORMS[name]['arch']
    assert host.system_info.arch == arch
    libvirt = dict(conf['libvirt'])
    modules = [m for m in expected_libvirt.KVM_MODULES if host.file('/sys/module/' + m).is_directory]
    for key, value in expected_libvirt.nova_libvirt(arch, host.file('/dev/kvm').exists, modules).items():
        assert libvirt.get(key) == value, (name, key, libvirt)
    # one remote console per architecture (noVNC or serial), never the SPICE display Debian's nova.conf enables
    assert conf.get('spice', 'enabled') == 'false', name
    assert {conf.get('vnc', 'enabled'), conf.get('serial_console', 'enabled')} == {'true', 'false'}, name


def test_nova_compute_and_libvirtd_run(host):
    assert host.process.filter(user='nova', comm='nova-compute') or any(
        'nova-compute' in p.args for p in host.process.filter(user='nova'))
    assert host.process.filter(comm='libvirtd')


def test_libvirt_offers_only_the_architectures_the_host_runs(host):
    # Debian's nova-compute-kvm installs the x86_64 emulator everywhere; the role diverts the emulators of other
    # architectures, else an aarch64 or ppc64le host would take x86_64 guests (an image without hw_architecture)
    name = host.ansible.get_variables()['inventory_hostname']
    own = PLATFORMS[name]['arch']
    emulated = SCENARIO.host_vars(name).get('nova_compute_emulated_architectures', [])
    caps = host.check_output('virsh -c qemu:///system capabilities')
    offered = set(re.findall(r"<arch name='([^']+)'>", caps.split('</host>', 1)[1]))
    # libvirt also lists narrower arches an emulator runs (i686, armv7l, ppc64); these four are the cloud's
    for arch in ('x86_64', 'aarch64', 'ppc64le', 's390x'):
        assert (arch in offered) == (arch in {own} | set(emulated)), (name, arch, sorted(offered))
