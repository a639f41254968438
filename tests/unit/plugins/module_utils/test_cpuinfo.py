# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""cpuinfo parsing checked against real lscpu output for real machines' cpuinfo."""

from __future__ import annotations

import os
import random
import re

import pytest

from ansible_collections.multiarch.openstack.plugins.module_utils import cpuinfo, arm_ids

FIXTURES = os.path.join(os.path.dirname(__file__), '..', '..', 'fixtures', 'cpuinfo')


def _pairs():
    for arch in sorted(os.listdir(FIXTURES)):
        folder = os.path.join(FIXTURES, arch)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            if name.endswith('.lscpu'):
                base = name[:-len('.lscpu')]
                cpu = os.path.join(folder, base + '.cpuinfo')
                if not os.path.exists(cpu):
                    # ppc64-POWER7-64cpu.lscpu was produced from ppc64-POWER7-64cpu.cpuinfo; keep the pairing strict
                    continue
                yield pytest.param(arch, cpu, os.path.join(folder, name), id=base)


def _lscpu_fields(path):
    vendor = None
    models = []
    cpus = None
    machine = None
    with open(path) as handle:
        for line in handle:
            key, sep, value = line.partition(':')
            if not sep:
                continue
            key = key.strip()
            value = value.strip()
            if key == 'Vendor ID' and vendor is None:
                vendor = value
            elif key == 'Model name':
                models.append(value)
            elif key == 'CPU(s)' and cpus is None:
                cpus = int(value)
            elif key == 'Machine type':
                machine = value
    return vendor, models, cpus, machine


def _read(path):
    with open(path) as handle:
        return handle.read()


PAIRS = list(_pairs())


def test_every_fixture_pair_is_checked():
    assert len(PAIRS) >= 11


@pytest.mark.parametrize('arch, cpu_path, lscpu_path', PAIRS)
def test_matches_lscpu(arch, cpu_path, lscpu_path):
    vendor, models, cpus, machine = _lscpu_fields(lscpu_path)
    result = cpuinfo.parse(_read(cpu_path))
    # POWER: lscpu prints no Vendor ID; we report IBM.
    assert result['vendor'] == (vendor if vendor is not None else 'IBM')
    assert result['model'] == models[0]
    assert result['models'] == models
    if arch == 's390x':
        # EXPECTED.md: on s390x the count is the '# processors' line; lscpu's
        # CPU(s) also counts CPUs that are configured but offline (s390-lpar: 17 vs 20).
        cpus = int(re.search(r'^# processors\s*:\s*(\d+)', _read(cpu_path), re.M).group(1))
        assert machine and result['machine_type'] == machine
    assert result['count'] == cpus


def test_kunpeng920_ids():
    result = cpuinfo.parse(_read(os.path.join(FIXTURES, 'aarch64', 'kunpeng920-cloud.cpuinfo')), 'aarch64')
    assert (result['vendor'], result['model']) == ('HiSilicon', 'Kunpeng-920')
    assert (result['implementer'], result['part']) == ('0x48', '0xd01')
    assert 'asimd' in result['flags']


def test_big_little_lists_every_part():
    result = cpuinfo.parse(_read(os.path.join(FIXTURES, 'aarch64', 'arm-A510-A710-A715-X3.cpuinfo')))
    assert result['parts'] == ['0xd46', '0xd47', '0xd4d', '0xd4e']
    assert result['models'] == ['Cortex-A510', 'Cortex-A710', 'Cortex-A715', 'Cortex-X3']


def test_power9_generation_and_platform():
    result = cpuinfo.parse(_read(os.path.join(FIXTURES, 'ppc64le', 'power9-pseries-qemu.cpuinfo')), 'ppc64le')
    assert result['generation'] == 'POWER9'
    assert result['platform'] == 'pSeries'
    assert result['vendor'] == 'IBM'


def test_x86_flags():
    result = cpuinfo.parse(_read(os.path.join(FIXTURES, 'x86_64', 'x86_64-epyc_7451.cpuinfo')))
    assert 'svm' in result['flags'] and 'sse2' in result['flags']


@pytest.mark.parametrize('impl, part, vendor, model', [
    ('0x48', '0xd01', 'HiSilicon', 'Kunpeng-920'),
    ('0x43', '0x0af', 'Cavium', 'ThunderX2-99xx'),
    ('0x46', '0x001', 'FUJITSU', 'A64FX'),
    ('0x41', '0xd0c', 'ARM', 'Neoverse-N1'),
    ('0x41', '0xd07', 'ARM', 'Cortex-A57'),
    ('0x41', '0xd4f', 'ARM', 'Neoverse-V2'),
    ('0xc0', '0xac3', 'Ampere', '-'),  # 2.38.1 has no Ampere parts
    ('0x43', '0x0b8', 'Cavium', '-'),  # nor ThunderX3
    ('0x41', '0xfff', 'ARM', '-'),
    ('0x99', '0xd01', '0x99', '-'),
])
def test_arm_decode_as_lscpu(impl, part, vendor, model):
    text = ('processor\t: 0\nBogoMIPS\t: 50.00\nFeatures\t: fp asimd\n'
            'CPU implementer\t: %s\nCPU architecture: 8\nCPU variant\t: 0x0\n'
            'CPU part\t: %s\nCPU revision\t: 1\n' % (impl, part))
    result = cpuinfo.parse(text, 'aarch64')
    assert (result['vendor'], result['model']) == (vendor, model)


def test_arm_decode_rejects_non_hex():
    assert arm_ids.decode('65', '0xd0c') == ('65', None)
    assert arm_ids.decode('0x41', 'zzz') == ('ARM', None)
    assert arm_ids.decode(None, None) == (None, None)


@pytest.mark.parametrize('text', ['', '\n\n', ':::', 'processor', 'processor : \n\n:\n',
                                  'CPU implementer : 0xZZ\nCPU part : nope', '\x00\xff garbage \t: \t',
                                  '# processors : many\nvendor_id : IBM/S390', None, 42])
def test_garbage_does_not_crash(text):
    result = cpuinfo.parse(text)
    assert isinstance(result['count'], int)
    assert result.get('machine_type') is None
    assert isinstance(result['models'], list)


def test_fuzz_truncations_do_not_crash():
    rng = random.Random(20261125)
    texts = []
    for arch in sorted(os.listdir(FIXTURES)):
        folder = os.path.join(FIXTURES, arch)
        if os.path.isdir(folder):
            texts.extend(_read(os.path.join(folder, n)) for n in sorted(os.listdir(folder)) if n.endswith('.cpuinfo'))
    for text in texts:
        for _attempt in range(50):
            start = rng.randrange(len(text))
            chunk = text[start:start + rng.randrange(1, 400)]
            for arch in (None, 'x86_64', 'aarch64', 'ppc64le', 's390x'):
                cpuinfo.parse(chunk, arch)
