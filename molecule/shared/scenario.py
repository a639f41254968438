# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""The molecule scenario a testinfra test runs in: its directory, configuration and lab hosts."""

from __future__ import annotations

import os
import re

import yaml


class Scenario:
    """Reads molecule.yml of the scenario that runs `test_file` (molecule names it in the environment)."""

    def __init__(self, test_file):
        self.directory = os.environ.get('MOLECULE_SCENARIO_DIRECTORY',
                                        os.path.dirname(os.path.dirname(os.path.abspath(test_file))))
        with open(os.path.join(self.directory, 'molecule.yml')) as handle:
            self.config = yaml.safe_load(handle)
        self.platforms = dict((p['name'], p) for p in self.config['platforms'])

    def group(self, name):
        """The lab hosts of a functional group (controllers, computes), in molecule.yml's order."""
        return [host for host, p in self.platforms.items() if name in p.get('groups', [])]

    def of_arch(self, arch):
        """The lab hosts of an architecture."""
        return [host for host, p in self.platforms.items() if p['arch'] == arch]

    def host_vars(self, host):
        """The inventory host_vars molecule.yml gives a lab host ({} when it gives none)."""
        return self.config.get('provisioner', {}).get('inventory', {}).get('host_vars', {}).get(host, {}) or {}


def recap(output):
    """{host: {ok: n, changed: n, ...}} of the PLAY RECAP of an ansible-playbook output (colored or not)."""
    output = re.sub(r'\x1b\[[0-9;]*[A-Za-z]', '', output)
    hosts = {}
    for name, counts in re.findall(r'^(\S+)\s+:\s+((?:\w+=\d+\s*)+)$', output.partition('PLAY RECAP')[2], re.M):
        hosts[name] = dict((key, int(value)) for key, value in re.findall(r'(\w+)=(\d+)', counts))
    return hosts
