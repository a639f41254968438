# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
from __future__ import annotations

import pytest

from ansible_collections.multiarch.openstack.plugins.modules import arch_images

CATALOG = [
    {'name': 'debian-x86_64', 'architecture': 'amd64', 'path': '/var/cache/img/x86_64.qcow2'},
    {'name': 'debian-aarch64', 'architecture': 'arm64', 'url': 'https://example.org/a.img',
     'checksum': 'sha256:' + 'a' * 64, 'min_ram': 256},
    {'name': 'debian-ppc64le', 'architecture': 'ppc64el', 'path': '/var/cache/img/ppc.qcow2',
     'properties': {'hw_video_model': 'vga'}},
]


def test_one_image_per_arch_with_properties(run_module):
    out = run_module(arch_images, {'catalog': CATALOG, 'architectures': ['x86_64', 'aarch64', 'x86_64'],
                                   'emulated_architectures': ['ppc64le'], 'emulation_host_architecture': 'amd64'})
    assert not out.failed and out.data['changed'] is False
    images = dict((i['architecture'], i) for i in out.data['images'])
    assert sorted(images) == ['aarch64', 'ppc64le', 'x86_64']
    arm = images['aarch64']['properties']
    assert arm['architecture'] == 'aarch64' and arm['hw_firmware_type'] == 'uefi' and arm['hw_machine_type'] == 'virt'
    assert 'hw_emulation_architecture' not in arm
    ppc = images['ppc64le']
    assert ppc['emulated'] and ppc['properties']['hw_emulation_architecture'] == 'ppc64le'
    # scheduled to the hosts that emulate it, booted as ppc64le
    assert ppc['properties']['architecture'] == 'x86_64' and ppc['properties']['hw_machine_type'] == 'pseries'
    assert ppc['properties']['hw_video_model'] == 'vga'
    assert images['x86_64']['image']['disk_format'] == 'qcow2'


@pytest.mark.parametrize('arch, console', [('x86_64', 'ttyS0'), ('arm64', 'ttyAMA0'), ('ppc64el', 'hvc0'), ('s390x', 'ttysclp0')])
def test_direct_kernel_boot_gets_the_arch_console(run_module, arch, console):
    entry = {'name': 'guest', 'architecture': arch, 'path': '/g/disk', 'disk_format': 'raw',
             'kernel': '/g/kernel', 'ramdisk': '/g/initrd'}
    out = run_module(arch_images, {'catalog': [entry], 'architectures': [arch]})
    assert not out.failed, out.data
    image = out.data['images'][0]
    assert image['properties']['os_command_line'] == 'console=' + console
    assert image['image']['kernel'] == '/g/kernel' and image['image']['ramdisk'] == '/g/initrd'


def test_disk_images_get_no_command_line(run_module):
    out = run_module(arch_images, {'catalog': CATALOG, 'architectures': ['x86_64']})
    assert 'os_command_line' not in out.data['images'][0]['properties']


def test_check_mode_same_answer(run_module):
    normal = run_module(arch_images, {'catalog': CATALOG, 'architectures': ['aarch64']})
    check = run_module(arch_images, {'catalog': CATALOG, 'architectures': ['aarch64']}, check_mode=True)
    assert normal.data['images'] == check.data['images']


@pytest.mark.parametrize('args, needle', [
    ({'catalog': CATALOG, 'architectures': ['s390x']}, 'no image in catalog for s390x'),
    ({'catalog': CATALOG + [dict(CATALOG[0], name='other')], 'architectures': ['x86_64']}, 'keep exactly one'),
    ({'catalog': CATALOG, 'architectures': ['mips']}, "unknown architecture 'mips'"),
    ({'catalog': CATALOG, 'architectures': []}, 'no architecture given'),
    ({'catalog': CATALOG, 'architectures': ['x86_64'], 'emulated_architectures': ['amd64']}, 'also the architecture'),
    ({'catalog': CATALOG, 'architectures': ['x86_64'], 'emulated_architectures': ['sparc']}, 'emulated_architectures'),
    ({'catalog': CATALOG, 'architectures': ['x86_64', 'aarch64'], 'emulated_architectures': ['ppc64le']},
     'say which of them emulate ppc64le'),
    ({'catalog': CATALOG, 'architectures': ['x86_64'], 'emulated_architectures': ['ppc64le'],
      'emulation_host_architecture': 'arm64'}, 'no compute host is aarch64'),
    ({'catalog': [{'name': 'x', 'architecture': 'x86_64', 'url': 'https://e/x'}], 'architectures': ['x86_64']}, 'checksum'),
    ({'catalog': [{'name': 'x', 'architecture': 'x86_64', 'url': 'https://e/x', 'path': '/x'}],
      'architectures': ['x86_64']}, 'mutually exclusive'),
    ({'catalog': [{'name': 'x', 'architecture': 'x86_64'}], 'architectures': ['x86_64']}, 'one of the following'),
    ({'catalog': [{'name': 'x', 'architecture': 'vax', 'path': '/x'}], 'architectures': ['x86_64']}, "'vax'"),
    ({'catalog': [{'architecture': 'x86_64', 'path': '/x'}], 'architectures': ['x86_64']}, 'name'),
    ({'catalog': [{'name': 'x', 'architecture': 'x86_64', 'path': '/x', 'disk_format': 'zip'}],
      'architectures': ['x86_64']}, 'disk_format'),
    ({'catalog': [{'name': 'x', 'architecture': 'x86_64', 'path': '/x', 'container_format': 'tar'}],
      'architectures': ['x86_64']}, 'container_format'),
    ({'catalog': [{'name': 'x', 'architecture': 'x86_64', 'path': '/x', 'min_ram': 'lots'}],
      'architectures': ['x86_64']}, 'min_ram'),
    ({'catalog': [{'name': 'x', 'architecture': 'x86_64', 'path': '/x', 'properties': {'architecture': 'arm64'}}],
      'architectures': ['x86_64']}, 'contradicts'),
    ({'catalog': [{'name': 'x', 'architecture': 'x86_64', 'path': '/x', 'kernel': '/k'}],
      'architectures': ['x86_64']}, 'required together'),
    ({'catalog': [{'name': 'x', 'architecture': 'x86_64', 'path': '/x', 'kernel': '/k', 'ramdisk': '/r',
                   'properties': {'kernel_id': 'abc'}}], 'architectures': ['x86_64']}, 'not both'),
    ({'catalog': [{'name': 'x', 'architecture': 'x86_64', 'path': '/x'}, {'name': 'x', 'architecture': 'arm64', 'path': '/y'}],
      'architectures': ['x86_64', 'aarch64']}, 'Glance names must differ'),
])
def test_bad_input(run_module, args, needle):
    out = run_module(arch_images, args)
    assert out.failed
    assert needle in out.data['msg']
