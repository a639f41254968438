# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""The support report on what multiarch.openstack.report collected from the lab's cloud (fixtures/report)."""

from __future__ import annotations

import copy
import json
import os

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.multiarch.openstack.plugins.filter.report import support_report_filter, support_report_warnings
from ansible_collections.multiarch.openstack.plugins.plugin_utils import support_report

FIXTURE = os.path.join(os.path.dirname(__file__), '..', '..', 'fixtures', 'report', 'lab-cloud.json')


@pytest.fixture
def lab():
    with open(FIXTURE) as handle:
        return json.load(handle)


def test_the_lab_cloud_has_a_row_per_compute_host_and_no_warning(lab):
    model = support_report.build(lab)
    rows = dict((h['name'], h) for h in model['hosts'])
    assert sorted(rows) == ['cmp-arm', 'cmp-ppc', 'ctl-x86']
    assert (rows['cmp-arm']['architecture'], rows['cmp-arm']['cpu']) == ('aarch64', 'HiSilicon / Kunpeng-920')
    assert (rows['cmp-arm']['cpu_mode'], rows['cmp-arm']['cpu_models'], rows['cmp-arm']['machine_type']) == (
        'custom', 'cortex-a57', 'aarch64=virt')
    assert rows['cmp-ppc']['architecture'] == 'ppc64le' and 'POWER9' in rows['cmp-ppc']['cpu']
    assert rows['cmp-ppc']['cpu_models'] == 'POWER9'
    assert rows['ctl-x86']['virt_type'] == 'qemu'
    assert all(h['check'] == 'ok' and h['service'] == 'up, enabled' for h in model['hosts'])
    assert rows['cmp-arm']['reason']['cpu_models'] == 'cortex-a57: first of the preferred aarch64 models usable on this host'
    assert 'PVM only' in rows['ctl-x86']['reason']['virt_type']
    assert model['warnings'] == []


def test_per_architecture_images_aggregates_and_emulation(lab):
    arches = dict((a['architecture'], a) for a in support_report.build(lab)['architectures'])
    assert sorted(arches) == ['aarch64', 'ppc64le', 'x86_64']
    arm = arches['aarch64']
    assert arm['hosts'] == ['cmp-arm'] and arm['aggregates'][0]['name'] == 'arch-aarch64'
    assert arm['images'] and arm['images'][0]['properties']['hw_firmware_type'] == 'uefi'
    assert 'm1.multiarch' in arm['flavors']
    # in the lab every architecture's guests run on hosts of that architecture
    assert all(a['emulated_on'] == [] for a in arches.values())


def test_a_host_of_another_architecture_in_an_aggregate_emulates_it(lab):
    next(a for a in lab['aggregates'] if a['name'] == 'arch-aarch64')['hosts'].append('ctl-x86')
    arches = dict((a['architecture'], a) for a in support_report.build(lab)['architectures'])
    assert arches['aarch64']['emulated_on'] == ['ctl-x86'] and arches['ppc64le']['emulated_on'] == []


def test_a_setting_the_deployment_chose_otherwise_says_what_libvirt_cpu_would_choose(lab):
    arm = next(h for h in lab['hosts'] if h['name'] == 'cmp-arm')
    arm['configured']['cpu_models'] = 'cortex-a72'
    reason = dict((h['name'], h) for h in support_report.build(lab)['hosts'])['cmp-arm']['reason']['cpu_models']
    assert reason.startswith('set to cortex-a72 by the deployment; libvirt_cpu alone would choose cortex-a57 (')


def test_an_architecture_without_an_image_is_a_warning(lab):
    lab['images'] = [im for im in lab['images'] if im.get('architecture') != 'aarch64'
                     and im.get('hw_emulation_architecture') != 'aarch64']
    warnings = support_report.build(lab)['warnings']
    assert any('aarch64' in w and 'cmp-arm' in w and 'no active image' in w for w in warnings)


def test_a_host_down_disabled_unreachable_or_failing_its_cpu_check_is_a_warning(lab):
    lab['services'][0]['state'] = 'down'
    down = lab['services'][0]['host']
    lab['services'][1]['status'] = 'disabled'
    lab['services'][1]['disabled_reason'] = 'maintenance'
    lab['hosts'][2]['cpu_check'] = {'failed': True, 'msg': 'model cortex-a99 is not usable'}
    lab['hosts'].append({'name': 'cmp-gone', 'reachable': False, 'error': 'ssh: connection refused'})
    warnings = support_report.build(lab)['warnings']
    assert any(down in w and 'down' in w for w in warnings)
    assert any('disabled (maintenance)' in w for w in warnings)
    assert any('cortex-a99' in w and lab['hosts'][2]['name'] in w for w in warnings)
    assert any('cmp-gone is unreachable: ssh: connection refused' in w for w in warnings)
    assert any('cmp-gone has no nova-compute service' in w for w in warnings)
    # an unreachable host's missing configuration is not a warning of its own
    assert not any('cmp-gone: its nova configuration' in w for w in warnings)


