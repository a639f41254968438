#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0), or at your option
# GNU General Public License version 3 or later (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: Apache-2.0 OR GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: libvirt_cpu
short_description: Choose and validate nova's [libvirt] CPU settings for a compute host
version_added: 0.1.0
description:
  - Decides the nova.conf C([libvirt]) keys C(virt_type), C(cpu_mode), C(cpu_models),
    C(cpu_model_extra_flags), C(hw_machine_type) and, on aarch64, C(num_pcie_ports) for the host
    it runs on, following nova's own per-architecture defaults.
  - Validates the choice against the host's own libvirt (C(virsh domcapabilities)) before
    anything is written, so that a CPU mode or model libvirt cannot run fails here, naming the
    host, the model and the models that are usable, rather than in nova-compute at boot time.
  - Changes nothing on the host; write RV(nova_libvirt) into nova.conf with another task.
author:
  - multiarch.openstack contributors (@multiarch-openstack)
options:
  mode:
    description:
      - nova C(cpu_mode). C(auto) follows nova per architecture and virt type
        (x86_64/ppc64le/s390x under KVM C(host-model), aarch64 under KVM C(host-passthrough),
        aarch64/ppc64le under TCG C(custom) with a model TCG runs, x86_64/s390x under TCG C(none)).
      - With O(baseline_hosts) whose CPUs differ from this host's, C(auto) becomes C(custom) with a
        model usable on every host of the group, so that live migration stays safe.
    type: str
    choices: [auto, host-passthrough, host-model, custom, none]
    default: auto
  models:
    description:
      - nova C(cpu_models), used with O(mode=custom) (or O(mode=auto), which then means C(custom)).
        Each must be usable by this host's libvirt and by every host in O(baseline_hosts).
      - When empty with C(custom), the first preferred model of the architecture usable on every host is chosen.
      - Each is a libvirt model name (letters, digits, C(_ . + -), at most 64 characters), listed once.
    type: list
    elements: str
    default: []
  extra_flags:
    description:
      - nova C(cpu_model_extra_flags), e.g. C(pcid) or C(-mpx). Not allowed with O(mode=none).
      - Each is a CPU flag name (letters, digits, C(_ . -), at most 64 characters), optionally after C(+) or C(-).
    type: list
    elements: str
    default: []
  virt_type:
    description:
      - nova C(virt_type). C(auto) is C(kvm) when C(/dev/kvm) opens and the guests are of the host's
        architecture, C(qemu) otherwise. C(kvm) fails early when KVM cannot be used.
      - Where C(/dev/kvm) is PVM only (kernel module C(kvm_pvm) and no hardware KVM module, as in VMs without
        nested virtualisation that offer PVM), C(auto) is C(qemu), since PVM boots only guest kernels built for it.
        Set C(kvm) when the images have such kernels.
    type: str
    choices: [auto, kvm, qemu]
    default: auto
  architecture:
    description:
      - Architecture of the guests these settings are for (any alias, e.g. C(arm64)). Defaults to the
        host's own (leave it out; an empty string is an error). Another architecture means emulation, hence C(virt_type=qemu).
    type: str
  baseline_hosts:
    description:
      - The other hosts of the same group (host aggregate / arch group) whose guests must be able to
        live-migrate to this one. Each item is that host's C(ansible_facts.multiarch) from
        M(multiarch.openstack.arch_facts), optionally with a C(name); its C(cpu) and
        C(libvirt.usable_models) are used.
      - Each item needs C(cpu) (a mapping) or C(libvirt); C(name) and C(hostname) must be non-empty strings, the
        model lists lists of names, and C(architecture), when present, this host's own architecture.
    type: list
    elements: dict
    default: []
  validate:
    description:
      - Validate against libvirt. When false, libvirt is not asked and nothing is checked against it.
    type: bool
    default: true
  libvirt_uri:
    description:
      - libvirt connection URI used for C(virsh), C(driver[+transport]://[host]/path), such as C(qemu:///system)
        or C(qemu+ssh://root@host/system).
    type: str
    default: qemu:///system
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
  diff_mode:
    support: none
  platform:
    platforms: posix
notes:
  - libvirt marks custom models C(usable=unknown) when it cannot check them (always under TCG, and
    under KVM on aarch64). Such models are treated as usable; only C(usable=no) is refused.
seealso:
  - module: multiarch.openstack.arch_facts
  - name: nova [libvirt] configuration
    description: nova's reference for the options this module decides.
    link: https://docs.openstack.org/nova/latest/configuration/config.html#libvirt
'''

EXAMPLES = r'''
- name: Choose nova's CPU settings per host, migration-safe within its arch group
  multiarch.openstack.libvirt_cpu:
    baseline_hosts: "{{ groups['arch_' ~ ansible_facts.multiarch.architecture]
                        | difference([inventory_hostname])
                        | map('extract', hostvars, ['ansible_facts', 'multiarch']) | list }}"
  register: cpu

