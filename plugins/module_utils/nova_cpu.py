# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Choose and validate nova's ``[libvirt]`` CPU settings for one compute host.

Pure logic: callers pass what they detected (architecture, /dev/kvm, the
host's libvirt domain capabilities) and get the nova.conf keys to write, or a
NovaCpuError whose message names the host, the option and the fix.
"""

from __future__ import annotations

import re

from collections import Counter

from ansible_collections.multiarch.openstack.plugins.module_utils import arch as archmod
from ansible_collections.multiarch.openstack.plugins.module_utils import domcaps

MODES = ('auto',) + archmod.NOVA_CPU_MODES
VIRT_TYPES = ('auto',) + archmod.VIRT_TYPES
# a CPU flag (feature) name, at most 64 characters like a model name: pcid, +ssbd, -mpx, avx512f
_FLAG = re.compile(r'^[+-]?[a-z0-9][a-z0-9_.-]{0,63}$')
# a libvirt CPU model name (cpu_map): Skylake-Server-IBRS, cortex-a57, POWER9, z14.2-base, qemu64
_MODEL = re.compile(r'^[A-Za-z0-9][A-Za-z0-9_.+-]{0,63}$')


class NovaCpuError(ValueError):
    """Settings that nova or this host's libvirt would refuse."""


PVM_NOTE = ('KVM here is PVM only (kernel module kvm_pvm, no hardware virtualisation), which boots only '
            'guest kernels built for PVM')


def choose_virt_type(requested, arch, host_arch, kvm_available, host, kvm_pvm_only=False):
    """Return (virt_type, reason)."""
    native = arch == host_arch
    if requested == 'auto':
        if native and kvm_available and kvm_pvm_only:
            return 'qemu', '%s: software emulation (TCG); set virt_type kvm for PVM guest images' % PVM_NOTE
        if native and kvm_available:
            return 'kvm', '/dev/kvm is usable and guests are %s like the host' % arch
        if not native:
            return 'qemu', '%s guests on a %s host need QEMU emulation (TCG)' % (arch, host_arch)
        return 'qemu', '/dev/kvm is missing or not usable: software emulation (TCG)'
    if requested == 'kvm':
        if not native:
            raise NovaCpuError(
                'host %s: virt_type=kvm cannot run %s guests on a %s host; set virt_type to qemu or auto'
                % (host, arch, host_arch))
        if not kvm_available:
            raise NovaCpuError(
                'host %s: virt_type=kvm but /dev/kvm is missing or cannot be opened; enable '
                'virtualisation (kvm module, nested virt) or set virt_type to qemu or auto' % host)
        if kvm_pvm_only:
            return 'kvm', 'requested; %s' % PVM_NOTE
        return 'kvm', 'requested; /dev/kvm is usable'
    return 'qemu', 'requested: software emulation (TCG)'


def _pick(preference, candidates):
    for model in preference:
        if model in candidates:
            return model
    return sorted(candidates)[0] if candidates else None


def check_baseline_hosts(baseline_hosts, host_arch, host='localhost'):
    """Each item must look like arch_facts' ansible_facts.multiarch of a host of ``host_arch``."""
    for index, other in enumerate(baseline_hosts or []):
        where = 'host %s: baseline_hosts[%d]' % (host, index)
        if not isinstance(other, dict):
            raise NovaCpuError('%s must be a host\'s ansible_facts.multiarch (a mapping), got %r' % (where, other))
        for key in ('name', 'hostname'):
            if key in other and (not isinstance(other[key], str) or not other[key].strip()):
                raise NovaCpuError('%s: %s must be a non-empty string, got %r' % (where, key, other[key]))
        name = other.get('name') or other.get('hostname')
        if name:
            where += ' (%s)' % name
        if not any(other.get(key) is not None for key in ('cpu', 'libvirt', 'usable_models')):
            raise NovaCpuError('%s has neither cpu nor libvirt: pass the host\'s ansible_facts.multiarch from '
                               'multiarch.openstack.arch_facts' % where)
        if other.get('cpu') is not None and not isinstance(other['cpu'], dict):
            raise NovaCpuError('%s: cpu must be the mapping arch_facts reports (ansible_facts.multiarch.cpu), got %r'
                               % (where, other['cpu']))
        for key in ('vendor', 'model'):
            value = (other.get('cpu') or {}).get(key)
            if value is not None and not isinstance(value, str):
                raise NovaCpuError('%s: cpu.%s must be a string, got %r' % (where, key, value))
        if other.get('libvirt') is not None and not isinstance(other['libvirt'], dict):
            raise NovaCpuError('%s: libvirt must be a mapping (ansible_facts.multiarch.libvirt), got %r'
                               % (where, other['libvirt']))
        for label, models in (('libvirt.usable_models', (other.get('libvirt') or {}).get('usable_models')),
                              ('usable_models', other.get('usable_models'))):
            if models is not None and (not isinstance(models, list)
                                       or not all(isinstance(m, str) and m for m in models)):
                raise NovaCpuError('%s: %s must be a list of CPU model names, got %r' % (where, label, models))
        if 'architecture' in other:
            try:
                other_arch = archmod.canonical_arch(other['architecture'])
            except archmod.UnknownArchitecture as exc:
                raise NovaCpuError('%s: architecture: %s' % (where, exc))
            if other_arch != host_arch:
                raise NovaCpuError('%s is a %s host; baseline hosts are the other %s hosts of this host\'s group'
                                   % (where, other_arch, host_arch))


def check_models(models, host='localhost'):
    """Model names libvirt could know, each once."""
    bad = [m for m in models if not isinstance(m, str) or not _MODEL.match(m)]
    if bad:
        raise NovaCpuError('host %s: models %s are not CPU model names (e.g. cortex-a57, Skylake-Server, POWER9)'
                           % (host, ', '.join(repr(m) for m in bad)))
    # counted once: list.count per model would take time quadratic in the list's length
    twice = sorted(m for m, count in Counter(models).items() if count > 1)
    if twice:
        raise NovaCpuError('host %s: models lists %s more than once' % (host, ', '.join(twice)))


def check_flags(extra_flags, host='localhost'):
    bad_flags = [f for f in extra_flags if not isinstance(f, str) or not _FLAG.match(f.lower())]
    if bad_flags:
        raise NovaCpuError('host %s: extra_flags %s are not CPU flag names (e.g. pcid, +ssbd, -mpx)'
                           % (host, ', '.join(repr(f) for f in bad_flags)))


def check_options(models, extra_flags, baseline_hosts, host_arch, host='localhost'):
    """The options that need no libvirt to check: models, extra_flags, baseline_hosts."""
    check_models(list(models or []), host)
    check_flags(list(extra_flags or []), host)
    check_baseline_hosts(baseline_hosts, archmod.canonical_arch(host_arch), host)


def _baseline_models(baseline_hosts):
    """[(name, set of usable models or None)] for the other hosts of the group."""
    others = []
    for index, other in enumerate(baseline_hosts or []):
        name = other.get('name') or other.get('hostname') or 'baseline_hosts[%d]' % index
        libvirt = other.get('libvirt') or {}
        models = libvirt.get('usable_models', other.get('usable_models'))
        others.append((name, set(models) if models is not None else None))
    return others


def _where_usable(caps, others):
    """What the choice of a model was checked against: no claim about a host whose models were not known."""
    if not caps:
        return 'for the guests\' virt type (not checked against libvirt: no domain capabilities, validate=false)'
    unknown = [name for name, models in others if models is None]
    if not others:
        return 'usable on this host'
    if not unknown:
        return 'usable on every host of the group'
    checked = [name for name, models in others if models is not None]
    return 'usable on this host%s; not checked on %s (no libvirt models in its facts)' % (
        ' and on ' + ', '.join(checked) if checked else '', ', '.join(unknown))


def _same_cpu(cpu, baseline_hosts):
    key = ((cpu or {}).get('vendor'), (cpu or {}).get('model'))
    for other in baseline_hosts or []:
        ocpu = other.get('cpu') or {}
        if (ocpu.get('vendor'), ocpu.get('model')) != key:
            return False
    return True


def decide(arch, host_arch, kvm_available, caps, host='localhost', cpu=None, mode='auto', models=None,
           extra_flags=None, virt_type='auto', baseline_hosts=None, validate=True, kvm_pvm_only=False):
    """Decide nova's [libvirt] settings.

    ``caps`` is the parsed domcapabilities (domcaps.parse) for ``arch`` and
    the chosen virt type, or None when libvirt is not available (then
    ``validate`` must be false). Returns a dict with ``nova_libvirt``,
    ``usable_models`` and ``reason``.
    """
    arch = archmod.canonical_arch(arch)
    host_arch = archmod.canonical_arch(host_arch)
    models = list(models or [])
    extra_flags = list(extra_flags or [])
    if mode not in MODES:
        raise NovaCpuError('host %s: mode=%r is not one of %s' % (host, mode, ', '.join(MODES)))
    if virt_type not in VIRT_TYPES:
        raise NovaCpuError('host %s: virt_type=%r is not one of %s' % (host, virt_type, ', '.join(VIRT_TYPES)))
    check_options(models, extra_flags, baseline_hosts, host_arch, host)
    if models and mode not in ('auto', 'custom'):
        raise NovaCpuError('host %s: models are only used with mode custom (got mode=%s); '
                           'set mode to custom or remove models' % (host, mode))
    if extra_flags and mode == 'none':
        raise NovaCpuError('host %s: extra_flags need a CPU mode other than none; '
                           'set mode or remove extra_flags' % host)

    reason = {}
    chosen_virt, reason['virt_type'] = choose_virt_type(virt_type, arch, host_arch, kvm_available, host,
                                                        kvm_pvm_only)
    defaults = archmod.nova_defaults(arch)
    if validate and caps is None:
        raise NovaCpuError('host %s: cannot validate against libvirt: no domain capabilities for %s/%s '
                           '(is libvirtd running?); start libvirtd or set validate=false'
                           % (host, arch, chosen_virt))
    usable = domcaps.usable_models(caps) if caps else []
    supported = domcaps.supported_modes(caps) if caps else list(archmod.NOVA_CPU_MODES)
    others = _baseline_models(baseline_hosts)
    common = set(usable)
    for _name, other_models in others:
        if other_models is not None:
            common &= other_models
    preference = defaults['kvm_models'] if chosen_virt == 'kvm' else defaults['tcg_models']

    # cpu_mode
    if mode == 'auto' and models:
        mode = 'custom'
        reason['cpu_mode'] = 'models were given'
    if mode == 'auto':
        mode = defaults['cpu_mode'][chosen_virt]
        reason['cpu_mode'] = 'nova default for %s under %s' % (arch, chosen_virt)
        if mode in ('host-model', 'host-passthrough') and others and not _same_cpu(cpu, baseline_hosts):
            mode = 'custom'
            reason['cpu_mode'] = ('the %d hosts of this group have different CPUs: a custom model '
                                  'keeps live migration safe' % (len(others) + 1))
        elif mode in ('host-model', 'host-passthrough') and others:
            reason['cpu_mode'] += '; all %d hosts of the group have the same CPU' % (len(others) + 1)
    else:
        reason.setdefault('cpu_mode', 'requested')
    if validate and mode not in supported:
        raise NovaCpuError(
            'host %s: cpu_mode %s is not supported by this host\'s libvirt for %s guests under %s '
            '(supported: %s); set mode to one of them or auto'
            % (host, mode, arch, chosen_virt, ', '.join(supported)))

    # cpu_models
    if mode == 'custom':
        if models:
            reason['cpu_models'] = 'requested'
        else:
            pool = common if validate or caps else set(preference)
            pick = _pick(preference, pool)
            if pick is None:
                raise NovaCpuError(
                    'host %s: no custom CPU model is usable on every host of the group (%s); '
                    'set models explicitly' % (host, ', '.join([host] + [n for n, _m in others])))
            models = [pick]
            reason['cpu_models'] = '%s: first of the preferred %s models %s' % (pick, arch, _where_usable(caps, others))
        if validate:
            missing = [m for m in models if m not in usable]
            if missing:
                raise NovaCpuError(
                    'host %s: CPU model(s) %s not usable by libvirt for %s guests under %s; '
                    'usable: %s; set models to usable ones'
                    % (host, ', '.join(missing), arch, chosen_virt, ', '.join(usable) or 'none'))
            for name, other_models in others:
                if other_models is None:
                    continue
                missing = [m for m in models if m not in other_models]
                if missing:
                    raise NovaCpuError(
                        'host %s: CPU model(s) %s not usable on %s of the same group; models usable '
                        'on every host: %s' % (host, ', '.join(missing), name, ', '.join(sorted(common)) or 'none'))
    else:
        reason['cpu_models'] = 'not used with cpu_mode %s' % mode

    machine = archmod.machine_type(arch)
    nova = {
        'virt_type': chosen_virt,
        'cpu_mode': mode,
        'cpu_models': models if mode == 'custom' else [],
        'cpu_model_extra_flags': [str(f).lower() for f in extra_flags],
        'hw_machine_type': '%s=%s' % (arch, machine),
    }
    reason['cpu_model_extra_flags'] = 'requested' if extra_flags else 'none requested'
    reason['hw_machine_type'] = 'libvirt default machine type for %s' % arch
    if defaults['num_pcie_ports'] is not None:
        nova['num_pcie_ports'] = defaults['num_pcie_ports']
        reason['num_pcie_ports'] = ('%s guests get PCIe root ports for hot-plugged volumes and ports'
                                    % arch)
    return {'nova_libvirt': nova, 'usable_models': usable, 'reason': reason}
