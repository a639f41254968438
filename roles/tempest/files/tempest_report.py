# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Tempest results per architecture, and the feature matrix made from them.

Standard library only (it runs with whatever Python runs Ansible, and in the unit tests).

    python tempest_report.py results --results results.json --arch x86_64 --subunit x86_64.subunit \
        [--listed listed.txt --exclude-file exclude.txt] [--image NAME] [--duration S] [--tempest-version V]
    python tempest_report.py matrix --results results.json --exclude-file exclude.txt --output tempest-matrix.md

``results`` reads a subunit v2 stream (``stestr last --subunit``) and merges that architecture's
counts (passed, failed, skipped) and per-test status into the JSON file; ``--listed`` (the ids
``tempest run --list-tests`` gives for include.txt alone) adds the tests the exclusion list removed,
each with the reason written after its regex. ``matrix`` writes the feature support matrix.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import struct
import sys
import zlib

SIGNATURE = 0xB3
FLAG_TEST_ID = 0x0800
FLAG_ROUTE_CODE = 0x0400
FLAG_TIMESTAMP = 0x0200
FLAG_TAGS = 0x0080
FLAG_FILE_CONTENT = 0x0040
FLAG_MIME_TYPE = 0x0020
STATUSES = {0: None, 1: 'exists', 2: 'inprogress', 3: 'success', 4: 'uxsuccess', 5: 'skip', 6: 'fail', 7: 'xfail'}
# subunit's final statuses, as the matrix counts them
OUTCOME = {'success': 'passed', 'xfail': 'passed', 'fail': 'failed', 'uxsuccess': 'failed', 'skip': 'skipped'}
FIXTURE = re.compile(r'^(setUpClass|tearDownClass|setUpModule|tearDownModule) \((?P<owner>[\w.]+)\)$')

# Feature rows of the matrix: (feature, regex of module.Class, regex of the test method). A test
# counts for a feature when both match in full; a failed (skipped) setUpClass of a matching class
# fails (skips) it.
_ACTIONS = r'tempest\.api\.compute\.servers\.test_server_actions\.\w+'
FEATURES = [
    ('Identity: tokens', r'tempest\.api\.identity\.v3\.test_tokens\.\w+', r'test_\w+'),
    ('API versions (identity, compute, image, network)',
     r'tempest\.api\.(identity\.v3\.test_api_discovery|compute\.test_versions|image\.v2\.test_versions'
     r'|network\.test_versions)\.\w+', r'test_\w+'),
    ('Images (Glance v2)', r'tempest\.api\.image\.v2\.test_images\.\w+', r'test_\w+'),
    ('Flavors', r'tempest\.api\.compute\.(admin\.)?(flavors\.)?test_flavors(_negative)?\.\w+', r'test_\w+'),
    ('Boot with a network', r'tempest\.api\.compute\.servers\.test_create_server\.ServersTestJSON', r'test_\w+'),
    ('Host names as FQDN (microversions 2.90, 2.94)',
     r'tempest\.api\.compute\.servers\.test_create_server\.Servers(V294)?TestFqdnHostnames', r'test_\w+'),
    ('Console output', _ACTIONS, r'test_get_console_output\w*'),
    ('Reboot (soft)', r'tempest\.scenario\.test_network_advanced_server_ops\.TestNetworkAdvancedServerOps',
     r'test_server_connectivity_reboot'),
    ('Reboot (hard)', _ACTIONS, r'test_reboot_server_hard'),
    ('Rebuild', _ACTIONS, r'test_rebuild_server(_in_stop_state)?'),
    ('Stop / start', _ACTIONS, r'test_stop_start_server'),
    ('Pause / unpause', _ACTIONS, r'test_pause_unpause_server'),
    ('Suspend / resume', _ACTIONS, r'test_suspend_resume_server'),
    ('Resize (confirm, revert)', _ACTIONS, r'test_resize_server_(confirm|revert|confirm_from_stopped)'),
    ('Shelve / unshelve', _ACTIONS, r'test_shelve_(unshelve|paused)_server'),
    ('Lock / unlock', _ACTIONS, r'test_lock_unlock_server'),
    ('Backup', _ACTIONS, r'test_create_backup'),
    ('Snapshot (image of a server)', r'tempest\.api\.compute\.images\.test_images_oneserver\.\w+',
     r'test_create_(delete_image|image_specify_multibyte_character_image_name)'),
    ('Rescue / unrescue', r'tempest\.api\.compute\.servers\.test_server_rescue\.ServerRescueTestJSON\w*', r'test_\w+'),
    ('Stable device rescue', r'tempest\.api\.compute\.servers\.test_server_rescue\.ServerStableDeviceRescueTest\w*',
     r'test_\w+'),
    ('Server metadata', r'tempest\.api\.compute\.servers\.test_server_metadata\.\w+', r'test_\w+'),
    ('Cold migration', r'tempest\.api\.compute\.admin\.test_migrations\.\w+',
     r'test_(revert_)?cold_migration(_with_swap)?'),
    ('Live migration', r'tempest\.api\.compute\.admin\.test_live_migration\.LiveMigrationTest',
     r'test_live_block_migration(_paused)?'),
    ('Boot from volume', r'tempest\.api\.compute\.servers\.test_create_server\.ServersTestBootFromVolume', r'test_\w+'),
    ('Project networks and subnets', r'tempest\.api\.network\.test_networks\.NetworksTest', r'test_\w+'),
    ('Ports', r'tempest\.api\.network\.test_ports\.PortsTestJSON', r'test_\w+'),
]


