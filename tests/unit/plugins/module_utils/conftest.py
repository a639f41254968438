# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
from __future__ import annotations

import os

import pytest

from ansible_collections.multiarch.openstack.plugins.module_utils import domcaps

DOMCAPS = os.path.join(os.path.dirname(__file__), '..', '..', 'fixtures', 'libvirt', 'domcaps')


def load_domcaps(name):
    with open(os.path.join(DOMCAPS, name)) as handle:
        return domcaps.parse(handle.read())


@pytest.fixture
def caps():
    return load_domcaps
