#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0), or at your option
# GNU General Public License version 3 or later (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: Apache-2.0 OR GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: arch_facts
short_description: Detect a host's architecture, CPU, KVM, UEFI firmware and libvirt
version_added: 0.1.0
description:
  - Reads C(uname -m), C(/proc/cpuinfo), C(/dev/kvm), the UEFI firmware files known for the
    host's architecture and, when libvirt is installed and running, its domain capabilities.
  - Reports the CPU vendor and model exactly as util-linux C(lscpu) (2.38.1) prints
    C(Vendor ID) and C(Model name), including the aarch64 implementer/part decoding.
  - Returns the facts under C(ansible_facts.multiarch). Changes nothing.
author:
  - multiarch.openstack contributors (@multiarch-openstack)
options:
  cpuinfo_path:
    description:
      - File to read as C(/proc/cpuinfo), that file itself or a readable regular file (a saved copy) of at most 16 MiB.
    type: path
    default: /proc/cpuinfo
  libvirt_uri:
    description:
      - libvirt connection URI used for C(virsh), C(driver[+transport]://[host]/path), such as C(qemu:///system)
        or C(qemu+ssh://root@host/system).
    type: str
    default: qemu:///system
  gather_libvirt:
    description:
      - Whether to query libvirt. When false, RV(ansible_facts.multiarch.libvirt) only says whether virsh is installed.
    type: bool
    default: true
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.facts
attributes:
  check_mode:
    support: full
  diff_mode:
    support: none
  facts:
    support: full
  platform:
    platforms: posix
notes:
  - Supports check mode; the module never changes the host.
  - On POWER, where lscpu prints no C(Vendor ID), the vendor is reported as C(IBM).
  - On a big.LITTLE aarch64 host, C(cpu.models) lists one name per core type ordered as lscpu
    prints them, and C(cpu.model) is the first.
seealso:
  - module: multiarch.openstack.libvirt_cpu
'''

EXAMPLES = r'''
- name: Detect architecture and CPU of every host
  multiarch.openstack.arch_facts:

- name: Group hosts by their real architecture
  ansible.builtin.group_by:
    key: "arch_{{ ansible_facts.multiarch.architecture }}"

- name: Read facts without asking libvirt
  multiarch.openstack.arch_facts:
    gather_libvirt: false
'''

RETURN = r'''
ansible_facts:
  description: Facts about the host.
  returned: always
  type: dict
  contains:
    multiarch:
      description: Architecture, CPU and virtualisation facts.
      returned: always
      type: dict
      contains:
        architecture:
          description: Canonical architecture name (x86_64, aarch64, ppc64le, s390x).
          type: str
          sample: aarch64
        deb_architecture:
          description: Debian's name for the architecture.
          type: str
          sample: arm64
        rpm_architecture:
          description: The RPM name for the architecture.
          type: str
          sample: aarch64
        machine:
          description: What C(uname -m) printed.
          type: str
          sample: aarch64
        cpu:
          description:
            - CPU description. C(vendor) and C(model) are lscpu's C(Vendor ID) and C(Model name);
              C(models) has one entry per CPU type; C(count) is the number of logical CPUs in
              cpuinfo (s390x its C(# processors) line); C(flags) are the x86 flags, aarch64 features or
              s390x features; aarch64 adds C(implementer), C(part) and C(parts) (hex strings);
              POWER adds C(platform) (PowerNV, pSeries) and C(generation) (e.g. POWER9); s390x adds
              C(machine_type) (the machine's type number as lscpu prints it, e.g. C(2817) for a z196).
          type: dict
          sample: {"vendor": "HiSilicon", "model": "Kunpeng-920", "models": ["Kunpeng-920"], "count": 1,
                   "implementer": "0x48", "part": "0xd01", "parts": ["0xd01"], "flags": ["fp", "asimd"]}
        kvm:
          description:
            - Whether C(/dev/kvm) exists (C(present)) and can be opened (C(available)), and why not (C(error)).
            - C(modules) lists the loaded kernel modules that provide it (kvm_intel, kvm_amd, kvm_hv, kvm_pr, kvm_pvm);
              C(pvm_only) is true when that is kvm_pvm alone, which boots only guest kernels built for PVM.
          type: dict
          sample: {"device": "/dev/kvm", "present": true, "available": true, "error": null, "modules": ["kvm_intel"],
                   "pvm_only": false}
        uefi:
          description:
            - C(firmware) lists the UEFI firmware files present for guests of this architecture,
              C(required) whether guests of this architecture need UEFI, C(host_booted_uefi) whether this host did.
          type: dict
          sample: {"required": true, "firmware": ["/usr/share/AAVMF/AAVMF_CODE.fd"], "host_booted_uefi": false}
        libvirt:
          description:
            - C(present) (virsh installed), C(running) (daemon answered), C(version), C(hypervisor), C(error),
              and when running, for the virt type this host would use (C(virt_type)), the nova CPU modes
              libvirt supports (C(cpu_modes)), the custom models it does not call unusable
              (C(usable_models); libvirt's C(unknown) counts as usable) and the model host-model resolves to (C(host_model)).
          type: dict
          sample: {"present": true, "running": true, "version": "9.0.0", "virt_type": "kvm",
                   "cpu_modes": ["host-passthrough", "host-model", "custom", "none"], "usable_models": ["qemu64"]}
'''

from ansible_collections.multiarch.openstack.plugins.module_utils import arch as archmod
from ansible_collections.multiarch.openstack.plugins.module_utils.ansible_module import Module
from ansible_collections.multiarch.openstack.plugins.module_utils import domcaps
from ansible_collections.multiarch.openstack.plugins.module_utils import host


def gather(module):
    machine = host.machine()
    try:
        arch = archmod.canonical_arch(machine)
    except archmod.UnknownArchitecture as exc:
        module.fail_json(
            msg='host architecture is not supported: %s. Remove this host from the inventory: the site playbook '
                'stops before any host changes while it is there.' % exc,
            machine=machine)
    facts = {
        'architecture': arch,
        'deb_architecture': archmod.deb_arch(arch),
        'rpm_architecture': archmod.rpm_arch(arch),
        'machine': machine,
        'cpu': host.cpu(arch, module.params['cpuinfo_path']),
        'kvm': host.kvm(),
        'uefi': host.uefi(arch),
    }
    libvirt = host.Libvirt(module, module.params['libvirt_uri'])
    if module.params['gather_libvirt']:
        info = libvirt.describe()
        if info['running']:
            virt_type = 'kvm' if facts['kvm']['available'] and not facts['kvm']['pvm_only'] else 'qemu'
            caps, error = libvirt.domcaps(arch, virt_type)
            info['virt_type'] = virt_type
            info['cpu_modes'] = domcaps.supported_modes(caps) if caps else []
            info['usable_models'] = domcaps.usable_models(caps) if caps else []
            info['host_model'] = caps['host_model'] if caps else None
            if error:
                info['error'] = error
    else:
        info = {'present': libvirt.virsh is not None, 'uri': module.params['libvirt_uri']}
    facts['libvirt'] = info
    return facts


def main():
    module = Module(
        argument_spec=dict(
            cpuinfo_path=dict(type='path', default='/proc/cpuinfo'),
            libvirt_uri=dict(type='str', default='qemu:///system'),
            gather_libvirt=dict(type='bool', default=True),
        ),
        supports_check_mode=True,
    )
    # every option is checked before the host is read
    for error in (host.check_cpuinfo_path(module.params['cpuinfo_path']), host.check_uri(module.params['libvirt_uri'])):
        if error:
            module.fail_json(msg=error)
    module.exit_json(changed=False, ansible_facts={'multiarch': gather(module)})


if __name__ == '__main__':
    main()