class SubunitError(ValueError):
    """The stream is not subunit v2."""


def _varint(data, pos):
    first = data[pos]
    kind = first & 0xC0
    value = first & 0x3F
    size = {0x00: 1, 0x40: 2, 0x80: 3, 0xC0: 4}[kind]
    if pos + size > len(data):
        raise SubunitError('number at offset %d runs past the end' % pos)
    for byte in data[pos + 1:pos + size]:
        value = (value << 8) | byte
    return value, pos + size


def _utf8(data, pos):
    length, pos = _varint(data, pos)
    if pos + length > len(data):
        raise SubunitError('string at offset %d runs past its packet' % pos)
    return bytes(data[pos:pos + length]).decode('utf-8'), pos + length


def parse_subunit(data, partial=False):
    """Yield one dict per subunit v2 packet: test_id, status, timestamp, file_name, file_bytes, tags.

    Bytes between packets that are not subunit (a stray print) are skipped, as subunit itself does.
    With ``partial``, the stream of a run that was killed, a last packet cut short ends the stream
    instead of being an error.
    """
    pos = 0
    while pos < len(data):
        if data[pos] != SIGNATURE:
            pos += 1
            continue
        if pos + 4 > len(data):
            if partial:
                return
            raise SubunitError('truncated packet at offset %d' % pos)
        flags = struct.unpack('>H', data[pos + 1:pos + 3])[0]
        if flags >> 12 != 0x2:
            raise SubunitError('packet at offset %d is not subunit version 2' % pos)
        try:
            length, body = _varint(data, pos + 3)
        except SubunitError:
            if partial:
                return
            raise
        end = pos + length
        if partial and length >= 10 and end > len(data):
            return
        if length < 10 or end > len(data):
            raise SubunitError('packet at offset %d has a bad length %d' % (pos, length))
        if zlib.crc32(data[pos:end - 4]) & 0xFFFFFFFF != struct.unpack('>I', data[end - 4:end])[0]:
            raise SubunitError('bad checksum in the packet at offset %d' % pos)
        packet = {'test_id': None, 'status': STATUSES[flags & 0x7], 'timestamp': None,
                  'file_name': None, 'file_bytes': None, 'tags': None}
        if flags & FLAG_TIMESTAMP:
            seconds = struct.unpack('>I', data[body:body + 4])[0]
            nanos, body = _varint(data, body + 4)
            packet['timestamp'] = seconds + nanos / 1e9
        if flags & FLAG_TEST_ID:
            packet['test_id'], body = _utf8(data, body)
        if flags & FLAG_TAGS:
            count, body = _varint(data, body)
            tags = []
            for dummy in range(count):
                tag, body = _utf8(data, body)
                tags.append(tag)
            packet['tags'] = tags
        if flags & FLAG_MIME_TYPE:
            dummy, body = _utf8(data, body)
        if flags & FLAG_FILE_CONTENT:
            packet['file_name'], body = _utf8(data, body)
            size, body = _varint(data, body)
            packet['file_bytes'] = bytes(data[body:body + size])
            body += size
        if flags & FLAG_ROUTE_CODE:
            dummy, body = _utf8(data, body)
        yield packet
        pos = end


