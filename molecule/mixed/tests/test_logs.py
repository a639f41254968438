# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Every host of the mixed cloud: no service logged a deprecation warning about an option the roles set."""

from __future__ import annotations

import configparser
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared'))
from scenario import Scenario  # noqa: E402  pylint: disable=wrong-import-position

SCENARIO = Scenario(__file__)

testinfra_hosts = ['ansible://' + name for name in SCENARIO.platforms]

# the files the roles write whole: every option in them is one the collection set (or an operator's override)
CONFIG_FILES = (
    '/etc/keystone/keystone.conf', '/etc/glance/glance-api.conf', '/etc/placement/placement.conf',
    '/etc/nova/nova.conf', '/etc/nova/nova-compute.conf', '/etc/neutron/neutron.conf',
    '/etc/neutron/plugins/ml2/ml2_conf.ini', '/etc/neutron/plugins/ml2/linuxbridge_agent.ini',
    '/etc/neutron/dhcp_agent.ini', '/etc/neutron/l3_agent.ini', '/etc/neutron/metadata_agent.ini',
)
LOG_DIRS = ('/var/log/keystone', '/var/log/glance', '/var/log/placement', '/var/log/nova', '/var/log/neutron')
# oslo.config's own warning for a deprecated option: 'Option "x" from group "y" is deprecated...'
OSLO_DEPRECATED = re.compile(r'Option "(?P<option>[^"]+)" from group "(?P<group>[^"]+)" is deprecated')


def options_set(host):
    """{(section, option)} of the files the roles wrote on this host."""
    found = set()
    for path in CONFIG_FILES:
        if not host.file(path).exists:
            continue
        conf = configparser.ConfigParser(interpolation=None, strict=False)
        conf.read_string(host.file(path).content_string)
        for section in conf.sections():
            found.update((section, option) for option in conf.options(section))
        found.update(('DEFAULT', option) for option in conf.defaults())
    return found


def deprecated_ones(lines, options):
    """The lines of `lines` that warn about one of `options` being deprecated."""
    names = {pair[1] for pair in options}
    flagged = []
    for line in lines:
        if 'deprecat' not in line.lower():
            continue
        match = OSLO_DEPRECATED.search(line)
        if match or any(re.search(r'(^|[^A-Za-z0-9_])%s([^A-Za-z0-9_]|$)' % re.escape(name), line) for name in names):
            flagged.append(line)
    return flagged


def test_deprecated_ones_finds_warnings_about_our_options():
    options = {('api', 'auth_strategy'), ('keystone_authtoken', 'service_token_roles_required')}
    lines = [
        '2026-11-27 WARNING oslo_config.cfg [-] Option "dhcp_domain" from group "DEFAULT" is deprecated for removal.',
        '2026-11-27 WARNING keystonemiddleware.auth_token [-] AuthToken middleware is set with '
        'keystone_authtoken.service_token_roles_required set to False. This is backwards compatible but deprecated',
        '2026-11-27 WARNING nova [-] The auth_strategy option is deprecated.',
        '2026-11-27 WARNING py.warnings [-] DeprecationWarning: datetime.datetime.utcnow() is deprecated',
        '2026-11-27 INFO nova.service [-] Starting compute node (version 31.0.0)',
    ]
    assert deprecated_ones(lines, options) == lines[:3]


def test_no_deprecation_warning_about_an_option_we_set(host):
    options = options_set(host)
    dirs = [d for d in LOG_DIRS if host.file(d).is_directory]
    if not dirs:
        assert not options, 'configuration files but no service logs on %s' % host.backend.get_hostname()
        return
    out = host.run('grep -rhi deprecat %s' % ' '.join(dirs))
    assert out.rc in (0, 1), out.stderr
    flagged = deprecated_ones(out.stdout.splitlines(), options)
    assert not flagged, '\n'.join(flagged[:40])
