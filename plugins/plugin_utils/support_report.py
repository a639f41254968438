# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""The support report of a mixed-architecture cloud: its model (with warnings) and its HTML and Markdown.

The input is what multiarch.openstack.report collected, as plain data:

``hosts``        list of compute hosts: ``name`` (inventory), ``nova_host`` (nova's host name), ``reachable``,
                 ``facts`` (arch_facts' ``ansible_facts.multiarch``), ``configured`` (nova's ``[libvirt]``
                 options as the host's configuration files set them), ``cpu_check`` (libvirt_cpu's result for
                 them: ``nova_libvirt``, ``reason``; or ``failed`` and ``msg``), ``cpu_auto`` (the same for
                 libvirt_cpu's own choice, ``mode: auto``) and ``error`` (why nothing else is known, for an
                 unreachable host)
``services``     nova's compute services: ``host``, ``state`` (up/down), ``status`` (enabled/disabled)
``images``       Glance's images: ``name``, ``status``, ``disk_format``, ``min_ram``, ``min_disk``, ``properties``
``flavors``      ``name``, ``ram``, ``vcpus``, ``disk``
``aggregates``   ``name``, ``hosts``, ``metadata``
``validate``     the last ``multiarch.openstack.validate`` table: ``finished`` and ``rows`` (or None)
``tempest``      per architecture ``passed``, ``failed``, ``skipped`` of the last Tempest run (or None)
``generated``    when the data was collected (text)

Everything a cell shows is escaped; the page needs nothing but itself (no script, no external style).
"""

from __future__ import annotations

import html

from ansible_collections.multiarch.openstack.plugins.module_utils import arch as archmod

ARCH_KEYS = ('hw_emulation_architecture', 'architecture', 'hw_architecture')
# what Glance's v2 API says of every image; any other key of an image is one of its properties
GLANCE_FIELDS = frozenset((
    'id', 'name', 'status', 'visibility', 'protected', 'checksum', 'os_hash_algo', 'os_hash_value', 'owner', 'size',
    'virtual_size', 'min_ram', 'min_disk', 'created_at', 'updated_at', 'tags', 'self', 'file', 'schema',
    'disk_format', 'container_format', 'os_hidden', 'locations', 'direct_url', 'stores', 'properties'))


class ReportError(ValueError):
    """The collected data is not what the report needs."""


def _need(data, key, kind, where):
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, kind):
        raise ReportError('%s.%s must be a %s, got %s %r' % (
            where, key, kind.__name__ if isinstance(kind, type) else ' or '.join(k.__name__ for k in kind),
            type(value).__name__, value))
    return value


def _may(data, key, kind, where):
    """``data[key]`` when it is a ``kind``, None when it is missing or null."""
    value = data.get(key)
    if value is not None and not isinstance(value, kind):
        raise ReportError('%s.%s must be a %s or null, got %s %r' % (
            where, key, kind.__name__ if isinstance(kind, type) else ' or '.join(k.__name__ for k in kind),
            type(value).__name__, value))
    return value


def _mapping(item, where):
    if not isinstance(item, dict):
        raise ReportError('%s must be a mapping, got %s %r' % (where, type(item).__name__, item))
    return item


def _strings(data, key, where):
    """``data[key]``, a list of strings, or [] when it is missing or null."""
    value = _may(data, key, list, where) or []
    for index, item in enumerate(value):
        if not isinstance(item, str):
            raise ReportError('%s.%s[%d] must be a str, got %s %r' % (where, key, index, type(item).__name__, item))
    return value


def image(item, where):
    """An image of Glance's v2 API (properties as keys of their own) or of openstacksdk (under ``properties``)."""
    _mapping(item, where)
    for key in ('min_ram', 'min_disk'):
        _may(item, key, int, where)
    props = dict(_may(item, 'properties', dict, where) or {})
    props.update((k, v) for k, v in item.items() if k not in GLANCE_FIELDS)
    return {'name': str(item.get('name') or item.get('id') or ''), 'status': item.get('status'),
            'disk_format': item.get('disk_format'), 'min_ram': item.get('min_ram') or 0,
            'min_disk': item.get('min_disk') or 0, 'properties': dict(sorted(props.items()))}


def canonical(name):
    """The canonical name of an architecture, or the name itself when the collection does not know it."""
    try:
        return archmod.canonical_arch(name)
    except (archmod.UnknownArchitecture, TypeError, AttributeError):
        return str(name)


def image_arch(item):
    """The architecture an image's guests run (emulated or not), or '' when it has none."""
    for key in ARCH_KEYS:
        if item['properties'].get(key):
            return canonical(item['properties'][key])
    return ''


def _setting(value):
    """A nova option's value as its configuration file has it (lists comma-separated)."""
    if isinstance(value, (list, tuple)):
        return ','.join(str(v) for v in value)
    return '' if value is None else str(value)


def reasons(configured, auto):
    """Why each configured CPU setting: libvirt_cpu's reason where the setting is its own choice, else that the
    deployment set it otherwise, with what libvirt_cpu would choose and why."""
    if auto.get('failed'):
        return {'libvirt_cpu': 'refuses to choose for this host: %s' % auto.get('msg', '')}
    chosen = auto.get('nova_libvirt') or {}
    why = auto.get('reason') or {}
    out = {}
    for key in sorted(set(chosen) | set(configured)):
        mine, have = _setting(chosen.get(key)), _setting(configured.get(key))
        if key in configured and mine != have:
            out[key] = 'set to %s by the deployment; libvirt_cpu alone would choose %s (%s)' % (
                have or '(empty)', mine or '(nothing)', why.get(key, 'no reason given'))
        elif key in why:
            out[key] = why[key]
    return out


def build(data):
    """The report's model: hosts, architectures, flavors, validate, tempest and warnings."""
    if not isinstance(data, dict):
        raise ReportError('the report data must be a mapping, got %s' % type(data).__name__)
    hosts_in = _need(data, 'hosts', list, 'data')
    services = _need(data, 'services', list, 'data')
    images = [image(item, 'images[%d]' % i) for i, item in enumerate(_need(data, 'images', list, 'data'))]
    flavors = _need(data, 'flavors', list, 'data')
    aggregates = _need(data, 'aggregates', list, 'data')
    warnings = []

    for i, flavor in enumerate(flavors):
        where = 'flavors[%d]' % i
        _need(_mapping(flavor, where), 'name', str, where)
        for key in ('ram', 'vcpus', 'disk'):
            _may(flavor, key, int, where)
    for i, aggregate in enumerate(aggregates):
        where = 'aggregates[%d]' % i
        _strings(_mapping(aggregate, where), 'hosts', where)
        _may(aggregate, 'metadata', dict, where)
    validate = _may(data, 'validate', dict, 'data')
    for i, row in enumerate(_may(validate or {}, 'rows', list, 'data.validate') or []):
        _mapping(row, 'data.validate.rows[%d]' % i)
    for arch, counts in (_may(data, 'tempest', dict, 'data') or {}).items():
        _mapping(counts, 'data.tempest.%s' % arch)

    service_of = {}
    for i, svc in enumerate(services):
        _need(svc, 'host', str, 'services[%d]' % i)
        service_of[svc['host']] = svc

    hosts = []
    for i, item in enumerate(hosts_in):
        where = 'hosts[%d]' % i
        name = _need(item, 'name', str, where)
        facts = _may(item, 'facts', dict, where) or {}
        configured = _may(item, 'configured', dict, where) or {}
        check = _may(item, 'cpu_check', dict, where) or {}
        auto = _may(item, 'cpu_auto', dict, where) or {}
        for key in ('nova_libvirt', 'reason'):
            _may(auto, key, dict, where + '.cpu_auto')
        _may(facts, 'architecture', str, where + '.facts')
        cpu = _may(facts, 'cpu', dict, where + '.facts') or {}
        for key in ('vendor', 'model'):
            _may(cpu, key, str, where + '.facts.cpu')
        libvirt = _may(facts, 'libvirt', dict, where + '.facts') or {}
        _strings(libvirt, 'usable_models', where + '.facts.libvirt')
        _strings(_may(facts, 'uefi', dict, where + '.facts') or {}, 'firmware', where + '.facts.uefi')
        nova_host = _may(item, 'nova_host', str, where) or name
        svc = service_of.get(nova_host)
        row = {
            'name': name,
            'nova_host': nova_host,
            'architecture': facts.get('architecture', ''),
            'cpu': ' / '.join(x for x in (cpu.get('vendor'), cpu.get('model')) if x) or '',
            'cpu_count': cpu.get('count'),
            'virt_type': configured.get('virt_type', ''),
            'cpu_mode': configured.get('cpu_mode', ''),
            'cpu_models': configured.get('cpu_models', ''),
            'machine_type': configured.get('hw_machine_type', ''),
            'num_pcie_ports': configured.get('num_pcie_ports', ''),
            'firmware': ', '.join((facts.get('uefi') or {}).get('firmware') or []),
            'uefi_required': bool((facts.get('uefi') or {}).get('required')),
            'libvirt': libvirt.get('version', ''),
            'usable_models': libvirt.get('usable_models') or [],
            'reason': reasons(configured, auto),
            'check': 'failed: %s' % check.get('msg', '') if check.get('failed') else ('ok' if check else 'not checked'),
            'service': '%s, %s' % (svc.get('state', '?'), svc.get('status', '?')) if svc else 'no compute service',
            'reachable': item.get('reachable', True),
        }
        if not row['reachable']:
            warnings.append('host %s is unreachable: %s' % (name, item.get('error') or 'no answer'))
        if svc is None:
            warnings.append('host %s has no nova-compute service registered as %s' % (name, nova_host))
        elif svc.get('state') != 'up':
            warnings.append('host %s: nova-compute is %s' % (name, svc.get('state')))
        elif svc.get('status') != 'enabled':
            warnings.append('host %s: nova-compute is %s (%s)' % (
                name, svc.get('status'), svc.get('disabled_reason') or 'no reason given'))
        if row['reachable'] and not configured:
            warnings.append('host %s: its nova configuration files set none of [libvirt] virt_type, cpu_mode, cpu_models, '
                            'hw_machine_type (nova runs with its own defaults there)' % name)
        if check.get('failed'):
            warnings.append('host %s: its configured CPU settings fail against its libvirt: %s' % (name, check.get('msg')))
        if row['uefi_required'] and not row['firmware']:
            warnings.append('host %s: %s guests need UEFI firmware and the host has none' % (name, row['architecture']))
        hosts.append(row)

    active = [im for im in images if im.get('status') == 'active' and im.get('disk_format') not in ('aki', 'ari')]
    arches = sorted(set(h['architecture'] for h in hosts if h['architecture']) |
                    set(image_arch(im) for im in active if image_arch(im)))
    by_arch = []
    for arch in arches:
        arch_hosts = [h for h in hosts if h['architecture'] == arch]
        arch_images = [im for im in active if image_arch(im) == arch]
        fitting = sorted(f['name'] for f in flavors for im in arch_images
                         if (f.get('ram') or 0) >= im['min_ram'] and (f.get('disk') or 0) >= im['min_disk'])
        aggs = [a for a in aggregates if any(canonical(v) == arch for k, v in (a.get('metadata') or {}).items()
                                             if k in ('hw_architecture', 'architecture') and v)]
        # hosts in the architecture's aggregates that are of another architecture run its guests by emulation
        arch_of = dict((h['nova_host'], h['architecture']) for h in hosts)
        emulated_on = sorted(set(name for a in aggs for name in (a.get('hosts') or [])
                                 if arch_of.get(name) and arch_of[name] != arch))
        by_arch.append({
            'architecture': arch,
            'images': [{'name': im['name'], 'properties': im['properties']} for im in arch_images],
            'flavors': sorted(set(fitting)),
            'aggregates': [{'name': a.get('name'), 'hosts': sorted(a.get('hosts') or [])} for a in aggs],
            'hosts': [h['name'] for h in arch_hosts],
            'emulated_on': emulated_on,
        })
        if arch_hosts and not arch_images:
            warnings.append('architecture %s has compute hosts (%s) but no active image: its guests cannot boot '
                            '(add one to openstack_image_catalog)' % (arch, ', '.join(h['name'] for h in arch_hosts)))
        if arch_images and not fitting:
            warnings.append('architecture %s: no flavor fits its image' % arch)
        if len(arch_hosts) > 1:
            cpus = set(h['cpu'] for h in arch_hosts)
            common = set(arch_hosts[0]['usable_models'])
            for h in arch_hosts[1:]:
                common &= set(h['usable_models'])
            if len(cpus) > 1 and not common:
                warnings.append('architecture %s: its hosts have different CPUs (%s) and no CPU model in common: '
                                'guests cannot live-migrate between them' % (arch, '; '.join(sorted(cpus))))
    return {
        'generated': str(data.get('generated') or ''),
        'hosts': hosts,
        'architectures': by_arch,
        'flavors': [{'name': f.get('name'), 'ram': f.get('ram'), 'vcpus': f.get('vcpus'), 'disk': f.get('disk')}
                    for f in sorted(flavors, key=lambda f: str(f.get('name')))],
        'validate': data.get('validate'),
        'tempest': data.get('tempest'),
        'warnings': warnings,
    }


HOST_COLUMNS = (('name', 'host'), ('architecture', 'architecture'), ('cpu', 'CPU'), ('virt_type', 'virt_type'),
                ('cpu_mode', 'cpu_mode'), ('cpu_models', 'cpu_models'), ('machine_type', 'machine type'),
                ('firmware', 'firmware'), ('libvirt', 'libvirt'), ('service', 'nova-compute'),
                ('check', 'CPU settings check'))
VALIDATE_COLUMNS = ('arch', 'host', 'host_arch', 'domain', 's_active', 's_console', 'address', 'image')


def _text(value):
    if value is None:
        return ''
    if isinstance(value, (list, tuple)):
        return ', '.join(_text(v) for v in value)
    if isinstance(value, dict):
        return '; '.join('%s=%s' % (k, _text(v)) for k, v in value.items())
    return str(value)


def _reasons(host):
    return '; '.join('%s: %s' % (k, v) for k, v in sorted(host['reason'].items()))


def _table_html(headers, rows, row_class=None):
    out = ['<table>']
    if any(headers):
        out.append('<thead><tr>' + ''.join('<th>%s</th>' % html.escape(h) for h in headers) + '</tr></thead>')
    out.append('<tbody>')
    for i, row in enumerate(rows):
        cls = ' class="%s"' % html.escape(row_class[i]) if row_class and row_class[i] else ''
        out.append('<tr%s>' % cls + ''.join('<td>%s</td>' % html.escape(_text(c)) for c in row) + '</tr>')
    out.append('</tbody></table>')
    return '\n'.join(out)


STYLE = ('body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}'
         'th,td{border:1px solid #999;padding:.3em .6em;text-align:left;vertical-align:top}th{background:#eee}'
         'tr.warn td{background:#fde2e2}ul.warnings li{color:#a00}code{background:#f4f4f4}')


def to_html(model):
    """The report as one self-contained HTML page."""
    parts = ['<!DOCTYPE html>', '<html lang="en"><head><meta charset="utf-8">',
             '<title>multiarch.openstack support report</title>', '<style>%s</style></head><body>' % STYLE,
             '<h1>multiarch.openstack support report</h1>',
             '<p>Collected %s.</p>' % html.escape(model['generated'])]
    parts.append('<h2 id="warnings">Warnings</h2>')
    if model['warnings']:
        parts.append('<ul class="warnings">' + ''.join('<li>%s</li>' % html.escape(w) for w in model['warnings']) + '</ul>')
    else:
        parts.append('<p>None.</p>')
    parts.append('<h2 id="hosts">Compute hosts</h2>')
    rows = [[h[col[0]] for col in HOST_COLUMNS] for h in model['hosts']]
    classes = ['warn' if (not h['reachable'] or h['check'].startswith('failed') or not h['service'].startswith('up, enabled'))
               else '' for h in model['hosts']]
    parts.append(_table_html([col[1] for col in HOST_COLUMNS], rows, classes).replace('<table>', '<table id="hosts-table">', 1))
    parts.append('<h3>Why these CPU settings</h3>')
    parts.append(_table_html(['host', 'reasons (multiarch.openstack.libvirt_cpu)'],
                             [[h['name'], _reasons(h)] for h in model['hosts']]))
    parts.append('<h2 id="architectures">Architectures</h2>')
    for arch in model['architectures']:
        parts.append('<h3 id="arch-%s">%s</h3>' % (html.escape(arch['architecture']), html.escape(arch['architecture'])))
        # a table of facts, one per row: no header
        parts.append(_table_html(['', ''], [
            ['hosts', arch['hosts'] or 'none'],
            ['emulated on', arch['emulated_on'] or '-'],
            ['aggregates', ['%s (%s)' % (a['name'], _text(a['hosts'])) for a in arch['aggregates']] or 'none'],
            ['flavors that fit its image', arch['flavors'] or 'none'],
        ]))
        if arch['images']:
            parts.append(_table_html(['image', 'properties'], [[im['name'], im['properties']] for im in arch['images']]))
    parts.append('<h2 id="flavors">Flavors</h2>')
    parts.append(_table_html(['flavor', 'RAM (MiB)', 'vCPUs', 'disk (GiB)'],
                             [[f['name'], f['ram'], f['vcpus'], f['disk']] for f in model['flavors']]))
    parts.append('<h2 id="validate">Last validate</h2>')
    validate = model['validate']
    if validate and validate.get('rows'):
        parts.append('<p>Finished %s.</p>' % html.escape(_text(validate.get('finished'))))
        parts.append(_table_html(list(VALIDATE_COLUMNS), [[r.get(c) for c in VALIDATE_COLUMNS] for r in validate['rows']]))
    else:
        parts.append('<p>No validate run recorded (run multiarch.openstack.validate).</p>')
    parts.append('<h2 id="tempest">Tempest</h2>')
    tempest = model['tempest']
    if tempest:
        parts.append(_table_html(['architecture', 'passed', 'failed', 'skipped'],
                                 [[a, t.get('passed'), t.get('failed'), t.get('skipped')] for a, t in sorted(tempest.items())]))
    else:
        parts.append('<p>No Tempest results found (run multiarch.openstack.tempest).</p>')
    parts.append('</body></html>')
    return '\n'.join(parts) + '\n'


def _md_cell(value):
    return _text(value).replace('|', '\\|').replace('\n', ' ')


def _table_md(headers, rows):
    out = ['| ' + ' | '.join(headers) + ' |', '|' + '---|' * len(headers)]
    out += ['| ' + ' | '.join(_md_cell(c) for c in row) + ' |' for row in rows]
    return '\n'.join(out)


def to_markdown(model):
    """The report as Markdown (the same content as the HTML page)."""
    parts = ['# multiarch.openstack support report', '', 'Collected %s.' % model['generated'], '', '## Warnings', '']
    parts += ['- %s' % w for w in model['warnings']] or ['None.']
    parts += ['', '## Compute hosts', '', _table_md([col[1] for col in HOST_COLUMNS],
                                                    [[h[col[0]] for col in HOST_COLUMNS] for h in model['hosts']])]
    parts += ['', '### Why these CPU settings', '', _table_md(['host', 'reasons'], [[h['name'], _reasons(h)] for h in model['hosts']])]
    parts += ['', '## Architectures']
    for arch in model['architectures']:
        parts += ['', '### %s' % arch['architecture'], '',
                  '- hosts: %s' % (_text(arch['hosts']) or 'none'),
                  '- emulated on: %s' % (_text(arch['emulated_on']) or '-'),
                  '- aggregates: %s' % (_text(['%s (%s)' % (a['name'], _text(a['hosts'])) for a in arch['aggregates']]) or 'none'),
                  '- flavors that fit its image: %s' % (_text(arch['flavors']) or 'none')]
        if arch['images']:
            parts += ['', _table_md(['image', 'properties'], [[im['name'], im['properties']] for im in arch['images']])]
    parts += ['', '## Flavors', '', _table_md(['flavor', 'RAM (MiB)', 'vCPUs', 'disk (GiB)'],
                                              [[f['name'], f['ram'], f['vcpus'], f['disk']] for f in model['flavors']])]
    parts += ['', '## Last validate', '']
    validate = model['validate']
    if validate and validate.get('rows'):
        parts += ['Finished %s.' % _text(validate.get('finished')), '',
                  _table_md(list(VALIDATE_COLUMNS), [[r.get(c) for c in VALIDATE_COLUMNS] for r in validate['rows']])]
    else:
        parts.append('No validate run recorded (run multiarch.openstack.validate).')
    parts += ['', '## Tempest', '']
    tempest = model['tempest']
    if tempest:
        parts.append(_table_md(['architecture', 'passed', 'failed', 'skipped'],
                               [[a, t.get('passed'), t.get('failed'), t.get('skipped')] for a, t in sorted(tempest.items())]))
    else:
        parts.append('No Tempest results found (run multiarch.openstack.tempest).')
    return '\n'.join(parts) + '\n'
