# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""What nova's [libvirt] must say on a lab host, stated once for the scenarios' tests.

Written down here, not derived from the collection's module_utils: the tests check the modules
against it. The x86_64 lab host has the machine's /dev/kvm: KVM with host-model, unless that KVM is
PVM only (kvm_pvm without kvm_intel or kvm_amd: it hangs ordinary guest kernels), then TCG with
nova's x86_64 default (no CPU model). The aarch64 and ppc64le hosts run under qemu-user without
KVM: TCG with a model TCG implements.
"""

from __future__ import annotations

KVM_MODULES = ('kvm_intel', 'kvm_amd', 'kvm_pvm')


def pvm_only(loaded_kvm_modules):
    """True when the only KVM module loaded is kvm_pvm."""
    return list(loaded_kvm_modules) == ['kvm_pvm']


def nova_libvirt(arch, dev_kvm, loaded_kvm_modules):
    """The [libvirt] keys and values nova.conf must have on a lab host of `arch`.

    `num_pcie_ports` maps to None where it must be absent.
    """
    kvm = dev_kvm and not pvm_only(loaded_kvm_modules)
    if arch == 'x86_64':
        return {'virt_type': 'kvm' if kvm else 'qemu', 'cpu_mode': 'host-model' if kvm else 'none',
                'hw_machine_type': 'x86_64=q35', 'num_pcie_ports': None}
    if arch == 'aarch64':
        return {'virt_type': 'qemu', 'cpu_mode': 'custom', 'cpu_models': 'cortex-a57',
                'hw_machine_type': 'aarch64=virt', 'num_pcie_ports': '16'}
    if arch == 'ppc64le':
        return {'virt_type': 'qemu', 'cpu_mode': 'custom', 'cpu_models': 'POWER9',
                'hw_machine_type': 'ppc64le=pseries', 'num_pcie_ports': None}
    if arch == 's390x':
        # TCG: QEMU's own default CPU for the machine (libvirt_cpu refuses host modes there), no model named
        return {'virt_type': 'qemu', 'cpu_mode': 'none', 'cpu_models': '',
                'hw_machine_type': 's390x=s390-ccw-virtio', 'num_pcie_ports': None}
    raise ValueError('no expectation for a lab host of architecture %r' % (arch,))
