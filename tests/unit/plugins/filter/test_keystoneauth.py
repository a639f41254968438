# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""keystoneauth: the options of a keystoneauth password section, and its refusals."""
from __future__ import annotations

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.multiarch.openstack.plugins.filter.keystoneauth import FilterModule, keystoneauth

URL = 'http://192.0.2.10:5000/v3'
SECRET = 'Zq8fP1xY0mW3vB7nK2sL'


def _options(sections):
    assert len(sections) == 1
    return next(iter(sections.values()))


def test_is_registered():
    assert FilterModule().filters()['keystoneauth'] is keystoneauth


def test_a_client_section():
    sections = keystoneauth('placement', URL, 'nova', SECRET, 'RegionOne')
    assert list(sections) == ['placement']
    assert sections['placement'] == {
        'auth_url': URL, 'auth_type': 'password', 'project_domain_name': 'Default', 'user_domain_name': 'Default',
        'project_name': 'service', 'username': 'nova', 'password': SECRET, 'region_name': 'RegionOne'}


def test_a_keystone_authtoken_section():
    sections = keystoneauth('keystone_authtoken', URL, 'neutron', SECRET, 'RegionTwo', project='services',
                            www_authenticate_uri=URL, memcached_servers=['192.0.2.10:11211', 'ctl-2:11211'])
    options = sections['keystone_authtoken']
    assert options['www_authenticate_uri'] == URL
    assert options['memcached_servers'] == '192.0.2.10:11211,ctl-2:11211'
    assert options['project_name'] == 'services' and options['region_name'] == 'RegionTwo'
    assert len(options) == 10
    assert 'service_token_roles_required' not in options


@pytest.mark.parametrize('required', [True, False])
def test_service_token_roles_required_is_written_when_given(required):
    options = _options(keystoneauth('keystone_authtoken', URL, 'glance', SECRET, 'RegionOne', www_authenticate_uri=URL,
                                    service_token_roles_required=required))
    # a boolean, which to_ini writes as oslo.config reads it
    assert options['service_token_roles_required'] is required


@pytest.mark.parametrize('args, kwargs, needle', [
    (('', URL, 'nova', SECRET, 'RegionOne'), {}, 'section'),
    (('place ment', URL, 'nova', SECRET, 'RegionOne'), {}, 'section'),
    (('[placement]', URL, 'nova', SECRET, 'RegionOne'), {}, 'section'),
    ((None, URL, 'nova', SECRET, 'RegionOne'), {}, 'section'),
    (('placement', '192.0.2.10:5000', 'nova', SECRET, 'RegionOne'), {}, 'auth_url'),
    (('placement', 'ftp://192.0.2.10/v3', 'nova', SECRET, 'RegionOne'), {}, 'auth_url'),
    (('placement', URL + '\n[DEFAULT]', 'nova', SECRET, 'RegionOne'), {}, 'auth_url'),
    (('placement', 5000, 'nova', SECRET, 'RegionOne'), {}, 'auth_url'),
    (('placement', URL, '', SECRET, 'RegionOne'), {}, 'username'),
    (('placement', URL, ['nova'], SECRET, 'RegionOne'), {}, 'username'),
    (('placement', URL, 'nova', '', 'RegionOne'), {}, 'password'),
    (('placement', URL, 'nova', None, 'RegionOne'), {}, 'password'),
    (('placement', URL, 'nova', SECRET, '  '), {}, 'region'),
    (('placement', URL, 'nova', SECRET, 'RegionOne'), {'project': ''}, 'project'),
    (('placement', URL, 'nova', SECRET, 'RegionOne'), {'www_authenticate_uri': 'keystone'}, 'www_authenticate_uri'),
    (('placement', URL, 'nova', SECRET, 'RegionOne'), {'memcached_servers': '192.0.2.10:11211'}, 'memcached_servers'),
    (('placement', URL, 'nova', SECRET, 'RegionOne'), {'memcached_servers': []}, 'memcached_servers'),
    (('placement', URL, 'nova', SECRET, 'RegionOne'), {'memcached_servers': ['192.0.2.10']}, 'memcached_servers'),
    (('placement', URL, 'nova', SECRET, 'RegionOne'), {'memcached_servers': ['a:1,b:2']}, 'memcached_servers'),
    (('placement', URL, 'nova', SECRET, 'RegionOne'), {'memcached_servers': [None]}, 'memcached_servers'),
    (('placement', URL, 'nova', SECRET, 'RegionOne'), {'service_token_roles_required': 'yes'}, 'service_token_roles_required'),
    (('placement', URL, 'nova', SECRET, 'RegionOne'), {'service_token_roles_required': 1}, 'service_token_roles_required'),
    # a NUL is refused here as to_ini would refuse it later
    (('placement', URL, 'no\0va', SECRET, 'RegionOne'), {}, 'username must be a non-empty string on one line, got str'),
    (('placement', URL, 'nova', SECRET, 'Region\0One'), {}, 'region must be'),
    (('placement', URL, 'nova', SECRET, 5), {}, 'region must be a non-empty string on one line, got int 5'),
    (('placement', URL, 'nova', SECRET, 'RegionOne'), {'project': 'ser\0vice'}, 'project must be'),
    (('placement', URL, 'nova', SECRET, 'RegionOne'), {'project': ['service']}, "project must be a non-empty string on one line, got list"),
    (('placement', URL, 'nova', SECRET, 'RegionOne'), {'www_authenticate_uri': 5000}, 'www_authenticate_uri must be an http'),
    (('placement', URL, 'nova', SECRET, 'RegionOne'), {'memcached_servers': {'m': 11211}}, 'memcached_servers must be a non-empty list'),
])
def test_rejects(args, kwargs, needle):
    with pytest.raises(AnsibleFilterError, match='keystoneauth: %s' % needle):
        keystoneauth(*args, **kwargs)


@pytest.mark.parametrize('password', ['two\nlines', 'a\rb', '   ', 'nul\0byte'])
def test_a_refused_password_is_not_repeated(password):
    with pytest.raises(AnsibleFilterError) as error:
        keystoneauth('placement', URL, 'nova', password, 'RegionOne')
    assert 'password' in str(error.value)
    assert password.strip() == '' or password not in str(error.value)
    assert '<hidden>' in str(error.value)


def test_memcached_servers_may_be_ipv6():
    entries = keystoneauth('keystone_authtoken', URL, 'glance', SECRET, 'RegionOne',
                           memcached_servers=['inet6:[2001:db8::10]:11211'])
    assert _options(entries)['memcached_servers'] == 'inet6:[2001:db8::10]:11211'
