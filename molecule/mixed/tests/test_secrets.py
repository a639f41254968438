# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""No secret of the deploy on any command line: no_log hides a task's output, not the process list, which
every user of a host can read. converge.yml sampled every command line of every lab host while site ran
(tests/lab/cmdline_sampler.py); here they are searched for every secret of the passwords file."""

from __future__ import annotations

import glob
import os
import sys

import pytest
import yaml

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared'))
from scenario import Scenario  # noqa: E402  pylint: disable=wrong-import-position

SCENARIO = Scenario(__file__)
EPHEMERAL = os.environ.get('MOLECULE_EPHEMERAL_DIRECTORY', '')


def _sampled():
    """[(samples, [cmdline, ...]), ...] of each converge run, first run first (files named by their start time)."""
    runs = []
    for path in sorted(glob.glob(os.path.join(EPHEMERAL, 'cmdlines.*'))):
        with open(path, encoding='utf-8') as handle:
            header, *lines = handle.read().splitlines()
        runs.append((int(header.split('=', 1)[1]), lines))
    return runs


@pytest.mark.skipif(not EPHEMERAL, reason="needs molecule's ephemeral directory")
def test_no_secret_on_any_command_line():
    passwords_file = SCENARIO.config['provisioner']['inventory']['group_vars']['all']['passwords_file']
    with open(passwords_file, encoding='utf-8') as handle:
        secrets = yaml.safe_load(handle)['openstack_passwords']
    runs = _sampled()
    # converge and idempotence: each watched all of site, often enough to see the commands that take a secret
    assert len(runs) == 2, [len(run[1]) for run in runs]
    first_samples, first = runs[0]
    print('sampled %s times, %d distinct command lines (first converge)' % (first_samples, len(first)))
    assert first_samples > 1000
    for program in ('keystone-manage bootstrap', 'rabbitmqctl', 'nova-manage'):
        assert any(program in line for line in first), program
    for name, value in sorted(secrets.items()):
        assert len(value) >= 16, name
        leaked = [line for run in runs for line in run[1] if value in line]
        assert not leaked, '%s is on a command line: %s' % (name, leaked[0].replace(value, '<%s>' % name))
