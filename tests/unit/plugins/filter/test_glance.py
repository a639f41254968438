# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""image_differences on what a real cloud's Glance listed (tests/unit/fixtures/glance, see SOURCES.md)."""
from __future__ import annotations

import copy
import json
import os

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.multiarch.openstack.plugins.filter.glance import image_differences

FIXTURE = os.path.join(os.path.dirname(__file__), '..', '..', 'fixtures', 'glance', 'lab-cloud.json')


@pytest.fixture
def cloud():
    with open(FIXTURE) as handle:
        return json.load(handle)


def _entry(cloud, arch):
    return [entry for entry in cloud['arch_images'] if entry['architecture'] == arch][0]


def _glance(cloud, name):
    return [image for image in cloud['image_info'] if image['name'] == name][0]


def test_fixture_is_a_cloud_of_three_architectures(cloud):
    assert sorted(entry['architecture'] for entry in cloud['arch_images']) == ['aarch64', 'ppc64le', 'x86_64']


@pytest.mark.parametrize('arch', ['x86_64', 'aarch64', 'ppc64le'])
def test_uploaded_images_do_not_differ(cloud, arch):
    assert image_differences(cloud['image_info'], _entry(cloud, arch)) == []


def test_a_missing_image(cloud):
    wanted = _entry(cloud, 'ppc64le')
    others = [image for image in cloud['image_info'] if image['name'] != wanted['image']['name']]
    assert image_differences(others, wanted) == ['%s: not in Glance' % wanted['image']['name']]


def test_a_property_openstacksdk_does_not_model(cloud):
    wanted = _entry(cloud, 'aarch64')
    assert wanted['properties']['hw_firmware_type'] == 'uefi'
    glance = copy.deepcopy(cloud['image_info'])
    uploaded = _glance({'image_info': glance}, wanted['image']['name'])
    uploaded.pop('hw_firmware_type', None)
    uploaded.get('properties', {}).pop('hw_firmware_type', None)
    assert image_differences(glance, wanted) == ['hw_firmware_type: None, wanted uefi']


def test_a_property_with_another_value(cloud):
    wanted = copy.deepcopy(_entry(cloud, 'x86_64'))
    wanted['properties']['hw_machine_type'] = 'pc'
    assert image_differences(cloud['image_info'], wanted) == ['hw_machine_type: q35, wanted pc']


def test_min_ram_and_visibility(cloud):
    wanted = _entry(cloud, 'x86_64')
    glance = copy.deepcopy(cloud['image_info'])
    uploaded = _glance({'image_info': glance}, wanted['image']['name'])
    uploaded['min_ram'] = 64
    uploaded['visibility'] = 'private'
    assert image_differences(glance, wanted) == [
        'min_ram: 64, wanted %s' % wanted['image']['min_ram'], 'visibility: private, wanted public']


def test_kernel_and_ramdisk_of_a_directly_booted_image(cloud):
    wanted = _entry(cloud, 'aarch64')
    assert 'kernel' in wanted['image']
    name = wanted['image']['name']
    without_kernel = [image for image in cloud['image_info'] if image['name'] != name + '-kernel']
    assert image_differences(without_kernel, wanted) == [
        'kernel_id: %s, wanted the id of %s-kernel' % (_glance(cloud, name)['kernel_id'], name)]
    glance = copy.deepcopy(cloud['image_info'])
    _glance({'image_info': glance}, name)['ramdisk_id'] = _glance(cloud, name + '-kernel')['id']
    assert image_differences(glance, wanted) == [
        'ramdisk_id: %s, wanted the id of %s-ramdisk' % (_glance(cloud, name + '-kernel')['id'], name)]


@pytest.mark.parametrize('images, wanted', [
    ({'images': []}, {'image': {'name': 'x'}}),
    (['not an image'], {'image': {'name': 'x'}}),
    ([], {'name': 'x'}),
    ([], {'image': {}}),
    ([], None),
])
def test_bad_input(images, wanted):
    with pytest.raises(AnsibleFilterError, match='image_differences'):
        image_differences(images, wanted)
