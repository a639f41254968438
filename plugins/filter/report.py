# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""The support report of a cloud (multiarch.openstack.report) as HTML or Markdown."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.multiarch.openstack.plugins.plugin_utils import support_report

FORMATS = {'html': support_report.to_html, 'markdown': support_report.to_markdown}


def _plain(value):
    """Ansible's lazy containers and strings as plain Python data."""
    if isinstance(value, dict):
        return dict((str(k), _plain(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def support_report_filter(data, output_format='html'):
    """The report of the collected data, as one self-contained HTML page or as Markdown."""
    if not isinstance(output_format, str) or output_format not in FORMATS:
        raise AnsibleFilterError('support_report: the format must be one of %s, got %r' % (', '.join(sorted(FORMATS)), output_format))
    try:
        model = support_report.build(_plain(data))
    except support_report.ReportError as exc:
        raise AnsibleFilterError('support_report: %s' % exc)
    return FORMATS[output_format](model)


def support_report_warnings(data):
    """Only the warnings of the report (an architecture without an image, a host down, ...)."""
    try:
        return support_report.build(_plain(data))['warnings']
    except support_report.ReportError as exc:
        raise AnsibleFilterError('support_report_warnings: %s' % exc)


class FilterModule(object):
    """Support report filters."""

    def filters(self):
        return {'support_report': support_report_filter, 'support_report_warnings': support_report_warnings}
