# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""conf_merge and to_ini: whole INI files from the roles' settings and the operator's overrides."""
from __future__ import annotations

import configparser
import re

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.multiarch.openstack.plugins.filter.ini_conf import FilterModule, conf_merge, to_ini

SECRET = 'Zq8fP1xY0mW3vB7nK2sL'
BASE = {
    'DEFAULT': {'my_ip': '192.0.2.10', 'allow_resize_to_same_host': True, 'debug': None},
    'filter_scheduler': {'enabled_filters': ['ComputeFilter', 'ImagePropertiesFilter']},
    'database': {'connection': 'mysql+pymysql://nova:%s@192.0.2.10/nova' % SECRET},
    'vnc': {'enabled': False},
}


def _parse(text):
    parser = configparser.ConfigParser(interpolation=None, default_section='no-such-section')
    parser.optionxform = str
    parser.read_string(text)
    return {section: dict(parser[section]) for section in parser.sections()}


def test_registered():
    assert FilterModule().filters() == {'conf_merge': conf_merge, 'to_ini': to_ini}


def test_render_reads_back_as_oslo_config_would():
    text = to_ini(conf_merge(BASE), 'Written by a test\nsecond line')
    assert text.startswith('# Written by a test\n# second line\n\n[DEFAULT]\n')
    assert _parse(text) == {
        'DEFAULT': {'my_ip': '192.0.2.10', 'allow_resize_to_same_host': 'true'},
        'filter_scheduler': {'enabled_filters': 'ComputeFilter,ImagePropertiesFilter'},
        'database': {'connection': 'mysql+pymysql://nova:%s@192.0.2.10/nova' % SECRET},
        'vnc': {'enabled': 'false'},
    }


def test_overrides_add_replace_and_remove():
    merged = conf_merge(BASE, {
        'DEFAULT': {'cpu_allocation_ratio': 4.0, 'allow_resize_to_same_host': None, 'my_ip': '192.0.2.11'},
        'vnc': None,
        'quota': {'instances': 20},
        'no_such_section': {'gone': None},
    }, 'nova_control_conf_overrides')
    assert merged == {
        'DEFAULT': {'my_ip': '192.0.2.11', 'cpu_allocation_ratio': 4.0},
        'filter_scheduler': {'enabled_filters': ['ComputeFilter', 'ImagePropertiesFilter']},
        'database': BASE['database'],
        'quota': {'instances': 20},
    }
    # the input is not changed
    assert BASE['DEFAULT']['allow_resize_to_same_host'] is True and 'vnc' in BASE


def test_an_option_dropped_from_the_overrides_disappears():
    with_option = to_ini(conf_merge(BASE, {'quota': {'instances': 20}}))
    without = to_ini(conf_merge(BASE, {}))
    assert 'instances = 20' in with_option
    assert 'instances' not in without and '[quota]' not in without


def test_no_overrides():
    assert conf_merge(BASE, None) == conf_merge(BASE, {})


@pytest.mark.parametrize('overrides, needle', [
    ([], 'must be a mapping of sections'),
    ('DEFAULT: {debug: true}', 'must be a mapping of sections'),
    ({'DEFAULT': ['debug']}, r'\[DEFAULT\] must be a mapping of options'),
    ({'DEFAULT': 'debug=true'}, r'\[DEFAULT\] must be a mapping of options'),
    ({'DEF AULT': {'debug': True}}, "section 'DEF AULT'"),
    ({'DEFAULT]\n[evil': {'debug': True}}, 'is not a section name'),
    ({'': {'debug': True}}, 'is not a section name'),
    ({5: {'debug': True}}, 'is not a section name'),
    ({'DEFAULT': {'de bug': True}}, "option 'de bug'"),
    ({'DEFAULT': {'debug=': True}}, 'is not an option name'),
    ({'DEFAULT': {'debug': 'true\n[database]\nconnection = sqlite://'}}, r'DEFAULT\]\.debug: a value must be one line'),
    ({'DEFAULT': {'debug': 'true\r'}}, 'one line'),
    ({'DEFAULT': {'debug': {'nested': True}}}, 'not dict'),
    ({'DEFAULT': {'hosts': ['a', {'b': 1}]}}, r'hosts\[1\]'),
    ({'DEFAULT': {'hosts': ['a', 'b,c']}}, 'cannot hold a comma'),
    ({'DEFAULT': {'hosts': [None]}}, 'not null'),
])
def test_conf_merge_refuses_malformed_overrides_naming_the_variable(overrides, needle):
    with pytest.raises(AnsibleFilterError, match='conf_merge: ') as error:
        conf_merge(BASE, overrides, 'nova_control_conf_overrides')
    assert 'nova_control_conf_overrides' in str(error.value)
    assert re.search(needle, str(error.value)), str(error.value)


def test_conf_merge_does_not_repeat_a_refused_value():
    with pytest.raises(AnsibleFilterError) as error:
        conf_merge(BASE, {'database': {'connection': SECRET + '\nx'}}, 'nova_control_conf_overrides')
    assert SECRET not in str(error.value)


@pytest.mark.parametrize('name', ['conf_merge', 'to_ini'])
@pytest.mark.parametrize('base', [None, 'text', {'DEFAULT': None}, {'DEFAULT': {'debug': object()}}])
def test_refuses_malformed_settings(name, base):
    with pytest.raises(AnsibleFilterError, match='%s: the settings' % name):
        FilterModule().filters()[name](base)


def test_conf_merge_rejects_an_empty_name():
    with pytest.raises(AnsibleFilterError, match='name'):
        conf_merge(BASE, {}, '')


def test_header_lines_from_a_list():
    text = to_ini({'DEFAULT': {'debug': True}}, ['first\nsecond', 'third'])
    assert text.startswith('# first\n# second\n# third\n\n[DEFAULT]\n')


@pytest.mark.parametrize('header', [5, None, ['text', 5], {'a': 'b'}])
def test_to_ini_rejects_a_header_that_is_not_text(header):
    with pytest.raises(AnsibleFilterError, match='header'):
        to_ini({'DEFAULT': {'debug': True}}, header)


def test_many_sections():
    sections = {'s%d' % i: {'o%d' % j: 'v' * 50 for j in range(200)} for i in range(200)}
    parsed = _parse(to_ini(conf_merge(sections, {'s0': None})))
    assert len(parsed) == 199 and 's0' not in parsed and len(parsed['s199']) == 200
