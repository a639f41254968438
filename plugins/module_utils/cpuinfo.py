# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Parse /proc/cpuinfo into what util-linux lscpu reports as Vendor ID and Model name.

Works for any architecture's cpuinfo regardless of the machine it runs on, and
never raises on malformed input: unknown or missing fields give ``None``.
"""

from __future__ import annotations

import re

from ansible_collections.multiarch.openstack.plugins.module_utils import arm_ids

# lscpu prints this when a CPU type has no model name.
NO_MODEL = '-'
_POWER_GENERATION = re.compile(r'^(POWER\d+)', re.IGNORECASE)
# s390x: 'processor 0: version = FF,  identification = 29AA14,  machine = 2817' (the machine type lscpu prints)
_S390_MACHINE = re.compile(r'^processor\s+\d+\s*:.*\bmachine\s*=\s*([0-9A-Fa-f]{1,8})\b', re.MULTILINE)


def _records(text):
    """Split cpuinfo text into a list of per-block dicts (key -> value).

    Keys are stripped of surrounding whitespace; values of leading/trailing
    whitespace only (lscpu keeps inner spacing of model names).
    """
    blocks = []
    current = {}
    for raw in text.splitlines():
        line = raw.rstrip('\r\n')
        if not line.strip():
            if current:
                blocks.append(current)
                current = {}
            continue
        if ':' not in line:
            continue
        key, _sep, value = line.partition(':')
        key = key.strip()
        if not key:
            continue
        # A repeated key starts a new record (cpuinfo without blank lines).
        if key == 'processor' and 'processor' in current:
            blocks.append(current)
            current = {}
        current.setdefault(key, value.strip())
    if current:
        blocks.append(current)
    return blocks


def _cpu_type(record, arch):
    """(vendor, model, implementer, part) of one cpuinfo record."""
    vendor = record.get('vendor_id') or record.get('vendor')
    model = record.get('model name')
    implementer = record.get('CPU implementer')
    part = record.get('CPU part')
    if arch == 'ppc64le' or (model is None and 'cpu' in record and 'revision' in record):
        model = record.get('cpu') or model
    if implementer is not None:
        dec_vendor, dec_model = arm_ids.decode(implementer, part)
        vendor = dec_vendor
        if dec_model:
            model = dec_model
    return vendor, model, implementer, part


def guess_arch(text):
    """Which architecture a cpuinfo text comes from, by its distinctive fields."""
    if 'CPU implementer' in text:
        return 'aarch64'
    if re.search(r'^cpu\s*:\s*POWER', text, re.MULTILINE | re.IGNORECASE) or 'platform\t' in text and 'timebase' in text:
        return 'ppc64le'
    if 'IBM/S390' in text or '# processors' in text:
        return 's390x'
    if re.search(r'^vendor_id\s*:', text, re.MULTILINE):
        return 'x86_64'
    return None


def parse(text, arch=None):
    """Parse cpuinfo ``text`` for architecture ``arch`` (guessed when None).

    Returns a dict: vendor, model, models (one per CPU type, in order of first
    appearance, as lscpu prints one block per type), count, and per arch
    implementer/part/parts (aarch64), flags (x86_64, aarch64 features),
    platform/generation (POWER), machine_type (s390x).
    """
    if not isinstance(text, str):
        text = ''
    if arch is None:
        arch = guess_arch(text)
    blocks = _records(text)
    processors = [b for b in blocks if 'processor' in b]
    types = []
    implementers = []
    parts = []
    for record in processors or blocks:
        vendor, model, implementer, part = _cpu_type(record, arch)
        if vendor is None and model is None and implementer is None:
            continue
        if (vendor, model) not in types:
            types.append((vendor, model))
            # lscpu lists the core types of a big.LITTLE system by part number
            parts.append(part)
        if implementer is not None and implementer not in implementers:
            implementers.append(implementer)
    if arch == 'aarch64':
        order = sorted(range(len(types)), key=lambda i: arm_ids.parse_id(parts[i]) or 0)
        types = [types[i] for i in order]
        parts = [parts[i] for i in order if parts[i] is not None]
    # Fields that appear once, outside the per-processor records (s390x, POWER).
    merged = {}
    for block in blocks:
        for key, value in block.items():
            merged.setdefault(key, value)

    vendor = types[0][0] if types else None
    if vendor is None and types and arch == 'ppc64le':
        vendor = 'IBM'
    if vendor is None and arch == 's390x':
        vendor = merged.get('vendor_id')
    models = [t[1] or NO_MODEL for t in types]
    if not models and arch == 's390x' and vendor:
        models = [NO_MODEL]

    count = len(processors)
    if '# processors' in merged:
        try:
            count = int(merged['# processors'])
        except ValueError:
            pass

    result = {
        'vendor': vendor,
        'model': models[0] if models else None,
        'models': models,
        'count': count,
    }
    flags = merged.get('flags') or merged.get('Features')
    result['flags'] = flags.split() if flags else []
    if arch == 'aarch64':
        result['implementer'] = implementers[0] if implementers else None
        result['part'] = parts[0] if parts else None
        result['parts'] = parts
    if arch == 'ppc64le':
        result['platform'] = merged.get('platform')
        gen = _POWER_GENERATION.match(result['model'] or '')
        result['generation'] = gen.group(1).upper() if gen else None
    if arch == 's390x':
        result['flags'] = (merged.get('features') or '').split()
        machine = _S390_MACHINE.search(text)
        result['machine_type'] = machine.group(1) if machine else None
    return result
