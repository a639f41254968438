# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Read libvirt's domain capabilities (``virsh domcapabilities``) XML.

libvirt marks each custom CPU model ``usable`` as ``yes``, ``no`` or
``unknown``. ``unknown`` is what libvirt says when it cannot check a model
against the host: always under TCG for aarch64 and ppc64, and under KVM on
aarch64. We treat ``unknown`` as usable (QEMU implements the model; it is the
only answer libvirt ever gives there) and only ``no`` as unusable.
"""

from __future__ import annotations

from xml.etree import ElementTree

CPU_MODES = ('host-passthrough', 'host-model', 'maximum', 'custom')


class DomcapsError(ValueError):
    """The text is not libvirt domain capabilities XML."""


def parse(xml_text):
    """Parse domcapabilities XML into a plain dict.

    Returns arch, virt_type (libvirt's <domain>), machine, emulator, modes
    (mode name -> supported bool), host_model (model libvirt's host-model
    resolves to, or None), models (list of dicts name/usable/vendor, in
    libvirt's order) and loaders (UEFI firmware files libvirt knows).
    """
    try:
        root = ElementTree.fromstring(xml_text)
    except (ElementTree.ParseError, TypeError, ValueError) as exc:
        raise DomcapsError('not valid XML: %s' % exc)
    if root.tag != 'domainCapabilities':
        raise DomcapsError('root element is <%s>, expected <domainCapabilities>' % root.tag)

    result = {
        'arch': root.findtext('arch'),
        'virt_type': root.findtext('domain'),
        'machine': root.findtext('machine'),
        'emulator': root.findtext('path'),
        'modes': dict((mode, False) for mode in CPU_MODES),
        'host_model': None,
        'models': [],
        'loaders': [v.text for v in root.findall('./os/loader/value') if v.text],
    }
    for mode in root.findall('./cpu/mode'):
        name = mode.get('name')
        if name not in result['modes']:
            continue
        result['modes'][name] = mode.get('supported') == 'yes'
        if name == 'host-model':
            result['host_model'] = mode.findtext('model')
        elif name == 'custom':
            for model in mode.findall('model'):
                if model.text:
                    result['models'].append({
                        'name': model.text.strip(),
                        'usable': model.get('usable', 'unknown'),
                        'vendor': model.get('vendor', 'unknown'),
                    })
    return result


def usable_models(caps):
    """Names of custom models libvirt does not call unusable, in libvirt's order."""
    if not caps or not caps['modes'].get('custom'):
        return []
    return [m['name'] for m in caps['models'] if m['usable'] != 'no']


def supported_modes(caps):
    """nova cpu_mode values this libvirt supports (``none`` always is)."""
    modes = [m for m in ('host-passthrough', 'host-model', 'custom') if caps and caps['modes'].get(m)]
    return modes + ['none']
