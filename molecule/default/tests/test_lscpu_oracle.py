# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""The aarch64 lab host's own util-linux lscpu is the oracle for every implementer/part we decode.

For each entry of module_utils/arm_ids.py (and a few unknown ids) a one-CPU sysroot is written on
the aarch64 host and Debian's arm64 ``lscpu --sysroot`` prints what it calls Vendor ID and Model
name; our decoding must say exactly the same.
"""

from __future__ import annotations

import importlib.util
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared'))
from scenario import Scenario  # noqa: E402  pylint: disable=wrong-import-position

SCENARIO = Scenario(__file__)
AARCH64 = SCENARIO.of_arch('aarch64')

testinfra_hosts = ['ansible://' + name for name in AARCH64]

_spec = importlib.util.spec_from_file_location(
    'arm_ids', os.path.join(SCENARIO.directory, '..', '..', 'plugins', 'module_utils', 'arm_ids.py'))
arm_ids = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(arm_ids)

SCRIPT = r'''
set -eu
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
while read -r impl part; do
    root="$work/$impl-$part"
    mkdir -p "$root/proc" "$root/sys/devices/system/cpu/cpu0"
    {
        printf 'processor\t: 0\nBogoMIPS\t: 50.00\nFeatures\t: fp asimd\n'
        printf 'CPU implementer\t: %s\nCPU architecture: 8\nCPU variant\t: 0x0\n' "$impl"
        printf 'CPU part\t: %s\nCPU revision\t: 1\n\n' "$part"
    } > "$root/proc/cpuinfo"
    for f in possible present online; do echo 0 > "$root/sys/devices/system/cpu/$f"; done
    out=$(lscpu --sysroot "$root")
    vendor=$(printf '%s\n' "$out" | sed -n 's/^Vendor ID: *//p' | head -n1)
    model=$(printf '%s\n' "$out" | sed -n 's/^Model name: *//p' | head -n1)
    printf '%s|%s|%s|%s\n' "$impl" "$part" "$vendor" "$model"
done
'''


def _cases():
    cases = []
    for impl, (_vendor, parts) in sorted(arm_ids.IMPLEMENTERS.items()):
        for part in sorted(parts) or [0xd01]:
            cases.append(('0x%02x' % impl, '0x%03x' % part))
        cases.append(('0x%02x' % impl, '0xfff'))  # a part this implementer does not have
    cases.append(('0x99', '0xd01'))  # an implementer nobody has
    return cases


def test_every_decoding_matches_real_lscpu(host):
    cases = _cases()
    stdin = '\n'.join('%s %s' % c for c in cases) + '\n'
    out = host.check_output("bash -c %s <<'EOF'\n%sEOF" % (_quote(SCRIPT), stdin))
    seen = {}
    for line in out.splitlines():
        impl, part, vendor, model = line.split('|')
        seen[(impl, part)] = (vendor, model)
    assert len(seen) == len(cases)
    mismatches = []
    for impl, part in cases:
        ours = arm_ids.decode(impl, part)
        ours = (ours[0], ours[1] or '-')
        if ours != seen[(impl, part)]:
            mismatches.append('%s/%s: lscpu %r, ours %r' % (impl, part, seen[(impl, part)], ours))
    assert not mismatches, '\n'.join(mismatches)


def _quote(text):
    return "'" + text.replace("'", "'\\''") + "'"
