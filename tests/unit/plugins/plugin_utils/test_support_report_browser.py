# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""The support report of the lab's cloud, opened in headless Chromium: what the browser shows of it.

Chromium comes from the Debian package `chromium` (make debs). Where it is missing the test is skipped, except under
CI (CI=true), where that is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

from html.parser import HTMLParser

import pytest

from ansible_collections.multiarch.openstack.plugins.filter.report import support_report_filter

FIXTURE = os.path.join(os.path.dirname(__file__), '..', '..', 'fixtures', 'report', 'lab-cloud.json')
BROWSER = shutil.which('chromium') or shutil.which('chromium-browser')


class Tables(HTMLParser):
    """The text of every cell of the table with id hosts-table, row by row, and the elements seen."""

    def __init__(self):
        super().__init__()
        self.rows, self.tags, self._in_table, self._row, self._cell = [], set(), False, None, None

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag == 'table' and ('id', 'hosts-table') in attrs:
            self._in_table = True
        elif self._in_table and tag == 'tr':
            self._row = []
        elif self._row is not None and tag in ('td', 'th'):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == 'table':
            self._in_table = False
        elif tag in ('td', 'th') and self._cell is not None:
            self._row.append(''.join(self._cell).strip())
            self._cell = None
        elif tag == 'tr' and self._row is not None:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _browser_dom(path):
    """The document as headless Chromium built it (its DOM after parsing and layout)."""
    out = subprocess.run([BROWSER, '--headless', '--no-sandbox', '--disable-gpu', '--dump-dom', 'file://' + path],
                         capture_output=True, text=True, timeout=120, check=True)
    return out.stdout


@pytest.fixture
def page(tmp_path):
    if BROWSER is None:
        if os.environ.get('CI') == 'true':
            pytest.fail('chromium is not installed (make debs installs it); CI must open the report in a browser')
        pytest.skip('chromium is not installed (make debs installs it)')
    with open(FIXTURE) as handle:
        data = json.load(handle)
    data['hosts'][0]['facts']['cpu']['model'] = 'Model <b>&amp; "quoted"</b>'
    path = tmp_path / 'report.html'
    path.write_text(support_report_filter(data, 'html'), encoding='utf-8')
    return data, str(path)


def test_chromium_shows_a_host_row_per_compute_host(page):
    data, path = page
    dom = Tables()
    dom.feed(_browser_dom(path))
    header, rows = dom.rows[0], dom.rows[1:]
    assert header[:3] == ['host', 'architecture', 'CPU']
    shown = dict((row[0], row) for row in rows)
    assert sorted(shown) == sorted(h['name'] for h in data['hosts'])
    for host in data['hosts']:
        row = shown[host['name']]
        assert row[1] == host['facts']['architecture']
        assert row[header.index('cpu_mode')] == host['configured']['cpu_mode']
        assert row[header.index('nova-compute')] == 'up, enabled'
    # markup in a value is shown as text, not interpreted
    first = shown[data['hosts'][0]['name']]
    assert first[2].endswith('Model <b>&amp; "quoted"</b>')
    assert 'script' not in dom.tags and 'b' not in dom.tags