def plain_id(test_id):
    """A test id without Tempest's attributes: ``a.b.C.test_x[id-...,smoke]`` -> ``a.b.C.test_x``."""
    return test_id.split('[', 1)[0]


def _first_line(text, limit=200):
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    line = lines[-1] if lines else ''
    return line if len(line) <= limit else line[:limit - 3] + '...'


def test_results(data, partial=False):
    """Per-test outcome of a subunit stream: {plain id: {'status', 'reason'?, 'duration'?}}.

    ``partial``: the stream of a stopped run (see parse_subunit).
    """
    tests = {}
    attachments = {}
    started = {}
    for packet in parse_subunit(data, partial):
        test_id = packet['test_id']
        if not test_id:
            continue
        if packet['file_name'] in ('reason', 'traceback') and packet['file_bytes']:
            attachments.setdefault(test_id, {}).setdefault(packet['file_name'], b'')
            attachments[test_id][packet['file_name']] += packet['file_bytes']
        status = packet['status']
        if status == 'inprogress' and packet['timestamp'] is not None:
            started[test_id] = packet['timestamp']
        if status not in OUTCOME:
            continue
        entry = {'status': OUTCOME[status]}
        if test_id in started and packet['timestamp'] is not None:
            entry['duration'] = round(packet['timestamp'] - started[test_id], 1)
        tests[test_id] = entry
    result = {}
    for test_id, entry in tests.items():
        files = attachments.get(test_id, {})
        if entry['status'] == 'skipped' and 'reason' in files:
            entry['reason'] = _first_line(files['reason'].decode('utf-8', 'replace'))
        elif entry['status'] == 'failed' and 'traceback' in files:
            entry['reason'] = _first_line(files['traceback'].decode('utf-8', 'replace'))
        result[plain_id(test_id)] = entry
    return result


def read_exclusions(path):
    """[(compiled regex, reason)] of an exclusion list: ``regex # reason`` per line."""
    rules = []
    with open(path, encoding='utf-8') as handle:
        for number, line in enumerate(handle, 1):
            regex, dummy, reason = line.strip().partition('#')
            regex = regex.strip()
            if not regex:
                continue
            if not reason.strip():
                raise ValueError('%s:%d: exclusion %r has no reason after "#"' % (path, number, regex))
            rules.append((re.compile(regex), reason.strip()))
    return rules


def excluded_tests(listed_ids, rules):
    """{plain id: reason} for the listed ids an exclusion rule matches (the first one that does)."""
    result = {}
    for test_id in listed_ids:
        for regex, reason in rules:
            if regex.search(test_id):
                result[plain_id(test_id)] = reason
                break
    return result


def counts(tests):
    """{'passed', 'failed', 'skipped'} of a per-test result."""
    total = {'passed': 0, 'failed': 0, 'skipped': 0}
    for entry in tests.values():
        total[entry['status']] += 1
    return total


# what python-subunit's version 1 reader reports for the test a stream ends in
_CUT_OFF = re.compile(r'lost connection during test')


def unreached_tests(listed_ids, tests, excluded):
    """Plain ids of the listed tests a stopped run neither ran nor excluded.

    The test the run was in when it was stopped has no result of its own: the stream's reader reports it
    failed with "lost connection during test"; it is removed from ``tests`` (changed in place) and counted here.
    """
    for test_id in [test_id for test_id, entry in tests.items()
                    if entry['status'] == 'failed' and _CUT_OFF.search(entry.get('reason', ''))]:
        del tests[test_id]
    return sorted(set(plain_id(test_id) for test_id in listed_ids) - set(tests) - set(excluded))


