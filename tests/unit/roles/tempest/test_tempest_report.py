# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""tempest_report.py on the subunit stream of a real Tempest run on the lab's cloud (see fixtures/SOURCES.md)."""
from __future__ import annotations

import importlib.util
import json
import os
import struct
import zlib

import pytest

HERE = os.path.dirname(__file__)
ROOT = os.path.join(HERE, '..', '..', '..', '..')
FILES = os.path.join(ROOT, 'roles', 'tempest', 'files')
FIXTURES = os.path.join(HERE, '..', '..', 'fixtures', 'tempest')

_SPEC = importlib.util.spec_from_file_location('tempest_report', os.path.join(FILES, 'tempest_report.py'))
tempest_report = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(tempest_report)


def fixture(name, mode='r'):
    with open(os.path.join(FIXTURES, name), mode) as handle:
        return handle.read()


@pytest.fixture(scope='module')
def expected():
    """What python-subunit's own tools said about the same stream (SOURCES.md)."""
    return json.loads(fixture('lab-x86_64.expected.json'))


@pytest.fixture(scope='module')
def tests():
    return tempest_report.test_results(fixture('lab-x86_64.subunit', 'rb'))


def test_statuses_match_subunits_own_reading(tests, expected):
    assert dict((test_id, entry['status']) for test_id, entry in tests.items()) == expected['statuses']


def test_counts(tests, expected):
    assert tempest_report.counts(tests) == expected['counts']


def test_skips_carry_tempests_reason_and_failures_their_last_traceback_line(tests):
    skipped = [entry for entry in tests.values() if entry['status'] == 'skipped']
    failed = [entry for entry in tests.values() if entry['status'] == 'failed']
    assert skipped and all(entry.get('reason') for entry in skipped)
    assert all(entry.get('reason') for entry in failed)
    assert all('\n' not in entry.get('reason', '') for entry in tests.values())


def test_ids_lose_tempests_attributes(tests):
    assert tests and not any('[' in test_id for test_id in tests)


def test_garbage_between_packets_is_skipped():
    data = fixture('lab-x86_64.subunit', 'rb')
    assert tempest_report.test_results(b'stray output\n' + data) == tempest_report.test_results(data)


def test_corrupt_packet_is_refused():
    data = bytearray(fixture('lab-x86_64.subunit', 'rb'))
    data[20] ^= 0xFF
    with pytest.raises(tempest_report.SubunitError):
        tempest_report.test_results(bytes(data))


def test_truncated_stream_is_refused():
    data = fixture('lab-x86_64.subunit', 'rb')
    with pytest.raises(tempest_report.SubunitError):
        tempest_report.test_results(data[:-3])


def _number(value):
    # subunit v2's variable-length numbers: 1 byte up to 63, 2 bytes up to 16383
    return bytes([value]) if value < 0x40 else struct.pack('>H', 0x4000 | value)


def _packet(flags, body):
    # a subunit v2 packet as its specification lays it out: signature, flags, length, body, CRC32
    head = struct.pack('>BH', 0xB3, 0x2000 | flags)
    length = len(head) + 2 + len(body) + 4
    raw = head + struct.pack('>H', 0x4000 | length) + body
    return raw + struct.pack('>I', zlib.crc32(raw) & 0xFFFFFFFF)


def test_a_setupclass_failure_fails_every_feature_of_its_class():
    test_id = b'setUpClass (tempest.api.compute.servers.test_server_actions.ServerActionsTestJSON)'
    data = _packet(tempest_report.FLAG_TEST_ID | 6, _number(len(test_id)) + test_id)
    result = {'tests': tempest_report.test_results(data)}
    features = dict((feature[0], feature) for feature in tempest_report.FEATURES)
    state, detail = tempest_report.feature_cell(features['Reboot (hard)'], result)
    assert state == 'failed' and detail == [test_id.decode()]
    assert tempest_report.feature_cell(features['Flavors'], result)[0] == 'not run'


def test_exclusions_need_a_reason(tmp_path):
    path = tmp_path / 'exclude.txt'
    path.write_text('# comment only\n\\.test_a # lab limit: why\n\\.test_b\n')
    with pytest.raises(ValueError, match='no reason'):
        tempest_report.read_exclusions(str(path))


