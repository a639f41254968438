#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0), or at your option
# GNU General Public License version 3 or later (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: Apache-2.0 OR GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: stale_daemon
short_description: Find whether a daemon runs an older configuration than its files
version_added: 0.1.0
description:
  - Reads the pid a daemon's pid file names, when that process started (C(/proc/<pid>/stat)), and when each of
    the daemon's configuration files last changed. The daemon is stale when one of them changed after it started;
    it then runs an older configuration than its files say.
  - A restart decided from this, rather than from a task that changed a file, also happens on the run after one
    that changed a file and was killed, or failed, before its restart.
  - Reads only; changes nothing.
author:
  - multiarch.openstack contributors (@multiarch-openstack)
options:
  pidfile:
    description:
      - The daemon's pid file. A missing file, or one naming a process that does not exist, means the daemon does not
        run (RV(running=false), never stale).
    type: path
    required: true
  paths:
    description:
      - The daemon's configuration files. Each must exist.
    type: list
    elements: path
    required: true
  tolerance:
    description:
      - Seconds by which a file may be newer than the daemon's start and still count as older. The start time is
        read to about 10 ms, against the wall clock of now, which NTP may have moved since.
    type: float
    default: 1.0
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
  diff_mode:
    support: none
  platform:
    platforms: posix
notes:
  - Linux only (C(/proc)).
'''

EXAMPLES = r'''
- name: Is nova-compute running an older nova.conf?
  multiarch.openstack.stale_daemon:
    pidfile: /run/nova/nova-compute.pid
    paths: [/etc/nova/nova.conf, /etc/nova/nova-compute.conf]
  register: nova_compute_age

- name: Restart it when it is
  ansible.builtin.service:
    name: nova-compute
    state: restarted
  when: nova_compute_age.stale
'''

RETURN = r'''
running:
  description: Whether the pid file names a live process.
  returned: always
  type: bool
  sample: true
pid:
  description: The pid the pid file names (null without one).
  returned: always
  type: int
  sample: 4242
started:
  description: When that process started, in seconds since the epoch (null when it does not run).
  returned: always
  type: float
  sample: 1795742400.25
newest:
  description: The configuration file that changed last, and when (seconds since the epoch).
  returned: always
  type: dict
  contains:
    path:
      description: Its path.
      type: str
      sample: /etc/nova/nova.conf
    mtime:
      description: Its modification time.
      type: float
      sample: 1795742460.5
stale:
  description: Whether the daemon runs and started more than O(tolerance) seconds before RV(newest) changed.
  returned: always
  type: bool
  sample: false
'''

import math
import os

from ansible_collections.multiarch.openstack.plugins.module_utils.ansible_module import Module
from ansible_collections.multiarch.openstack.plugins.module_utils import process

# more paths than any daemon has configuration files: bounded work
MAX_PATHS = 64


def check(module):
    params = module.params
    if not params['pidfile'] or not os.path.isabs(params['pidfile']):
        module.fail_json(msg='pidfile must be an absolute path, got %r' % (params['pidfile'],))
    if '\0' in params['pidfile']:
        module.fail_json(msg='pidfile %r contains a NUL character, which no path can' % (params['pidfile'],))
    paths = params['paths']
    if not paths:
        module.fail_json(msg='paths must name at least one configuration file')
    if len(paths) > MAX_PATHS:
        module.fail_json(msg='paths names %d files; at most %d' % (len(paths), MAX_PATHS))
    for index, path in enumerate(paths):
        if not path or not os.path.isabs(path):
            module.fail_json(msg='paths[%d] must be an absolute path, got %r' % (index, path))
        if '\0' in path:
            module.fail_json(msg='paths[%d] %r contains a NUL character, which no path can' % (index, path))
    tolerance = params['tolerance']
    if math.isnan(tolerance) or tolerance < 0 or tolerance > 3600:
        module.fail_json(msg='tolerance must be between 0 and 3600 seconds, got %r' % (tolerance,))


def main():
    module = Module(
        argument_spec=dict(
            pidfile=dict(type='path', required=True),
            paths=dict(type='list', elements='path', required=True),
            tolerance=dict(type='float', default=1.0),
        ),
        supports_check_mode=True,
    )
    check(module)
    try:
        path, mtime = process.newest_file(module.params['paths'])
        newest = {'path': path, 'mtime': mtime}
        pid = process.pid_from_file(module.params['pidfile'])
        started = process.start_time(pid) if pid is not None else None
    except process.ProcessError as exc:
        module.fail_json(msg=str(exc))
    running = started is not None
    module.exit_json(
        changed=False,
        running=running,
        pid=pid,
        started=started,
        newest=newest,
        stale=running and newest['mtime'] > started + module.params['tolerance'],
    )


if __name__ == '__main__':
    main()