def merge_results(document, arch, tests, excluded=None, unreached=None, **extra):
    """The results document with ``arch`` replaced by these tests (other architectures kept).

    ``unreached``: for a stopped run, the listed tests it did not get to (their count is counts' ``unreached``).
    """
    document = dict(document or {})
    archs = dict(document.get('architectures', {}))
    entry = {'counts': counts(tests), 'tests': dict(sorted(tests.items())), 'excluded': dict(sorted((excluded or {}).items()))}
    if unreached is not None:
        entry['stopped'] = True
        entry['unreached'] = sorted(unreached)
        entry['counts']['unreached'] = len(unreached)
    entry.update(dict((key, value) for key, value in extra.items() if value is not None))
    archs[arch] = entry
    document['architectures'] = dict(sorted(archs.items()))
    return document


def _split(test_id):
    owner, dummy, method = test_id.rpartition('.')
    return owner, method


def feature_cell(feature, arch_result):
    """(state, detail) of one feature on one architecture: passed, failed or not run."""
    dummy, owner_re, method_re = feature
    owner_re = re.compile(owner_re)
    method_re = re.compile(method_re)
    tests = {}
    for test_id, entry in arch_result.get('tests', {}).items():
        fixture = FIXTURE.match(test_id)
        if fixture:
            # a class's fixture that failed (or skipped) failed (or skipped) all of its tests
            if entry['status'] != 'passed' and owner_re.fullmatch(fixture.group('owner')):
                tests[test_id] = entry
            continue
        owner, method = _split(test_id)
        if owner_re.fullmatch(owner) and method_re.fullmatch(method):
            tests[test_id] = entry
    failed = sorted(test_id for test_id, entry in tests.items() if entry['status'] == 'failed')
    passed = sorted(test_id for test_id, entry in tests.items() if entry['status'] == 'passed')
    skipped = sorted(test_id for test_id, entry in tests.items() if entry['status'] == 'skipped')
    if failed:
        return 'failed', failed
    if passed:
        return 'passed', passed
    if skipped:
        return 'not run', ['skipped by Tempest: %s' % (tests[skipped[0]].get('reason') or 'no reason given')]
    reasons = []
    for test_id, reason in arch_result.get('excluded', {}).items():
        owner, method = _split(test_id)
        if owner_re.fullmatch(owner) and method_re.fullmatch(method) and reason not in reasons:
            reasons.append(reason)
    if reasons:
        return 'not run', ['excluded: %s' % reason for reason in reasons]
    for test_id in arch_result.get('unreached', []):
        owner, method = _split(test_id)
        if owner_re.fullmatch(owner) and method_re.fullmatch(method):
            return 'not run', ['not reached: the run was stopped before its tests']
    return 'not run', ['no test of the subset (include.txt) covers it']


def _short(test_id):
    fixture = FIXTURE.match(test_id)
    if fixture:
        return '%s of %s' % (fixture.group(1), fixture.group('owner').rpartition('.')[2])
    owner, method = _split(test_id)
    return '%s.%s' % (owner.rpartition('.')[2], method)


def _cell_text(state, detail):
    if state == 'passed':
        return 'passed (%d)' % len(detail)
    if state == 'failed':
        return 'failed: %s' % ', '.join('`%s`' % _short(test_id) for test_id in detail)
    return 'not run: %s' % '; '.join(detail).replace('|', '\\|')


