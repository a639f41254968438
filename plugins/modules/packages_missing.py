#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0), or at your option
# GNU General Public License version 3 or later (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: Apache-2.0 OR GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: packages_missing
short_description: Tell which of some Debian packages are not installed, without opening apt's cache
version_added: 0.1.0
description:
  - Asks dpkg (C(dpkg-query --show)) for the status of each package and returns those that are not fully installed.
    A package dpkg does not know (never installed, or a virtual package's name) counts as missing, and so does a name
    given with an architecture that dpkg shows without one (a package of the host's own architecture that is not
    Multi-Arch same). Either makes the apt task after it run, as it would without this module.
  - Reads only. Meant to run before M(ansible.builtin.apt), which then runs only when something is missing. Opening apt's
    cache is the most of what an apt task costs when every package is there already, about 20 seconds on a host
    that runs under qemu-user, against about 4 for this module.
author:
  - multiarch.openstack contributors (@multiarch-openstack)
options:
  names:
    description:
      - Package names, optionally with an architecture (C(name:arm64)). At least one, at most 1000.
    type: list
    elements: str
    required: true
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
  diff_mode:
    support: none
  platform:
    platforms: debian
notes:
  - Whether a newer version is available is not asked (apt's C(state=present) does not ask it either).
'''

EXAMPLES = r'''
- name: Find which of libvirt's packages are missing
  multiarch.openstack.packages_missing:
    names: [libvirt-daemon-system, libvirt-clients, python3-libvirt]
  register: libvirt_missing

- name: Install them, when one is
  ansible.builtin.apt:
    name: [libvirt-daemon-system, libvirt-clients, python3-libvirt]
  when: libvirt_missing.missing | length > 0
'''

RETURN = r'''
missing:
  description: The names of O(names) that are not installed, in the order given.
  returned: always
  type: list
  elements: str
  sample: [python3-libvirt]
'''

import re

from ansible_collections.multiarch.openstack.plugins.module_utils.ansible_module import Module

# Debian policy's package names, with dpkg's optional :architecture
NAME = re.compile(r'^[a-z0-9][a-z0-9+.-]+(:[a-z0-9-]+)?$')
MAX_NAMES = 1000


def installed(module, names):
    """The names (as given) that dpkg reports installed ("ii": wanted install, status installed)."""
    # rc 1 when one is unknown to dpkg: it still reports the others
    rc, out, err = module.run_command(['dpkg-query', '--show', '--showformat', '${binary:Package} ${db:Status-Abbrev}\n']
                                      + names, environ_update={'LC_ALL': 'C'})
    if rc not in (0, 1):
        module.fail_json(msg='dpkg-query failed (exit code %d): %s' % (rc, err.strip()), rc=rc)
    found = set()
    for line in out.splitlines():
        fields = line.split()
        if len(fields) == 2 and fields[1] == 'ii':
            found.add(fields[0])
            # binary:Package has the architecture only for Multi-Arch: same packages; a name given without it matches
            found.add(fields[0].split(':', 1)[0])
    return found


def main():
    module = Module(
        argument_spec=dict(names=dict(type='list', elements='str', required=True)),
        supports_check_mode=True,
    )
    names = module.params['names']
    if not names:
        module.fail_json(msg='names must list at least one package')
    if len(names) > MAX_NAMES:
        module.fail_json(msg='names lists %d packages; at most %d' % (len(names), MAX_NAMES))
    for index, name in enumerate(names):
        if not isinstance(name, str) or not NAME.match(name):
            module.fail_json(msg='names[%d] must be a Debian package name (lower case letters, digits, +.-, an optional '
                                 ':architecture), got %r' % (index, name))
    found = installed(module, names)
    module.exit_json(changed=False, missing=[name for name in names if name not in found])


if __name__ == '__main__':
    main()
