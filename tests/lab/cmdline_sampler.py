# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Watch every process's command line on this machine (lab hosts share its process table) until SIGTERM.

    python3 cmdline_sampler.py OUT [INTERVAL]

Reads /proc/*/cmdline every INTERVAL seconds (default 0.1) and, when stopped, writes the distinct command
lines to OUT, one per line (arguments separated by NUL in /proc, by a blank here), after a first line
"# samples=N". Molecule's mixed scenario runs it around its converge, and its verify looks for secrets there.
"""

from __future__ import annotations

import os
import signal
import sys
import time


def main(out, interval=0.1):
    seen = set()
    samples = 0
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    while not stopping:
        for pid in os.listdir('/proc'):
            if not pid.isdigit():
                continue
            try:
                with open('/proc/%s/cmdline' % pid, 'rb') as handle:
                    seen.add(handle.read())
            except OSError:
                continue   # the process has ended
        samples += 1
        time.sleep(interval)
    with open(out + '.tmp', 'w', encoding='utf-8') as handle:
        handle.write('# samples=%d\n' % samples)
        for cmdline in sorted(seen):
            handle.write(cmdline.rstrip(b'\0').replace(b'\0', b' ').decode('utf-8', 'replace').replace('\n', ' ') + '\n')
    os.replace(out + '.tmp', out)


if __name__ == '__main__':
    main(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 0.1)