def render_matrix(document, rules=None):
    """The feature support matrix as Markdown."""
    archs = document.get('architectures', {})
    names = list(archs)
    lines = ['# Tempest feature matrix', '',
             'Generated by `roles/tempest/files/tempest_report.py matrix` from the results of '
             '`multiarch.openstack.tempest` (see [tempest.md](tempest.md)); do not edit by hand.', '']
    if document.get('tempest_version'):
        lines.append('Tempest %s.' % document['tempest_version'])
        lines.append('')
    lines.append('| architecture | image | passed | failed | skipped | excluded | not reached | duration | run |')
    lines.append('|---|---|---|---|---|---|---|---|---|')
    for name in names:
        result = archs[name]
        total = result.get('counts', counts(result.get('tests', {})))
        duration = result.get('duration')
        lines.append('| %s | %s | %d | %d | %d | %d | %s | %s | %s |' % (
            name, result.get('image', '-'), total['passed'], total['failed'], total['skipped'],
            len(result.get('excluded', {})), len(result['unreached']) if result.get('stopped') else '-',
            '%d s' % duration if duration is not None else '-',
            ('stopped, ' if result.get('stopped') else '') + result.get('finished', '-')))
    lines.extend(['', 'Each cell: **passed** (the number of its tests that passed), **failed** (the tests that '
                  'failed), or **not run** (why: the exclusion list\'s reason, Tempest\'s reason for a skip, or a '
                  'run stopped before the feature\'s tests).', ''])
    lines.append('| feature | %s |' % ' | '.join(names))
    lines.append('|---|%s' % ''.join('---|' for dummy in names))
    for feature in FEATURES:
        cells = [_cell_text(*feature_cell(feature, archs[name])) for name in names]
        lines.append('| %s | %s |' % (feature[0], ' | '.join(cells)))
    failures = []
    for name in names:
        for test_id, entry in archs[name].get('tests', {}).items():
            if entry['status'] == 'failed':
                failures.append('| %s | `%s` | %s |' % (name, test_id, entry.get('reason', '').replace('|', '\\|')))
    if failures:
        lines.extend(['', '## Failed tests', '', '| architecture | test | last line of its traceback |', '|---|---|---|'])
        lines.extend(failures)
    if rules:
        lines.extend(['', '## Exclusions (roles/tempest/files/exclude.txt)', '', '| regex | reason |', '|---|---|'])
        for regex, reason in rules:
            lines.append('| `%s` | %s |' % (regex.pattern.replace('|', '\\|'), reason))
    return '\n'.join(lines) + '\n'


def _load(path):
    if path and os.path.exists(path):
        with open(path, encoding='utf-8') as handle:
            return json.load(handle)
    return {}


def _write(path, text):
    tmp = path + '.tmp'
    with open(tmp, 'w', encoding='utf-8') as handle:
        handle.write(text)
    os.replace(tmp, path)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest='command', required=True)
    res = sub.add_parser('results', help='merge one architecture\'s subunit stream into the results JSON')
    res.add_argument('--results', required=True)
    res.add_argument('--arch', required=True)
    res.add_argument('--subunit', required=True)
    res.add_argument('--listed', help='test ids include.txt selects, one per line (tempest run --list-tests)')
    res.add_argument('--exclude-file')
    res.add_argument('--image')
    res.add_argument('--duration', type=float)
    res.add_argument('--tempest-version')
    res.add_argument('--stopped', action='store_true',
                     help='the run was stopped (time limit, signal): read what its stream holds and record the listed '
                          'tests it did not reach')
    mat = sub.add_parser('matrix', help='write the feature matrix')
    mat.add_argument('--results', required=True)
    mat.add_argument('--exclude-file')
    mat.add_argument('--output', required=True)
    args = parser.parse_args(argv)

    rules = read_exclusions(args.exclude_file) if args.exclude_file else []
    if args.command == 'results':
        with open(args.subunit, 'rb') as handle:
            tests = test_results(handle.read(), partial=args.stopped)
        excluded = {}
        listed = []
        if args.listed:
            with open(args.listed, encoding='utf-8') as handle:
                listed = [line.strip() for line in handle if line.startswith('tempest.')]
            excluded = excluded_tests(listed, rules)
        unreached = unreached_tests(listed, tests, excluded) if args.stopped else None
        document = _load(args.results)
        if args.tempest_version:
            document['tempest_version'] = args.tempest_version
        document = merge_results(document, args.arch, tests, excluded, unreached, image=args.image,
                                 duration=int(args.duration) if args.duration is not None else None,
                                 finished=datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC'))
        _write(args.results, json.dumps(document, indent=1, sort_keys=True) + '\n')
        print(json.dumps({args.arch: document['architectures'][args.arch]['counts']}, sort_keys=True))
    else:
        _write(args.output, render_matrix(_load(args.results), rules))
    return 0


if __name__ == '__main__':
    sys.exit(main())
