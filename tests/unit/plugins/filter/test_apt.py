# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""apt_mirror on source files as Debian 12 writes them."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.multiarch.openstack.plugins.filter.apt import apt_mirror

DEB822 = """Types: deb
# a comment
URIs: http://mirror.example/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://mirror.example/debian-security
Suites: bookworm-security
Components: main
"""

ONE_LINE = """# deb cdrom:[Debian]/ bookworm main
deb http://security.example/debian-security bookworm-security main
deb-src http://src.example/debian bookworm main
deb [arch=amd64 signed-by=/k.gpg] https://mirror.example/debian/ bookworm main
"""


def test_deb822():
    assert apt_mirror([DEB822]) == 'http://mirror.example/debian'


def test_one_line_skips_security_sources_and_options():
    assert apt_mirror([ONE_LINE]) == 'https://mirror.example/debian'


def test_first_file_with_a_mirror_wins():
    assert apt_mirror(['# empty\n', ONE_LINE, DEB822]) == 'https://mirror.example/debian'


def test_security_only_is_deb822_skipped():
    security = DEB822.split('\n\n')[1]
    with pytest.raises(AnsibleFilterError, match='no http'):
        apt_mirror([security])


@pytest.mark.parametrize('value', ['deb http://x/debian bookworm main', None, 3, {'a': 'b'}, [None], [b'deb'],
                                   [], ['deb file:/srv/debian bookworm main'], ['x' * (1024 * 1024 + 1)],
                                   ['deb http:///debian bookworm main']])
def test_bad_input(value):
    with pytest.raises(AnsibleFilterError, match='apt_mirror'):
        apt_mirror(value)
