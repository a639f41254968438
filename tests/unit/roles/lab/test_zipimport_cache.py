# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""roles/lab/files/zipimport_cache.py, in real Python processes importing from real zips: code compiled from an
Ansible payload zip is kept and taken again by the next process (which runs what was kept), under the path of the
run that imports it; a changed file is compiled again; a damaged entry is compiled again; a zip that is not a
payload is left to Python; a directory another user could write to is not used."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
import zipfile

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
FILES = os.path.join(HERE, '..', '..', '..', '..', 'roles', 'lab', 'files')

MODULE = 'def fail():\n    def inner():\n        raise ValueError("boom")\n    return inner()\n\n\nVALUE = %d\n'

# imports pkg.mod from ZIP with the cache at CACHE, prints its VALUE and the file names of the traceback of fail()
RUN = r'''
import json, sys, traceback
sys.path.insert(0, sys.argv[1])
import zipimport_cache
zipimport_cache.CACHE = sys.argv[2]
sys.path.insert(0, sys.argv[3])
import pkg.mod
try:
    pkg.mod.fail()
except ValueError:
    files = [frame.filename for frame in traceback.extract_tb(sys.exc_info()[2])][1:]
print(json.dumps({'value': pkg.mod.VALUE, 'files': files}))
'''


def _payload(tmp_path, run, value, name='ansible_x_payload'):
    """A zip as AnsiballZ writes it, in a directory of this run's own."""
    directory = tmp_path / ('%s_%s' % (name, run))
    directory.mkdir()
    path = directory / ('%s.zip' % name)
    with zipfile.ZipFile(path, 'w') as archive:
        archive.writestr('pkg/__init__.py', '')
        archive.writestr('pkg/mod.py', MODULE % value)
    return str(path)


def _run(cache, path):
    out = subprocess.run([sys.executable, '-c', RUN, FILES, cache, path], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


@pytest.fixture
def cache(tmp_path):
    return str(tmp_path / 'cache')


@pytest.mark.skipif(os.geteuid() != 0, reason='the cache is kept for root only')
def test_kept_and_taken_again_under_the_new_path(tmp_path, cache):
    first = _payload(tmp_path, 'a', 1)
    assert _run(cache, first) == {'value': 1, 'files': [first + '/pkg/mod.py'] * 2}
    entries = sorted(os.listdir(cache))
    assert len(entries) == 2   # pkg/__init__.py and pkg/mod.py
    assert oct(os.stat(cache).st_mode & 0o777) == '0o700'

    # the next run takes the kept code: what an entry holds is what runs (here made to give another value)
    for entry in entries:
        with open(os.path.join(cache, entry), 'rb') as handle:
            code = marshal.load(handle)
        if 'VALUE' in code.co_names:
            with open(os.path.join(cache, entry), 'wb') as handle:
                marshal.dump(compile(MODULE % 7, 'elsewhere.py', 'exec'), handle)
    second = _payload(tmp_path, 'b', 1)
    # and under this run's path, in nested functions too
    assert _run(cache, second) == {'value': 7, 'files': [second + '/pkg/mod.py'] * 2}
    assert sorted(os.listdir(cache)) == entries


@pytest.mark.skipif(os.geteuid() != 0, reason='the cache is kept for root only')
def test_a_changed_file_is_compiled_again(tmp_path, cache):
    assert _run(cache, _payload(tmp_path, 'a', 1))['value'] == 1
    assert _run(cache, _payload(tmp_path, 'b', 2))['value'] == 2
    assert len(os.listdir(cache)) == 3   # one __init__.py, two texts of mod.py


@pytest.mark.skipif(os.geteuid() != 0, reason='the cache is kept for root only')
def test_a_damaged_entry_is_compiled_again(tmp_path, cache):
    assert _run(cache, _payload(tmp_path, 'a', 3))['value'] == 3
    for entry in os.listdir(cache):
        with open(os.path.join(cache, entry), 'wb') as handle:
            handle.write(b'\x00not marshal data')
    assert _run(cache, _payload(tmp_path, 'b', 3))['value'] == 3


def test_a_zip_that_is_not_a_payload_is_left_alone(tmp_path, cache):
    path = _payload(tmp_path, 'a', 4, name='some_library')
    assert _run(cache, path)['value'] == 4
    assert not os.path.exists(cache)


@pytest.mark.skipif(os.geteuid() != 0, reason='the cache is kept for root only')
def test_a_directory_others_may_write_is_not_used(tmp_path, cache):
    assert _run(cache, _payload(tmp_path, 'a', 5))['value'] == 5
    # what someone else could have put there: code giving another value, under the right name
    for entry in os.listdir(cache):
        with open(os.path.join(cache, entry), 'rb') as handle:
            if 'VALUE' not in marshal.load(handle).co_names:
                continue
        with open(os.path.join(cache, entry), 'wb') as handle:
            marshal.dump(compile(MODULE % 99, 'planted.py', 'exec'), handle)
    os.chmod(cache, 0o777)
    assert _run(cache, _payload(tmp_path, 'b', 5))['value'] == 5
    os.chmod(cache, 0o700)
    assert _run(cache, _payload(tmp_path, 'c', 5))['value'] == 99   # the same entry, read when the directory is root's