def test_a_host_whose_files_set_no_libvirt_option_is_a_warning(lab):
    lab['hosts'][0]['configured'] = {}
    warnings = support_report.build(lab)['warnings']
    assert warnings == ['host %s: its nova configuration files set none of [libvirt] virt_type, cpu_mode, cpu_models, '
                        'hw_machine_type (nova runs with its own defaults there)' % lab['hosts'][0]['name']]


def test_a_group_without_a_common_cpu_model_is_a_warning(lab):
    arm = next(h for h in lab['hosts'] if h['name'] == 'cmp-arm')
    other = copy.deepcopy(arm)
    other['name'] = other['nova_host'] = 'cmp-arm2'
    other['facts']['cpu']['model'] = 'Neoverse-N1'
    other['facts']['libvirt']['usable_models'] = ['neoverse-n1']
    arm['facts']['libvirt']['usable_models'] = ['cortex-a57']
    lab['hosts'].append(other)
    lab['services'].append(dict(lab['services'][0], host='cmp-arm2', state='up', status='enabled'))
    warnings = support_report.build(lab)['warnings']
    assert any('aarch64' in w and 'no CPU model in common' in w for w in warnings)
    # with a model in common the group is fine
    other['facts']['libvirt']['usable_models'] = ['neoverse-n1', 'cortex-a57']
    assert not any('in common' in w for w in support_report.build(lab)['warnings'])


def test_html_escapes_everything_and_is_self_contained(lab):
    lab['hosts'][0]['name'] = '<script>alert(1)</script>'
    page = support_report_filter(lab, 'html')
    assert '<script>' not in page and '&lt;script&gt;alert(1)&lt;/script&gt;' in page
    assert 'http://' not in page.split('<body>', maxsplit=1)[0] and '<link' not in page
    # the per-architecture facts are rows of a table without a header of empty cells
    assert '<th></th>' not in page and '<tr><td>hosts</td><td>cmp-ppc</td></tr>' in page


def test_markdown_has_the_same_rows(lab):
    text = support_report_filter(lab, 'markdown')
    for name in ('ctl-x86', 'cmp-arm', 'cmp-ppc'):
        assert '| %s |' % name in text
    lab['hosts'][0]['facts']['cpu']['model'] = 'a|b'
    assert 'a\\|b' in support_report_filter(lab, 'markdown')


def test_validate_and_tempest_sections(lab):
    page = support_report_filter(lab, 'html')
    if lab.get('validate'):
        for row in lab['validate']['rows']:
            assert '<td>%s</td>' % row['arch'] in page
    lab['validate'] = None
    lab['tempest'] = {'aarch64': {'passed': 5, 'failed': 1, 'skipped': 2}}
    page = support_report_filter(lab, 'html')
    assert 'No validate run recorded' in page and '<td>aarch64</td><td>5</td><td>1</td><td>2</td>' in page


def _host(**changes):
    """The lab's data with its first host changed."""
    def mutate(data):
        data['hosts'][0].update(changes)
        return data
    return mutate


def _facts(key, value):
    def mutate(data):
        data['hosts'][0]['facts'][key] = value
        return data
    return mutate


def _first(collection, **changes):
    def mutate(data):
        data[collection][0] = dict(data[collection][0], **changes) if isinstance(data[collection][0], dict) else changes
        return data
    return mutate


@pytest.mark.parametrize('name, func', [('support_report', support_report_filter),
                                        ('support_report_warnings', support_report_warnings)])
