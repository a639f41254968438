# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Fixtures every plugin's unit tests share."""

from __future__ import annotations

import signal

import pytest


@pytest.fixture
def deadline():
    """Fail a test that runs longer than 5 s instead of hanging: bad input must be refused in bounded work
    (path_parents('//') once never returned, a FIFO as pid file blocked stale_daemon, checking 30000 CPU models
    took libvirt_cpu 16 s)."""
    def expired(_signum, _frame):
        raise AssertionError('did not return within 5 s')
    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(5)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)
