# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""arch_facts on the machine running the tests, reading real cpuinfo dumps."""

from __future__ import annotations

import os
import platform

import pytest

from ansible_collections.multiarch.openstack.plugins.module_utils import host
from ansible_collections.multiarch.openstack.plugins.modules import arch_facts

FIXTURES = os.path.join(os.path.dirname(__file__), '..', '..', 'fixtures', 'cpuinfo')


def test_this_machine(run_module):
    out = run_module(arch_facts, {'gather_libvirt': False})
    facts = out.data['ansible_facts']['multiarch']
    assert out.data['changed'] is False
    assert facts['machine'] == platform.machine()
    assert facts['cpu']['count'] >= 1
    assert facts['kvm']['present'] == os.path.exists('/dev/kvm')
    assert set(facts['libvirt']) == {'present', 'uri'}


@pytest.mark.skipif(platform.machine() != 'x86_64', reason='reads an x86_64 dump as this host\'s cpuinfo')
def test_saved_cpuinfo_in_check_mode(run_module):
    path = os.path.join(FIXTURES, 'x86_64', 'x86_64-epyc_7451.cpuinfo')
    out = run_module(arch_facts, {'cpuinfo_path': path, 'gather_libvirt': False}, check_mode=True)
    cpu = out.data['ansible_facts']['multiarch']['cpu']
    assert (cpu['vendor'], cpu['model'], cpu['count']) == ('AuthenticAMD', 'AMD EPYC 7451 24-Core Processor', 96)


@pytest.mark.parametrize('args, needle', [
    ({'cpuinfo_path': '/nonexistent/cpuinfo'}, "cpuinfo_path '/nonexistent/cpuinfo' is not a readable file"),
    ({'cpuinfo_path': '/'}, 'not a readable file'),
    ({'gather_libvirt': 'sometimes'}, 'gather_libvirt'),
    ({'libvirt_uri': ['a', 'b']}, 'libvirt_uri'),
])
def test_bad_input(run_module, args, needle):
    out = run_module(arch_facts, args)
    assert out.failed and needle in out.data['msg']


def test_unreachable_libvirt_is_reported_not_fatal(run_module):
    out = run_module(arch_facts, {'libvirt_uri': 'test:///nowhere/at/all'})
    libvirt = out.data['ansible_facts']['multiarch']['libvirt']
    assert not out.failed
    assert libvirt['running'] is False
    if libvirt['present']:
        assert libvirt['error']


@pytest.mark.parametrize('machine, needle', [
    ('riscv64', 'riscv64 is not an architecture multiarch.openstack deploys (no nova CPU settings, machine type or '
                'guest image are known for it); supported: aarch64, ppc64le, s390x, x86_64'),
    ('loongarch64', "unknown architecture 'loongarch64'"),
    ('', 'architecture name must be a non-empty string'),
])
def test_unknown_architecture_is_refused(run_module, monkeypatch, machine, needle):
    # uname -m of a host whose architecture the collection does not deploy (riscv64: Debian 13 ships it) or
    # does not know at all
    monkeypatch.setattr(host, 'machine', lambda: machine)
    out = run_module(arch_facts, {'gather_libvirt': False})
    assert out.failed
    assert out.data['machine'] == machine
    assert out.data['msg'].startswith('host architecture is not supported: ')
    assert needle in out.data['msg']
    assert 'Remove this host from the inventory' in out.data['msg']
