# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""The options of one keystoneauth password section of a service's configuration file, written once."""

from __future__ import annotations

import re

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.text.converters import to_text

_NAME = re.compile(r'^[A-Za-z0-9_.-]+$')


def _text(name, value, pattern=None, what='a non-empty string'):
    if not isinstance(value, str) or not value.strip() or any(c in value for c in '\r\n\x00'):
        raise AnsibleFilterError('keystoneauth: %s must be %s on one line, got %s %r'
                                 % (name, what, type(value).__name__, value if name != 'password' else '<hidden>'))
    if pattern is not None and not pattern.match(value):
        raise AnsibleFilterError('keystoneauth: %s must be %s, got %r' % (name, what, value))
    return to_text(value)


_URL = re.compile(r'^https?://[^\s/]+(/\S*)?$')


def keystoneauth(section, auth_url, username, password, region, project='service',
                 www_authenticate_uri=None, memcached_servers=None, service_token_roles_required=None):
    """{section: {option: value}}: a password login of `username` in project `project` (both in domain
    Default) at `auth_url`, in `region`, the form multiarch.openstack.conf_merge takes. A keystone_authtoken
    section also names www_authenticate_uri, memcached_servers and service_token_roles_required."""
    section = _text('section', section, _NAME, 'an INI section name (letters, digits, _ . -)')
    settings = {
        'auth_url': _text('auth_url', auth_url, _URL, 'an http(s) URL'),
        'auth_type': 'password',
        'project_domain_name': 'Default',
        'user_domain_name': 'Default',
        'project_name': _text('project', project),
        'username': _text('username', username),
        'password': _text('password', password),
        'region_name': _text('region', region),
    }
    if www_authenticate_uri is not None:
        settings['www_authenticate_uri'] = _text('www_authenticate_uri', www_authenticate_uri, _URL, 'an http(s) URL')
    if memcached_servers is not None:
        if isinstance(memcached_servers, str) or not isinstance(memcached_servers, (list, tuple)) or \
                not memcached_servers:
            raise AnsibleFilterError('keystoneauth: memcached_servers must be a non-empty list of host:port, got %r'
                                     % (memcached_servers,))
        for server in memcached_servers:
            _text('memcached_servers[]', server, re.compile(r'^[^\s,]+:[0-9]+$'), 'host:port')
        settings['memcached_servers'] = ','.join(memcached_servers)
    if service_token_roles_required is not None:
        if not isinstance(service_token_roles_required, bool):
            raise AnsibleFilterError('keystoneauth: service_token_roles_required must be true or false, got %s %r'
                                     % (type(service_token_roles_required).__name__, service_token_roles_required))
        settings['service_token_roles_required'] = service_token_roles_required
    return {section: settings}


class FilterModule:
    """keystoneauth."""

    def filters(self):
        return {'keystoneauth': keystoneauth}
