# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""No secret of the deploy on any command line: no_log hides a task's output, not the process list, which
every user of a host can read. converge.yml watched every command line of every lab host while site ran (each
program as it started, and a sample of all every second: tests/lab/cmdline_sampler.py); here they are searched for
every secret of the passwords file."""

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
    """[({samples: n, execs: n}, [cmdline, ...]), ...] of each converge run, first run first (files named by their
    start time)."""
    runs = []
    for path in sorted(glob.glob(os.path.join(EPHEMERAL, 'cmdlines.*'))):
        with open(path, encoding='utf-8') as handle:
            header, *lines = handle.read().splitlines()
        counts = dict(field.split('=', 1) for field in header.lstrip('# ').split())
        runs.append((dict((key, int(value)) for key, value in counts.items()), lines))
    return runs


@pytest.mark.skipif(not EPHEMERAL, reason="needs molecule's ephemeral directory")
def test_no_secret_on_any_command_line():
    passwords_file = SCENARIO.config['provisioner']['inventory']['group_vars']['all']['passwords_file']
    with open(passwords_file, encoding='utf-8') as handle:
        secrets = yaml.safe_load(handle)['openstack_passwords']
    runs = _sampled()
    # converge and idempotence: each watched all of site, often enough to see the commands that take a secret
    assert len(runs) == 2, [len(run[1]) for run in runs]
    first_counts, first = runs[0]
    print('%(execs)s programs started, %(samples)s samples,' % first_counts,
          '%d distinct command lines (first converge)' % len(first))
    # every program started, as the kernel's process events report them (as root here), and a sample every second
    assert first_counts['execs'] > 10000 and first_counts['samples'] > 300, first_counts
    for program in ('keystone-manage bootstrap', 'rabbitmqctl', 'nova-manage'):
        assert any(program in line for line in first), program
    for name, value in sorted(secrets.items()):
        assert len(value) >= 16, name
        leaked = [line for run in runs for line in run[1] if value in line]
        assert not leaked, '%s is on a command line: %s' % (name, leaked[0].replace(value, '<%s>' % name))