def test_the_shipped_exclusions_all_have_reasons_and_compile():
    rules = tempest_report.read_exclusions(os.path.join(FILES, 'exclude.txt'))
    assert rules
    kinds = ('service not deployed', 'feature not configured', 'lab limit')
    assert all(reason.startswith(kinds) for dummy, reason in rules)


def test_excluded_tests_get_the_first_matching_reason():
    rules = tempest_report.read_exclusions(os.path.join(FILES, 'exclude.txt'))
    listed = ['tempest.api.compute.servers.test_create_server.ServersTestBootFromVolume.test_list_servers[id-9a438d88,smoke]',
              'tempest.api.compute.servers.test_server_actions.ServerActionsTestJSON.test_reboot_server_hard[id-2cb1baf6,smoke]']
    excluded = tempest_report.excluded_tests(listed, rules)
    assert list(excluded) == ['tempest.api.compute.servers.test_create_server.ServersTestBootFromVolume.test_list_servers']
    assert excluded[list(excluded)[0]].startswith('service not deployed: cinder')


def test_merge_keeps_other_architectures(tests):
    document = tempest_report.merge_results({}, 'x86_64', tests, image='multiarch-guest-x86_64', duration=100)
    document = tempest_report.merge_results(document, 'aarch64', {}, image=None)
    assert list(document['architectures']) == ['aarch64', 'x86_64']
    assert document['architectures']['x86_64']['duration'] == 100
    assert 'image' not in document['architectures']['aarch64']
    assert document['architectures']['aarch64']['counts'] == {'passed': 0, 'failed': 0, 'skipped': 0}


def test_matrix_of_the_real_run(tests, expected, tmp_path):
    rules = tempest_report.read_exclusions(os.path.join(FILES, 'exclude.txt'))
    listed = fixture('lab-x86_64.listed.txt').splitlines()
    document = tempest_report.merge_results({'tempest_version': expected['tempest_version']}, 'x86_64', tests,
                                            tempest_report.excluded_tests(listed, rules), image='multiarch-guest-x86_64')
    text = tempest_report.render_matrix(document, rules)
    table = text.split('\n| feature | x86_64 |\n|---|---|\n', 1)[1].split('\n\n', 1)[0]
    rows = dict((line.split(' | ')[0].lstrip('| '), line.split(' | ')[1].rstrip(' |')) for line in table.splitlines())
    assert set(rows) == set(feature[0] for feature in tempest_report.FEATURES)
    assert rows['Identity: tokens'] == 'passed (3)'
    assert rows['API versions (identity, compute, image, network)'] == 'passed (2)'
    assert rows['Project networks and subnets'] == 'passed (1)'
    # the run's server and migration classes failed in setUpClass: every feature of theirs failed
    assert rows['Reboot (hard)'] == 'failed: `setUpClass of ServerActionsTestJSON`'
    assert rows['Pause / unpause'] == 'failed: `setUpClass of ServerActionsTestJSON`'
    assert rows['Cold migration'] == 'failed: `setUpClass of MigrationsAdminTest`'
    # a class Tempest skipped: its reason
    assert rows['Host names as FQDN (microversions 2.90, 2.94)'] == (
        'not run: skipped by Tempest: The microversion range[2.94 - latest] of this test is out of the '
        'configuration range[2.1 - 2.93].')
    # excluded: the exclusion's reason
    assert rows['Boot from volume'].startswith('not run: excluded: service not deployed: cinder')
    assert rows['Stable device rescue'].startswith('not run: excluded: feature not configured: stable device rescue')
    # in neither the results nor the exclusions
    assert rows['Ports'] == 'not run: no test of the subset (include.txt) covers it'
    assert '## Failed tests' in text and 'No "manager" role found' in text
    # every cell is one of the three states
    assert all(cell.startswith(('passed (', 'failed: ', 'not run: ')) for cell in rows.values())


