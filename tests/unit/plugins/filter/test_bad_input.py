# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Every filter argument given as an adversary would: each fails early with AnsibleFilterError naming it."""

from __future__ import annotations

import signal

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.multiarch.openstack.plugins.filter.path import path_parents


def rejects(func, args, name, needle, kwargs=None):
    """func(*args) fails with AnsibleFilterError whose message starts with the filter's name and contains needle."""
    with pytest.raises(AnsibleFilterError) as caught:
        func(*args, **(kwargs or {}))
    message = str(caught.value)
    assert message.startswith(name + ': '), message
    assert needle in message, message


@pytest.fixture
def deadline():
    """Fail a test that runs longer than 5 s instead of hanging (path_parents('//') once never returned)."""
    def expired(_signum, _frame):
        raise AssertionError('did not return within 5 s')
    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(5)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


# path_parents(_input)

@pytest.mark.parametrize('path, expected', [
    ('//', ['/']), ('//a/b', ['/', '/a']), ('///a//b///c', ['/', '/a', '/a/b']), ('/', ['/']),
    ('/a/../../..', ['/']), ('/a/./b/../c/d', ['/', '/a', '/a/c']), ('/' * 4096, ['/']),
    ('/a' * 2048, ['/'] + ['/a' * n for n in range(1, 2048)]),
])
def test_path_parents_returns_on_odd_absolute_paths(deadline, path, expected):
    assert path_parents(path) == expected


@pytest.mark.parametrize('value, needle', [
    (None, 'got NoneType None'), (42, 'got int 42'), (['/a'], "got list ['/a']"), (b'/a', "got bytes b'/a'"),
    ('', "'' is not an absolute path"), ('relative/dir', "'relative/dir' is not an absolute path"),
    ('~/x', "'~/x' is not an absolute path"), (' /a', "' /a' is not an absolute path"),
    ('/a\0b', 'contains a NUL character'), ('/' + 'a' * 4096, 'more than PATH_MAX (4096)'),
    ('//' * 10 ** 6, 'more than PATH_MAX'),
])
def test_path_parents_rejects(deadline, value, needle):
    rejects(path_parents, (value,), 'path_parents', needle)
