# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Where the lab machine's CPU goes, by program and architecture, until SIGTERM.

    python3 benchmarks/cpu_by_program.py OUT [INTERVAL]

Every INTERVAL seconds (default 0.5) reads each process's CPU time (/proc/PID/stat) and command line; when a
process is gone, its time counts for its program. Lab hosts share this machine's process table, and a program of
an emulated host runs as its qemu-binfmt interpreter followed by the program's path: it is counted under that
architecture ("aarch64 dpkg-deb"), a native one under "native". A Python program is named with its first
arguments ("native python3.11:/usr/bin/ansible-playbook ..."). When stopped, writes the wall time, the CPU total
and the 80 largest programs to OUT. Processes shorter than INTERVAL may be missed, and processes already running
when it starts count with all their earlier CPU time. docs/lab.md ("Where a deploy's time goes") came from it:

    python3 benchmarks/cpu_by_program.py /tmp/cpu.txt & pid=$!
    ... a deploy ...
    kill -TERM $pid; wait $pid; cat /tmp/cpu.txt
"""

from __future__ import annotations

import collections
import os
import signal
import sys
import time


def program_of(pid):
    """'ARCH PROGRAM' of a process, or None when its command line cannot be read (gone, or a kernel thread)."""
    try:
        with open('/proc/%s/cmdline' % pid, 'rb') as handle:
            raw = handle.read().split(b'\0')
    except OSError:
        return None
    args = [arg.decode('utf-8', 'replace') for arg in raw if arg]
    if not args:
        return None
    arch = 'native'
    if 'binfmt' in os.path.basename(args[0]) and len(args) > 1:
        # qemu-binfmt's interpreter, the program's path, then the program's own argv (argv[0] kept: flag P)
        arch = os.path.basename(args[0]).split('-')[0]
        args = args[1:2] + args[3:]
    program = os.path.basename(args[0])
    if program.startswith('python'):
        rest = [arg for arg in args[1:] if not arg.startswith('-')]
        if rest:
            program += ':' + ' '.join(rest[:2])[:60]
    return '%s %s' % (arch, program)


def cpu_ticks(pid):
    with open('/proc/%s/stat' % pid, encoding='utf-8', errors='replace') as handle:
        fields = handle.read().rsplit(')', 1)[1].split()
    return int(fields[11]) + int(fields[12])   # utime + stime


def main(out, interval=0.5):
    ticks_per_second = os.sysconf('SC_CLK_TCK')
    running = {}   # pid -> (program, ticks so far)
    totals = collections.Counter()
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    start = time.time()
    while not stopping:
        seen = set()
        for pid in os.listdir('/proc'):
            if not pid.isdigit():
                continue
            try:
                ticks = cpu_ticks(pid)
            except (OSError, IndexError, ValueError):
                continue   # the process has ended
            seen.add(pid)
            if pid in running and ticks < running[pid][1]:
                # a new process under an ended one's pid: the ended one's time counts now
                ended, ended_ticks = running.pop(pid)
                totals[ended or '(unreadable)'] += ended_ticks
            program = running[pid][0] if pid in running else program_of(pid)
            running[pid] = (program, ticks)
        for pid in [pid for pid in running if pid not in seen]:
            program, ticks = running.pop(pid)
            totals[program or '(unreadable)'] += ticks
        time.sleep(interval)
    for program, ticks in running.values():
        totals[program or '(unreadable)'] += ticks
    with open(out + '.tmp', 'w', encoding='utf-8') as handle:
        handle.write('wall %.0f s, cpu %.0f s\n' % (time.time() - start, sum(totals.values()) / ticks_per_second))
        for program, ticks in totals.most_common(80):
            handle.write('%8.1f %s\n' % (ticks / ticks_per_second, program))
    os.replace(out + '.tmp', out)


if __name__ == '__main__':
    main(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 0.5)
