#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0), or at your option
# GNU General Public License version 3 or later (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: Apache-2.0 OR GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: pidfile_service
short_description: Start or restart a daemon through its init script, its pid file deciding whether it runs
version_added: 0.1.0
description:
  - For hosts without systemd. The daemon runs when its pid file names a live process. The init script's own
    C(status) is not asked, since Debian's OpenStack init scripts look for C(/run/<name>.pid) or a process named like the
    script, and miss daemons that keep their pid file elsewhere or rename themselves, and some compare
    C(/proc/<pid>/cmdline) with the daemon's path, which names the emulator on a qemu-user host.
  - A daemon that runs is restarted when O(state=restarted), or when one of O(config_files) changed after it started
    (it runs an older configuration than its files, also on the run after one killed between a change and its
    restart). A restart stops the daemon from its pid file and waits for the process to exit (TERM, then KILL after
    O(stop_timeout) seconds) before the start, which an init script's own C(restart) does not.
  - A start runs C(<init_script> restart) (so that the script starts the daemon whatever its own status says), with
    its output in a file rather than a pipe, so that a daemon which keeps the script's output open cannot hold the
    module. The pid file then decides, within O(start_timeout) seconds; the script's exit code does not.
  - One module run for what took up to five tasks (the daemon's age, its stop, its status, its start, the check).
author:
  - multiarch.openstack contributors (@multiarch-openstack)
options:
  name:
    description:
      - The init script's name (C(/etc/init.d/<name>)), used in messages and for O(init_script)'s default.
    type: str
    required: true
  pidfile:
    description:
      - The daemon's pid file. A missing file, or one naming a process that does not exist, means it does not run.
    type: path
    required: true
  state:
    description:
      - C(started) starts the daemon when it does not run, and restarts it when O(config_files) are newer than it.
      - C(restarted) restarts it also when it runs an up-to-date configuration (a start when it does not run).
    type: str
    choices: [started, restarted]
    default: started
  config_files:
    description:
      - The files the daemon reads when it starts. Each must exist. Empty, the daemon's age is not looked at.
    type: list
    elements: path
    default: []
  user:
    description:
      - The user that owns the pid file and runs the daemon, when not root (MariaDB's, RabbitMQ's). The daemon runs only
        when the pid file's process runs as that user, and start-stop-daemon matches the user too when it stops it,
        since it does not trust a pid file that root does not own on its own.
    type: str
  init_script:
    description:
      - The init script. Defaults to C(/etc/init.d/<name>).
    type: path
  stop_timeout:
    description:
      - Seconds a restart waits for the daemon to exit after TERM, before it sends KILL (and waits 5 s more).
    type: int
    default: 60
  start_timeout:
    description:
      - Seconds the start waits for the pid file to name a live process.
    type: int
    default: 30
  tolerance:
    description:
      - Seconds by which a file may be newer than the daemon's start and still count as older (see
        M(multiarch.openstack.stale_daemon)).
    type: float
    default: 1.0
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: Reads the pid file and the files' ages, and reports the start or restart a real run would do.
  diff_mode:
    support: none
  platform:
    platforms: posix
