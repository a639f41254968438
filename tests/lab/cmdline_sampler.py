# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Watch every process's command line on this machine (lab hosts share its process table) until SIGTERM.

    python3 cmdline_sampler.py OUT [INTERVAL]

Reads a process's command line as it starts a program: the kernel's process events connector (netlink, root only,
the initial network namespace) reports every exec(), also of a process that ends a millisecond later, which no
sampling sees. Every INTERVAL seconds (default 1) it also reads /proc/*/cmdline of every process, for a
program that rewrites its own command line later (setproctitle). Without the connector (not root, or a kernel
without it) it samples every 0.1 s instead, as it did before.

When stopped, writes the distinct command lines to OUT, one per line (arguments separated by NUL in /proc, by a
blank here), after a first line "# samples=N execs=M" (execs: the exec events read; -1 without the connector).
Molecule's mixed scenario runs it around its converge, and its verify looks for secrets there. Watching with the
connector costs a small part of the CPU of sampling every 0.1 s (about 3 s a minute here while a deploy runs).
"""

from __future__ import annotations

import os
import select
import signal
import socket
import struct
import sys
import time

NETLINK_CONNECTOR = 11
CN_IDX_PROC = 1
CN_VAL_PROC = 1
PROC_CN_MCAST_LISTEN = 1
PROC_EVENT_EXEC = 0x00000002
NLMSG_DONE = 3
# struct nlmsghdr, struct cn_msg, then struct proc_event's what, cpu, timestamp_ns and, for an exec, pid and tgid
NLMSGHDR = struct.Struct('=IHHII')
CN_MSG = struct.Struct('=IIIIHH')
EVENT = struct.Struct('=IIQII')


def _read(pid, seen):
    try:
        with open('/proc/%s/cmdline' % pid, 'rb') as handle:
            cmdline = handle.read()
    except OSError:
        return   # the process has ended
    if cmdline:
        seen.add(cmdline)


def _sample(seen):
    for pid in os.listdir('/proc'):
        if pid.isdigit():
            _read(pid, seen)


def connector():
    """A netlink socket subscribed to the kernel's process events, or None where that is not allowed."""
    try:
        sock = socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM, NETLINK_CONNECTOR)
    except (OSError, AttributeError):
        return None
    try:
        sock.bind((os.getpid(), CN_IDX_PROC))
        op = struct.pack('=I', PROC_CN_MCAST_LISTEN)
        body = CN_MSG.pack(CN_IDX_PROC, CN_VAL_PROC, 0, 0, len(op), 0) + op
        sock.send(NLMSGHDR.pack(NLMSGHDR.size + len(body), NLMSG_DONE, 0, 0, os.getpid()) + body)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 * 1024 * 1024)
    except OSError:
        sock.close()
        return None
    return sock


def exec_pids(data):
    """The pids of the exec events in one netlink datagram (it may hold several messages)."""
    pids = []
    offset = 0
    while offset + NLMSGHDR.size <= len(data):
        length = NLMSGHDR.unpack_from(data, offset)[0]
        if length < NLMSGHDR.size:
            break
        start = offset + NLMSGHDR.size + CN_MSG.size
        if start + EVENT.size <= offset + length:
            what, _cpu, _timestamp, pid, _tgid = EVENT.unpack_from(data, start)
            if what == PROC_EVENT_EXEC:
                pids.append(pid)
        offset += (length + 3) & ~3
    return pids


def main(out, interval=None):
    seen = set()
    samples = 0
    execs = 0
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    sock = connector()
    if sock is None:
        execs = -1
        interval = 0.1 if interval is None else interval
    else:
        interval = 1.0 if interval is None else interval
    next_sample = 0.0
    while not stopping:
        now = time.monotonic()
        if now >= next_sample:
            _sample(seen)
            samples += 1
            next_sample = now + interval
        if sock is None:
            time.sleep(max(0.0, next_sample - time.monotonic()))
            continue
        try:
            ready = select.select([sock], [], [], max(0.0, next_sample - time.monotonic()))[0]
        except InterruptedError:
            continue
        while ready:
            try:
                data = sock.recv(65536, socket.MSG_DONTWAIT)
            except BlockingIOError:
                break
            except OSError:
                # ENOBUFS: events were lost while this process was not reading; a sample now sees what still runs
                _sample(seen)
                samples += 1
                continue
            for pid in exec_pids(data):
                execs += 1
                _read(pid, seen)
    with open(out + '.tmp', 'w', encoding='utf-8') as handle:
        handle.write('# samples=%d execs=%d\n' % (samples, execs))
        for cmdline in sorted(seen):
            handle.write(cmdline.rstrip(b'\0').replace(b'\0', b' ').decode('utf-8', 'replace').replace('\n', ' ') + '\n')
    os.replace(out + '.tmp', out)


if __name__ == '__main__':
    main(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else None)
