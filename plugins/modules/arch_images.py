#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0), or at your option
# GNU General Public License version 3 or later (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: Apache-2.0 OR GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: arch_images
short_description: Choose the guest image and Glance properties for every architecture of a cloud
version_added: 0.1.0
description:
  - Given an image catalog and the architectures of the cloud's compute hosts (from
    M(multiarch.openstack.arch_facts) across the inventory), returns one image per architecture
    with the Glance properties nova needs to schedule and boot it there
    (C(architecture) for the ImagePropertiesFilter, C(hw_firmware_type=uefi) and
    C(hw_machine_type=virt) on aarch64, C(hw_emulation_architecture) for emulated ones, ...).
  - Fails, changing nothing, when an architecture has no image, has more than one, or a name is unknown.
  - Every option is checked before anything is decided; a wrong value (an empty string, a URL without a host,
    a checksum that is not C(algorithm:hex) of the right length, a relative path, a negative O(catalog[].min_ram),
    a property that is a mapping or a Glance attribute) fails naming the catalog entry, the option and the value.
  - This module only decides and uploads nothing; pass its result to M(openstack.cloud.image).
author:
  - multiarch.openstack contributors (@multiarch-openstack)
options:
  catalog:
    description:
      - Candidate images. Exactly one per architecture the cloud needs.
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description: Glance image name.
        type: str
        required: true
      architecture:
        description: Architecture of the image (any alias, e.g. C(arm64)).
        type: str
        required: true
      url:
        description:
          - Where to download the image, an C(http://), C(https://) or C(ftp://) URL with a host, or a C(file:///) URL.
            Exclusive with O(catalog[].path).
        type: str
      path:
        description: Local file of the image, an absolute path. Exclusive with O(catalog[].url).
        type: path
      checksum:
        description:
          - Checksum, C(algorithm:hex) (required with O(catalog[].url)); the algorithm is one of C(md5), C(sha1),
            C(sha224), C(sha256), C(sha384), C(sha512), followed by as many hex digits as its digest has.
        type: str
      kernel:
        description:
          - Local kernel file (an absolute path) of a guest that nova boots directly (with O(catalog[].ramdisk)); upload it as
            an C(aki) image and set the disk image's C(kernel_id) to it. The image then gets
            C(os_command_line) naming the architecture's serial console.
        type: path
      ramdisk:
        description: Local initramfs file (an absolute path) that goes with O(catalog[].kernel) (C(ari) image, C(ramdisk_id)).
        type: path
      disk_format:
        description: Glance disk format.
        type: str
        default: qcow2
      container_format:
        description: Glance container format.
        type: str
        default: bare
      min_ram:
        description: Minimum RAM in MiB a flavor needs to boot the image, from 0 to 2147483647.
        type: int
        default: 0
      properties:
        description:
          - Extra Glance properties; they override the per-architecture ones,
            but C(architecture) may not contradict O(catalog[].architecture).
          - Names are made of letters, digits and C(_), C(.), C(:), C(-); values are strings, numbers or booleans.
            Glance's own image attributes (C(name), C(min_ram), C(disk_format), C(visibility), C(id), ...) are not
            properties.
        type: dict
        default: {}
  architectures:
    description:
      - Architectures of the compute hosts (duplicates allowed).
    type: list
    elements: str
    required: true
  emulated_architectures:
    description:
      - Architectures to serve by QEMU emulation on hosts of another architecture. Their images get
        C(hw_emulation_architecture). Must not also be in O(architectures).
    type: list
    elements: str
    default: []
  emulation_host_architecture:
    description:
      - Architecture of the compute hosts that emulate O(emulated_architectures) (any alias); one of
        O(architectures). Their images get C(architecture) set to it, which nova schedules by, and
        C(hw_emulation_architecture) set to the guest's own.
      - Defaults to the only architecture in O(architectures); required when there are several. An empty string
        is an error, not a default.
    type: str
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
  diff_mode:
    support: none
  platform:
    platforms: posix
seealso:
  - module: multiarch.openstack.arch_facts
  - module: openstack.cloud.image
'''

EXAMPLES = r'''
- name: One image per architecture of the compute hosts
  multiarch.openstack.arch_images:
    catalog:
      - name: cirros-x86_64
        architecture: x86_64
        url: https://download.cirros-cloud.net/0.6.2/cirros-0.6.2-x86_64-disk.img
        checksum: "sha256:7d6355852aeb6dbcd191bcda7cd74f1536cfe5cbf8a10495a7283a8396e4b75b"
        min_ram: 256
      - name: cirros-aarch64
        architecture: arm64
        url: https://download.cirros-cloud.net/0.6.2/cirros-0.6.2-aarch64-disk.img
        checksum: "sha256:0000000000000000000000000000000000000000000000000000000000000000"
        min_ram: 256
    architectures: "{{ groups['computes'] | map('extract', hostvars, ['ansible_facts', 'multiarch', 'architecture']) | list }}"
  register: chosen
'''

RETURN = r'''
images:
  description: One entry per needed architecture, sorted by architecture.
  returned: success
  type: list
  elements: dict
  contains:
    architecture:
      description: Canonical architecture.
      type: str
      sample: aarch64
    emulated:
      description: Whether the architecture is served by emulation.
      type: bool
      sample: false
    image:
      description: The chosen catalog entry, with canonical C(architecture) and defaults filled in.
      type: dict
      sample: {"name": "cirros-aarch64", "architecture": "aarch64", "disk_format": "qcow2"}
    properties:
      description: The full Glance properties to set on the image.
      type: dict
      sample: {"architecture": "aarch64", "hw_firmware_type": "uefi", "hw_machine_type": "virt"}
'''

from ansible_collections.multiarch.openstack.plugins.module_utils import images
from ansible_collections.multiarch.openstack.plugins.module_utils.ansible_module import Module


def main():
    module = Module(
        argument_spec=dict(
            catalog=dict(type='list', elements='dict', required=True, options=dict(
                name=dict(type='str', required=True),
                architecture=dict(type='str', required=True),
                url=dict(type='str'),
                path=dict(type='path'),
                checksum=dict(type='str'),
                kernel=dict(type='path'),
                ramdisk=dict(type='path'),
                disk_format=dict(type='str', default='qcow2'),
                container_format=dict(type='str', default='bare'),
                min_ram=dict(type='int', default=0),
                properties=dict(type='dict', default={}),
            ), mutually_exclusive=[('url', 'path')], required_one_of=[('url', 'path')],
                required_together=[('kernel', 'ramdisk')]),
            architectures=dict(type='list', elements='str', required=True),
            emulated_architectures=dict(type='list', elements='str', default=[]),
            emulation_host_architecture=dict(type='str'),
        ),
        supports_check_mode=True,
    )
    catalog = [dict((k, v) for k, v in entry.items() if v is not None) for entry in module.params['catalog']]
    try:
        chosen = images.choose(catalog, module.params['architectures'], module.params['emulated_architectures'],
                               module.params['emulation_host_architecture'])
    except images.ImageChoiceError as exc:
        module.fail_json(msg=str(exc))
    module.exit_json(changed=False, images=chosen)


if __name__ == '__main__':
    main()
