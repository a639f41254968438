# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""What host.kvm reads from a /dev/kvm and a /sys/module laid out on disk."""

from __future__ import annotations

import pytest

from ansible_collections.multiarch.openstack.plugins.module_utils import host


@pytest.mark.parametrize('modules, pvm_only', [
    (['kvm_intel'], False),
    (['kvm_amd'], False),
    (['kvm_pvm'], True),
    (['kvm_intel', 'kvm_pvm'], False),
    ([], False),
])
def test_kvm_modules(tmp_path, modules, pvm_only):
    device = tmp_path / 'kvm'
    device.write_text('')
    sys_module = tmp_path / 'module'
    for name in ['kvm', 'loop'] + modules:
        (sys_module / name).mkdir(parents=True)
    out = host.kvm(str(device), str(sys_module))
    assert out['present'] and out['available']
    assert out['modules'] == [m for m in host.KVM_MODULES if m in modules]
    assert out['pvm_only'] is pvm_only


def test_kvm_missing(tmp_path):
    out = host.kvm(str(tmp_path / 'kvm'), str(tmp_path / 'module'))
    assert (out['present'], out['available'], out['modules'], out['pvm_only']) == (False, False, [], False)
    assert out['error'] == 'no such device'