def test_command_line_round_trip(tmp_path, expected):
    results = tmp_path / 'results.json'
    subunit = tmp_path / 'x.subunit'
    subunit.write_bytes(fixture('lab-x86_64.subunit', 'rb'))
    listed = tmp_path / 'listed.txt'
    listed.write_text(fixture('lab-x86_64.listed.txt'))
    exclude = os.path.join(FILES, 'exclude.txt')
    assert tempest_report.main(['results', '--results', str(results), '--arch', 'x86_64', '--subunit', str(subunit),
                                '--listed', str(listed), '--exclude-file', exclude, '--duration', '12.7',
                                '--tempest-version', expected['tempest_version']]) == 0
    document = json.loads(results.read_text())
    assert document['architectures']['x86_64']['counts'] == expected['counts']
    assert document['architectures']['x86_64']['duration'] == 12
    assert document['architectures']['x86_64']['excluded']
    output = tmp_path / 'matrix.md'
    assert tempest_report.main(['matrix', '--results', str(results), '--exclude-file', exclude, '--output', str(output)]) == 0
    assert output.read_text().startswith('# Tempest feature matrix')


def test_a_stopped_runs_stream_is_read_up_to_where_it_was_cut(tests):
    data = fixture('lab-x86_64.subunit', 'rb')
    for cut in (len(data) - 3, len(data) // 2, len(data) // 5):
        part = tempest_report.test_results(data[:cut], partial=True)
        assert set(part) <= set(tests)
        assert all(part[test_id]['status'] == tests[test_id]['status'] for test_id in part)
    assert 0 < len(tempest_report.test_results(data[:len(data) // 2], partial=True)) < len(tests)


def test_a_corrupt_packet_is_refused_in_a_stopped_runs_stream_too():
    data = bytearray(fixture('lab-x86_64.subunit', 'rb'))
    data[20] ^= 0xFF
    with pytest.raises(tempest_report.SubunitError):
        tempest_report.test_results(bytes(data[:len(data) // 2]), partial=True)


def test_a_stopped_run_records_the_tests_it_did_not_reach(tmp_path, tests):
    data = fixture('lab-x86_64.subunit', 'rb')
    results = tmp_path / 'results.json'
    subunit = tmp_path / 'x.subunit'
    subunit.write_bytes(data[:len(data) // 2])
    listed = tmp_path / 'listed.txt'
    listed.write_text(fixture('lab-x86_64.listed.txt'))
    exclude = os.path.join(FILES, 'exclude.txt')
    assert tempest_report.main(['results', '--results', str(results), '--arch', 'x86_64', '--subunit', str(subunit),
                                '--listed', str(listed), '--exclude-file', exclude, '--stopped']) == 0
    entry = json.loads(results.read_text())['architectures']['x86_64']
    listed_ids = set(tempest_report.plain_id(line) for line in fixture('lab-x86_64.listed.txt').splitlines()
                     if line.startswith('tempest.'))
    assert entry['stopped'] is True
    assert entry['unreached'] and entry['counts']['unreached'] == len(entry['unreached'])
    # every listed test is exactly one of: a result, excluded, not reached
    assert set(entry['unreached']) == listed_ids - set(entry['tests']) - set(entry['excluded'])
    assert set(entry['tests']) < set(tests)
    output = tmp_path / 'matrix.md'
    assert tempest_report.main(['matrix', '--results', str(results), '--exclude-file', exclude, '--output', str(output)]) == 0
    text = output.read_text()
    assert '| x86_64 | - | %d | %d | %d | %d | %d | - | stopped, ' % (
        entry['counts']['passed'], entry['counts']['failed'], entry['counts']['skipped'], len(entry['excluded']),
        len(entry['unreached'])) in text
    assert 'not run: not reached: the run was stopped before its tests' in text


def test_a_finished_run_has_no_unreached_tests(tests):
    document = tempest_report.merge_results({}, 'x86_64', tests)
    assert 'stopped' not in document['architectures']['x86_64']
    assert 'unreached' not in document['architectures']['x86_64']['counts']


def test_the_test_a_stopped_run_was_in_is_not_reached_rather_than_failed():
    tests = {'tempest.a.B.test_done': {'status': 'passed'},
             'tempest.a.B.test_cut': {'status': 'failed', 'reason': "_StringException: lost connection during test 'x'"},
             'tempest.a.B.test_broken': {'status': 'failed', 'reason': 'AssertionError: 1 != 2'}}
    listed = ['tempest.a.B.test_done[id-1]', 'tempest.a.B.test_cut[id-2]', 'tempest.a.B.test_broken[id-3]',
              'tempest.a.B.test_later[id-4]']
    assert tempest_report.unreached_tests(listed, tests, {}) == ['tempest.a.B.test_cut', 'tempest.a.B.test_later']
    assert sorted(tests) == ['tempest.a.B.test_broken', 'tempest.a.B.test_done']