- name: Require a model; fails before nova.conf changes if libvirt cannot run it
  multiarch.openstack.libvirt_cpu:
    mode: custom
    models: [cortex-a72]

- name: Settings for aarch64 guests emulated on an x86_64 host
  multiarch.openstack.libvirt_cpu:
    architecture: aarch64
'''

RETURN = r'''
nova_libvirt:
  description: The nova.conf C([libvirt]) keys to write, and only those.
  returned: success
  type: dict
  sample: {"virt_type": "qemu", "cpu_mode": "custom", "cpu_models": ["cortex-a57"],
           "cpu_model_extra_flags": [], "hw_machine_type": "aarch64=virt", "num_pcie_ports": 16}
usable_models:
  description: Custom CPU models this host's libvirt does not call unusable, in libvirt's order.
  returned: success
  type: list
  elements: str
  sample: [cortex-a57, cortex-a72, max]
reason:
  description: A one-line reason for each key of RV(nova_libvirt).
  returned: success
  type: dict
  sample: {"virt_type": "aarch64 guests on a x86_64 host need QEMU emulation (TCG)",
           "cpu_mode": "nova default for aarch64 under qemu"}
architecture:
  description: Canonical architecture of the guests the settings are for.
  returned: success
  type: str
  sample: aarch64
'''

import socket

from ansible_collections.multiarch.openstack.plugins.module_utils import arch as archmod
from ansible_collections.multiarch.openstack.plugins.module_utils.ansible_module import Module
from ansible_collections.multiarch.openstack.plugins.module_utils import host
from ansible_collections.multiarch.openstack.plugins.module_utils import nova_cpu


def main():
    module = Module(
        argument_spec=dict(
            mode=dict(type='str', default='auto', choices=list(nova_cpu.MODES)),
            models=dict(type='list', elements='str', default=[]),
            extra_flags=dict(type='list', elements='str', default=[]),
            virt_type=dict(type='str', default='auto', choices=list(nova_cpu.VIRT_TYPES)),
            architecture=dict(type='str'),
            baseline_hosts=dict(type='list', elements='dict', default=[]),
            validate=dict(type='bool', default=True),
            libvirt_uri=dict(type='str', default='qemu:///system'),
        ),
        supports_check_mode=True,
    )
    uri_error = host.check_uri(module.params['libvirt_uri'])
    if uri_error:
        module.fail_json(msg=uri_error)
    params = module.params
    hostname = socket.gethostname()
    try:
        host_arch = archmod.canonical_arch(host.machine())
        arch = archmod.canonical_arch(params['architecture']) if params['architecture'] is not None else host_arch
    except archmod.UnknownArchitecture as exc:
        module.fail_json(msg='host %s: architecture: %s' % (hostname, exc))
    # every option is checked before libvirt is asked anything
    try:
        nova_cpu.check_options(params['models'], params['extra_flags'], params['baseline_hosts'], host_arch, hostname)
    except nova_cpu.NovaCpuError as exc:
        module.fail_json(msg=str(exc))
    kvm = host.kvm()
    cpu = host.cpu(host_arch)
    try:
        virt_type, _reason = nova_cpu.choose_virt_type(params['virt_type'], arch, host_arch, kvm['available'], hostname,
                                                       kvm['pvm_only'])
    except nova_cpu.NovaCpuError as exc:
        module.fail_json(msg=str(exc))
    caps = None
    if params['validate']:
        libvirt = host.Libvirt(module, params['libvirt_uri'])
        if libvirt.virsh is None:
            module.fail_json(msg='host %s: virsh not found; install libvirt (libvirt-clients) or set validate=false'
                                 % hostname)
        caps, error = libvirt.domcaps(arch, virt_type)
        if caps is None:
            module.fail_json(msg='host %s: libvirt at %s cannot describe %s guests under %s: %s; start libvirtd, '
                                 'install %s, or set validate=false'
                                 % (hostname, params['libvirt_uri'], arch, virt_type, error,
                                    archmod.arch_info(arch)['qemu_binary']))
    try:
        result = nova_cpu.decide(
            arch, host_arch, kvm['available'], caps, host=hostname, cpu=cpu, mode=params['mode'],
            models=params['models'], extra_flags=params['extra_flags'], virt_type=params['virt_type'],
            baseline_hosts=params['baseline_hosts'], validate=params['validate'], kvm_pvm_only=kvm['pvm_only'])
    except nova_cpu.NovaCpuError as exc:
        module.fail_json(msg=str(exc))
    module.exit_json(changed=False, architecture=arch, **result)


if __name__ == '__main__':
    main()