@pytest.mark.parametrize('mutate, message', [
    (lambda d: 'not a mapping', 'the report data must be a mapping, got str'),
    (lambda d: dict(d, hosts={}), 'data.hosts must be a list, got dict'),
    (lambda d: dict(d, hosts=[{'facts': {}}]), 'hosts[0].name must be a str, got NoneType'),
    (lambda d: dict(d, services=[{'state': 'up'}]), 'services[0].host must be a str, got NoneType'),
    (lambda d: dict(d, images=['img']), "images[0] must be a mapping, got str 'img'"),
    (lambda d: {k: v for k, v in d.items() if k != 'flavors'}, 'data.flavors must be a list, got NoneType'),
    # malformed nested data: each was an AttributeError or TypeError
    (_host(facts='x86_64'), "hosts[0].facts must be a dict or null, got str 'x86_64'"),
    (_host(configured=['virt_type=kvm']), "hosts[0].configured must be a dict or null, got list ['virt_type=kvm']"),
    (_host(cpu_check='ok'), "hosts[0].cpu_check must be a dict or null, got str 'ok'"),
    (_host(cpu_auto=True), 'hosts[0].cpu_auto must be a dict or null, got bool True'),
    (_host(cpu_auto={'nova_libvirt': 'kvm'}), "hosts[0].cpu_auto.nova_libvirt must be a dict or null, got str 'kvm'"),
    (_host(cpu_auto={'reason': 5}), 'hosts[0].cpu_auto.reason must be a dict or null, got int 5'),
    (_host(nova_host=['cmp-1']), "hosts[0].nova_host must be a str or null, got list ['cmp-1']"),
    (_facts('architecture', 64), 'hosts[0].facts.architecture must be a str or null, got int 64'),
    (_facts('cpu', ['Kunpeng-920']), "hosts[0].facts.cpu must be a dict or null, got list ['Kunpeng-920']"),
    (_facts('cpu', {'model': 920}), 'hosts[0].facts.cpu.model must be a str or null, got int 920'),
    (_facts('cpu', {'vendor': True}), 'hosts[0].facts.cpu.vendor must be a str or null, got bool True'),
    (_facts('libvirt', 'running'), "hosts[0].facts.libvirt must be a dict or null, got str 'running'"),
    (_facts('libvirt', {'usable_models': 'max'}), "hosts[0].facts.libvirt.usable_models must be a list or null, got str 'max'"),
    (_facts('libvirt', {'usable_models': [['max']]}), "hosts[0].facts.libvirt.usable_models[0] must be a str, got list ['max']"),
    (_facts('uefi', 'yes'), "hosts[0].facts.uefi must be a dict or null, got str 'yes'"),
    (_facts('uefi', {'firmware': [None]}), 'hosts[0].facts.uefi.firmware[0] must be a str, got NoneType None'),
    (_first('images', properties='architecture=aarch64'), "images[0].properties must be a dict or null, got str 'architecture=aarch64'"),
    (_first('images', min_ram='512'), "images[0].min_ram must be a int or null, got str '512'"),
    (_first('images', min_disk=[1]), 'images[0].min_disk must be a int or null, got list [1]'),
    (lambda d: dict(d, flavors=['m1.small']), "flavors[0] must be a mapping, got str 'm1.small'"),
    (_first('flavors', name=None), 'flavors[0].name must be a str, got NoneType None'),
    (_first('flavors', ram='512'), "flavors[0].ram must be a int or null, got str '512'"),
    (_first('flavors', disk={'gb': 1}), "flavors[0].disk must be a int or null, got dict {'gb': 1}"),
    (lambda d: dict(d, aggregates=[None]), 'aggregates[0] must be a mapping, got NoneType None'),
    (_first('aggregates', hosts='cmp-1'), "aggregates[0].hosts must be a list or null, got str 'cmp-1'"),
    (_first('aggregates', hosts=[{'name': 'cmp-1'}]), "aggregates[0].hosts[0] must be a str, got dict {'name': 'cmp-1'}"),
    (_first('aggregates', metadata=['architecture=aarch64']), "aggregates[0].metadata must be a dict or null, got list"),
    (lambda d: dict(d, validate='passed'), "data.validate must be a dict or null, got str 'passed'"),
    (lambda d: dict(d, validate={'rows': 'none'}), "data.validate.rows must be a list or null, got str 'none'"),
    (lambda d: dict(d, validate={'rows': [None]}), 'data.validate.rows[0] must be a mapping, got NoneType None'),
    (lambda d: dict(d, tempest=['x86_64']), "data.tempest must be a dict or null, got list ['x86_64']"),
    (lambda d: dict(d, tempest={'x86_64': 12}), 'data.tempest.x86_64 must be a mapping, got int 12'),
])
def test_report_filters_reject_malformed_data(lab, name, func, mutate, message):
    with pytest.raises(AnsibleFilterError) as err:
        func(mutate(copy.deepcopy(lab)))
    assert str(err.value).startswith(name + ': '), str(err.value)
    assert message in str(err.value), str(err.value)


@pytest.mark.parametrize('output_format, message', [
    ('pdf', "must be one of html, markdown, got 'pdf'"),
    ('HTML', "must be one of html, markdown, got 'HTML'"),
    ('', "must be one of html, markdown, got ''"),
    (None, 'must be one of html, markdown, got None'),
    # unhashable: once a TypeError
    (['html'], "must be one of html, markdown, got ['html']"),
    ({'html': True}, "must be one of html, markdown, got {'html': True}"),
])
def test_support_report_refuses_an_unknown_format(lab, output_format, message):
    with pytest.raises(AnsibleFilterError) as err:
        support_report_filter(lab, output_format)
    assert message in str(err.value)
