#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""How many bad-input unit test cases each module and each filter of the collection has.

Collects (pytest --collect-only, in this process: nothing runs) the unit tests under tests/unit/plugins/modules,
tests/unit/plugins/filter and tests/unit/plugins/plugin_utils, and counts every collected case (each parametrized
instance once) of a bad-input test: a test function whose name contains ``reject``, ``refuse`` or ``bad_input``.
Each case counts for one module or filter, the first of:

1. the value of its ``name`` parameter, when that is a module or filter name (one test run over several filters,
   e.g. test_arch_name_filters_reject over canonical_arch, deb_arch, rpm_arch and arch_info);
2. the longest module or filter name that the test function's name contains between underscores
   (test_arch_images_rejects -> arch_images, test_support_report_refuses_an_unknown_format -> support_report);
3. its file, test_<x>.py: the module x, or the filter of plugins/filter/x.py when that file has only one
   (test_stale_daemon.py -> stale_daemon, test_apt.py -> apt_mirror).

A case none of these maps is listed, and the script exits 1; so does a module or filter without any case.
So the tests' names follow that convention: those three words name bad-input tests only (a test of the report's
warnings about a host is not named ..._refused_...), and a test of several filters takes the filter's name as
its ``name`` parameter.

The options column counts a module's options, suboptions included (its DOCUMENTATION), and a filter's arguments,
_input included (plugins/filter/<filter>.yml); filters are those FilterModule.filters() of plugins/filter/*.py
returns. Whether each option has its own case is not derived here; the counts are per module and filter only.

Run it with a Python that has pytest and ansible-core (the collection's unit test environment), from anywhere:

    python hacking/bad_input_counts.py [--cases]

--cases also prints every counted case, with the module or filter it counts for.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import importlib
import io
import os
import re
import shutil
import sys
import tempfile

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NAMESPACE, NAME = 'multiarch', 'openstack'
TEST_DIRS = ('modules', 'filter', 'plugin_utils')
BAD_INPUT = re.compile(r'reject|refuse|bad_input')


def _count_options(options):
    """Options and, recursively, their suboptions."""
    return sum(1 + _count_options(spec.get('suboptions') or {}) for spec in (options or {}).values())


def modules():
    """{module: number of options} from each module's DOCUMENTATION."""
    found = {}
    directory = os.path.join(ROOT, 'plugins', 'modules')
    for filename in sorted(os.listdir(directory)):
        if not filename.endswith('.py') or filename.startswith('_'):
            continue
        with open(os.path.join(directory, filename)) as handle:
            tree = ast.parse(handle.read())
        doc = next(node.value.value for node in tree.body if isinstance(node, ast.Assign)
                   and any(getattr(target, 'id', None) == 'DOCUMENTATION' for target in node.targets))
        found[filename[:-3]] = _count_options(yaml.safe_load(doc).get('options'))
    return found


def filters():
    """{filter: number of arguments} and {plugin file stem: [its filters]}."""
    found, by_file = {}, {}
    directory = os.path.join(ROOT, 'plugins', 'filter')
    for filename in sorted(os.listdir(directory)):
        if not filename.endswith('.py') or filename.startswith('_'):
            continue
        plugin = importlib.import_module('ansible_collections.%s.%s.plugins.filter.%s' % (NAMESPACE, NAME, filename[:-3]))
        by_file[filename[:-3]] = sorted(plugin.FilterModule().filters())
        for name in by_file[filename[:-3]]:
            doc_path = os.path.join(directory, name + '.yml')
            if os.path.exists(doc_path):
                with open(doc_path) as handle:
                    found[name] = _count_options(yaml.safe_load(handle)['DOCUMENTATION'].get('options'))
            else:
                found[name] = None
    return found, by_file


class _Collector(object):
    """A pytest plugin keeping the collected items."""

    def __init__(self):
        self.items = []

    def pytest_collection_finish(self, session):
        self.items = list(session.items)


def collect(tests_root):
    """The collected test items under tests_root/{modules,filter,plugin_utils}."""
    collector = _Collector()
    output = io.StringIO()
    args = ['--collect-only', '-q', '-p', 'no:cacheprovider'] + [os.path.join(tests_root, d) for d in TEST_DIRS]
    with contextlib.redirect_stdout(output):
        status = pytest.main(args, plugins=[collector])
    if status != 0:
        sys.stderr.write(output.getvalue())
        sys.exit('pytest could not collect the tests (exit status %s)' % status)
    return collector.items


def target_of(item, known, by_file):
    """The module or filter a bad-input case counts for (rules 1 to 3 of this script's docstring), or None."""
    params = getattr(getattr(item, 'callspec', None), 'params', {})
    if params.get('name') in known:
        return params['name']
    function = item.originalname if getattr(item, 'originalname', None) else item.name.split('[')[0]
    contained = [name for name in known if re.search(r'(^|_)%s(_|$)' % re.escape(name), function)]
    if contained:
        return max(contained, key=len)
    stem = os.path.basename(str(item.path))[len('test_'):-len('.py')]
    if stem in known:
        return stem
    if len(by_file.get(stem, [])) == 1:
        return by_file[stem][0]
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    parser.add_argument('--cases', action='store_true', help='also print every counted case')
    options = parser.parse_args()

    # the tests import the collection as ansible_collections.multiarch.openstack: give it that path
    tmp = None
    parent = os.path.dirname(os.path.dirname(os.path.dirname(ROOT)))
    if ROOT.split(os.sep)[-3:] == ['ansible_collections', NAMESPACE, NAME]:
        collection = ROOT
    else:
        tmp = tempfile.mkdtemp(prefix='bad-input-counts-')
        os.makedirs(os.path.join(tmp, 'ansible_collections', NAMESPACE))
        collection = os.path.join(tmp, 'ansible_collections', NAMESPACE, NAME)
        os.symlink(ROOT, collection)
        parent = tmp
    sys.path.insert(0, parent)
    try:
        module_options = modules()
        filter_options, by_file = filters()
        items = collect(os.path.join(collection, 'tests', 'unit', 'plugins'))
    finally:
        if tmp:
            shutil.rmtree(tmp)

    known = dict(module_options, **filter_options)
    counts = dict((name, 0) for name in known)
    unmapped = []
    for item in items:
        function = item.originalname if getattr(item, 'originalname', None) else item.name.split('[')[0]
        if not BAD_INPUT.search(function):
            continue
        target = target_of(item, known, by_file)
        if target is None:
            unmapped.append(item.nodeid)
            continue
        counts[target] += 1
        if options.cases:
            print('%-24s %s' % (target, item.nodeid.split('tests/unit/plugins/', 1)[-1]))
    if options.cases:
        print()

    rows = [('module', name, module_options[name], counts[name]) for name in sorted(module_options)]
    rows += [('filter', name, filter_options[name], counts[name]) for name in sorted(filter_options)]
    print('%-7s %-24s %8s %16s' % ('kind', 'name', 'options', 'bad-input cases'))
    for kind, name, count, cases in rows:
        print('%-7s %-24s %8s %16d' % (kind, name, '?' if count is None else count, cases))
    print('%-7s %-24s %8d %16d' % ('total', '', sum(r[2] or 0 for r in rows), sum(r[3] for r in rows)))

    status = 0
    if unmapped:
        print('\nbad-input cases counted for no module or filter:\n  ' + '\n  '.join(unmapped), file=sys.stderr)
        status = 1
    without = [name for _kind, name, _count, cases in rows if not cases]
    if without:
        print('\nwithout any bad-input case: %s' % ', '.join(without), file=sys.stderr)
        status = 1
    return status


if __name__ == '__main__':
    sys.exit(main())
