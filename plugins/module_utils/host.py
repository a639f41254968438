# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Read what a host is: architecture, CPU, /dev/kvm, UEFI firmware, libvirt.

The libvirt helpers take an AnsibleModule so that commands run through
``module.run_command``.
"""

from __future__ import annotations

import os
import platform
import re

from ansible_collections.multiarch.openstack.plugins.module_utils import arch as archmod
from ansible_collections.multiarch.openstack.plugins.module_utils import cpuinfo
from ansible_collections.multiarch.openstack.plugins.module_utils import domcaps

KVM_DEVICE = '/dev/kvm'
SYS_MODULE = '/sys/module'
# Kernel modules that provide /dev/kvm. kvm_pvm is the page-table-based KVM of machines without
# hardware virtualisation (a VM or container without nested VMX/SVM): it runs only guest kernels
# built for PVM, so ordinary guest images hang there.
KVM_MODULES = ('kvm_intel', 'kvm_amd', 'kvm_hv', 'kvm_pr', 'kvm_pvm')


def machine():
    """The kernel's machine name (uname -m)."""
    return platform.machine()


def read_text(path):
    try:
        with open(path, 'rb') as handle:
            return handle.read().decode('utf-8', 'replace')
    except (IOError, OSError):
        return ''


def cpu(arch, path='/proc/cpuinfo'):
    return cpuinfo.parse(read_text(path), arch)


def kvm(device=KVM_DEVICE, sys_module=SYS_MODULE):
    """Whether /dev/kvm exists and can be opened read-write, which modules provide it, and whether
    it is PVM only (then ordinary guest kernels do not boot under it)."""
    modules = [name for name in KVM_MODULES if os.path.isdir(os.path.join(sys_module, name))]
    present = os.path.exists(device)
    available = False
    error = None
    if present:
        try:
            fd = os.open(device, os.O_RDWR | getattr(os, 'O_CLOEXEC', 0))
            os.close(fd)
            available = True
        except OSError as exc:
            error = exc.strerror
    else:
        error = 'no such device'
    return {'device': device, 'present': present, 'available': available, 'error': error, 'modules': modules,
            'pvm_only': modules == ['kvm_pvm']}


def uefi(arch):
    """UEFI firmware files present for guests of ``arch``."""
    return {
        'required': archmod.arch_info(arch)['uefi'],
        'firmware': [p for p in archmod.uefi_firmware_paths(arch) if os.path.exists(p)],
        'host_booted_uefi': os.path.isdir('/sys/firmware/efi'),
    }


# driver[+transport]://[user@][host][:port]/path[?parameters], as libvirt's URI reference describes
_URI = re.compile(r'^[a-z][a-z0-9]*(\+(unix|ssh|libssh|libssh2|tcp|tls|ext))?://[^/\s?#]*/[^\s#]*$')
# the largest /proc/cpuinfo (thousands of CPUs) is a few MiB
CPUINFO_MAX_BYTES = 16 * 1024 * 1024


def check_uri(uri):
    """An error message when ``uri`` is not a libvirt connection URI, else None."""
    if not isinstance(uri, str) or not _URI.match(uri):
        return ('libvirt_uri %r is not a libvirt connection URI, driver[+transport]://[host]/path such as '
                'qemu:///system or qemu+ssh://root@host/system (transports: unix, ssh, libssh, libssh2, tcp, tls, ext)'
                % (uri,))
    return None


def check_cpuinfo_path(path):
    """An error message when ``path`` cannot be read as /proc/cpuinfo, else None."""
    if not path:
        return 'cpuinfo_path %r is empty; leave it out to read /proc/cpuinfo' % (path,)
    if not (os.path.isfile(path) and os.access(path, os.R_OK)):
        return ('cpuinfo_path %r is not a readable file; point it at /proc/cpuinfo or a saved copy of it'
                % (path,))
    size = os.path.getsize(path)
    if size > CPUINFO_MAX_BYTES:
        return ('cpuinfo_path %r is %d bytes, more than any /proc/cpuinfo (%d); it is not a copy of one'
                % (path, size, CPUINFO_MAX_BYTES))
    return None


class Libvirt(object):
    """virsh on this host, against ``uri``."""

    def __init__(self, module, uri):
        self.module = module
        self.uri = uri
        self.virsh = module.get_bin_path('virsh')

    def _run(self, *args):
        rc, out, err = self.module.run_command([self.virsh, '-c', self.uri] + list(args))
        return rc, out, err

    def describe(self):
        """present, running, version, hypervisor, error."""
        info = {'present': self.virsh is not None, 'uri': self.uri, 'running': False,
                'version': None, 'hypervisor': None, 'error': None}
        if not self.virsh:
            info['error'] = 'virsh not found (install libvirt-clients)'
            return info
        rc, out, err = self._run('version', '--daemon')
        if rc != 0:
            lines = (err or out).strip().splitlines()
            info['error'] = lines[-1] if lines else 'virsh version failed (rc=%d)' % rc
            return info
        info['running'] = True
        daemon = re.search(r'Running against daemon:\s*(\S+)', out)
        library = re.search(r'Compiled against library:\s*libvirt\s*(\S+)', out)
        hyper = re.search(r'Running hypervisor:\s*(.+)', out)
        info['version'] = (daemon or library).group(1) if (daemon or library) else None
        info['hypervisor'] = hyper.group(1).strip() if hyper else None
        return info

    def domcaps(self, arch, virt_type):
        """Parsed domcapabilities for ``arch`` guests under ``virt_type``, or (None, error)."""
        rc, out, err = self._run('domcapabilities', '--arch', arch, '--virttype', virt_type,
                                 '--machine', archmod.machine_type(arch))
        if rc != 0:
            return None, (err or out).strip()
        try:
            return domcaps.parse(out), None
        except domcaps.DomcapsError as exc:
            return None, str(exc)