notes:
  - Linux only (C(/proc)); needs C(start-stop-daemon) (Debian's dpkg) for a restart.
  - It does not enable the daemon at boot; M(ansible.builtin.service) with C(enabled=true) does.
seealso:
  - module: multiarch.openstack.stale_daemon
  - module: ansible.builtin.service
'''

EXAMPLES = r'''
- name: Start nova-compute, restarting it when nova.conf changed after it started
  multiarch.openstack.pidfile_service:
    name: nova-compute
    pidfile: /run/nova/nova-compute.pid
    config_files: [/etc/nova/nova.conf, /etc/nova/nova-compute.conf]
  register: nova_compute_daemon

- name: Restart RabbitMQ, whose pid file its own user writes
  multiarch.openstack.pidfile_service:
    name: rabbitmq-server
    pidfile: /run/rabbitmq/pid
    user: rabbitmq
    state: restarted
    stop_timeout: 120
'''

RETURN = r'''
action:
  description: What the run did (in check mode, would do)
  returned: always
  type: str
  choices: [none, start, restart]
  sample: restart
reason:
  description: Why, in words.
  returned: always
  type: str
  sample: /etc/nova/nova.conf changed after the daemon started
pid:
  description: The pid the pid file names after the run (before it, in check mode; null when none runs).
  returned: always
  type: int
  sample: 4242
stale:
  description: Whether the daemon ran an older configuration than O(config_files) before the run.
  returned: always
  type: bool
  sample: false
output:
  description: The init script's output and exit code, when the run started it.
  returned: when the init script ran
  type: str
  sample: "Starting nova-compute: nova-compute. (exit code 0)"
'''

import math
import os
import pwd
import re
import tempfile
import time

from ansible_collections.multiarch.openstack.plugins.module_utils.ansible_module import Module
from ansible_collections.multiarch.openstack.plugins.module_utils import process

# an init script's name: what /etc/init.d holds
NAME = re.compile(r'^[A-Za-z0-9][A-Za-z0-9_.@+-]*$')
USER = re.compile(r'^[a-z_][a-z0-9_-]*[$]?$')
# the environment /usr/sbin/service gives an init script
SCRIPT_ENV = {'PATH': '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'LANG': 'C'}
MAX_CONFIG_FILES = 64
OUTPUT_MAX_BYTES = 8192


def _absolute(module, value, what):
    if not value or not os.path.isabs(value) or '\0' in value:
        module.fail_json(msg='%s must be an absolute path, got %r' % (what, value))


def check(module):
    params = module.params
    if not NAME.match(params['name'] or ''):
        module.fail_json(msg='name must be an init script\'s name (letters, digits, _.@+-), got %r' % (params['name'],))
    _absolute(module, params['pidfile'], 'pidfile')
    if params['init_script'] is None:
        params['init_script'] = '/etc/init.d/' + params['name']
    _absolute(module, params['init_script'], 'init_script')
    if len(params['config_files']) > MAX_CONFIG_FILES:
        module.fail_json(msg='config_files names %d files; at most %d' % (len(params['config_files']), MAX_CONFIG_FILES))
    for index, path in enumerate(params['config_files']):
        _absolute(module, path, 'config_files[%d]' % index)
    if params['user'] is not None and not USER.match(params['user']):
        module.fail_json(msg='user must be a user name, got %r' % (params['user'],))
    for key, low, high in (('stop_timeout', 1, 3600), ('start_timeout', 1, 3600)):
        if not low <= params[key] <= high:
            module.fail_json(msg='%s must be between %d and %d seconds, got %r' % (key, low, high, params[key]))
    tolerance = params['tolerance']
    if math.isnan(tolerance) or tolerance < 0 or tolerance > 3600:
        module.fail_json(msg='tolerance must be between 0 and 3600 seconds, got %r' % (tolerance,))


def running(module, pidfile):
    """(pid, start time) of the process the pid file names; start time None when none runs, or when O(user) is given
    and the process runs as another user (a pid file left behind, its number reused), as start-stop-daemon --status
    --user says."""
    user = module.params['user']
    try:
        pid = process.pid_from_file(pidfile)
        started = process.start_time(pid) if pid is not None else None
        if started is not None and user:
            try:
                uid = pwd.getpwnam(user).pw_uid
            except KeyError:
                # no such user yet (check mode before the package that creates it): nothing runs as it
                uid = None
            if process.effective_uid(pid) != uid:
                started = None
        return pid, started
    except process.ProcessError as exc:
        module.fail_json(msg=str(exc))


def stop(module):
    params = module.params
    argv = ['start-stop-daemon', '--stop', '--oknodo', '--pidfile', params['pidfile'],
            '--retry', 'TERM/%d/KILL/5' % params['stop_timeout']]
    if params['user']:
        argv += ['--user', params['user']]
    rc, out, err = module.run_command(argv)
    if rc != 0:
        module.fail_json(msg='%s did not stop (start-stop-daemon exit code %d): %s' % (params['name'], rc, (err or out).strip()),
                         rc=rc)


def run_script(module):
    """Run the init script's restart in a session of its own, with the environment /usr/sbin/service gives it and
    its output in a file: a daemon that keeps the script's output open holds a file, not the module's pipe."""
    script = module.params['init_script']
    if not os.access(script, os.X_OK):
        module.fail_json(msg='init script %s of %s is missing or not executable' % (script, module.params['name']))
    with tempfile.NamedTemporaryFile(prefix='pidfile_service-') as output:
        rc = module.run_command(
            ['env', '-i'] + ['%s=%s' % item for item in sorted(SCRIPT_ENV.items())]
            + ['setsid', '--wait', 'sh', '-c', '"$0" restart < /dev/null > "$1" 2>&1', script, output.name])[0]
        output.seek(0)
        text = output.read(OUTPUT_MAX_BYTES).decode('utf-8', 'replace').strip()
    return '%s (exit code %d)' % (text, rc)


def wait_running(module, output):
    params = module.params
    deadline = time.time() + params['start_timeout']
    while True:
        pid, started = running(module, params['pidfile'])
        if started is not None:
            return pid
        if time.time() >= deadline:
            module.fail_json(msg='%s does not run %d s after its init script started it: pid file %s names %s. The init '
                                 'script said: %s' % (params['name'], params['start_timeout'], params['pidfile'],
                                                      'no live process' if pid else 'nothing', output),
                             output=output)
        time.sleep(0.5)


def decide(params, started, newest):
    """(action, reason, stale) from the daemon's state and its files' ages."""
    if started is None:
        return 'start', 'it does not run (pid file %s)' % params['pidfile'], False
    stale = newest is not None and newest[1] > started + params['tolerance']
    if stale:
        return 'restart', '%s changed after the daemon started' % newest[0], True
    if params['state'] == 'restarted':
        return 'restart', 'state is restarted', False
    return 'none', 'it runs, started after its configuration files last changed', False


def main():
    module = Module(
        argument_spec=dict(
            name=dict(type='str', required=True),
            pidfile=dict(type='path', required=True),
            state=dict(type='str', choices=['started', 'restarted'], default='started'),
            config_files=dict(type='list', elements='path', default=[]),
            user=dict(type='str'),
            init_script=dict(type='path'),
            stop_timeout=dict(type='int', default=60),
            start_timeout=dict(type='int', default=30),
            tolerance=dict(type='float', default=1.0),
        ),
        supports_check_mode=True,
    )
    check(module)
    params = module.params
    try:
        newest = process.newest_file(params['config_files'])
    except process.ProcessError as exc:
        module.fail_json(msg=str(exc))
    pid, started = running(module, params['pidfile'])
    action, reason, stale = decide(params, started, newest)
    result = dict(changed=action != 'none', action=action, reason=reason, stale=stale,
                  pid=pid if started is not None else None)
    if action == 'none' or module.check_mode:
        module.exit_json(**result)
    if action == 'restart':
        stop(module)
    result['output'] = run_script(module)
    result['pid'] = wait_running(module, result['output'])
    module.exit_json(**result)


if __name__ == '__main__':
    main()
