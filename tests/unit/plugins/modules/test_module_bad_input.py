# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Every module option given as an adversary would: each fails (fail_json, before the host or libvirt is read)
with a message naming the option and the value.

hacking/bad_input_counts.py counts these cases per module by the test functions' names (test_<module>_rejects...)."""

from __future__ import annotations

import platform

import pytest

from ansible_collections.multiarch.openstack.plugins.module_utils import arch as archmod
from ansible_collections.multiarch.openstack.plugins.module_utils import host
from ansible_collections.multiarch.openstack.plugins.modules import arch_facts
from ansible_collections.multiarch.openstack.plugins.modules import arch_images
from ansible_collections.multiarch.openstack.plugins.modules import libvirt_cpu

HOST_ARCH = archmod.canonical_arch(platform.machine())
OTHER_ARCH = 'aarch64' if HOST_ARCH != 'aarch64' else 'x86_64'


@pytest.fixture
def untouched_host(monkeypatch):
    """Fail the test if the module reads the host or asks libvirt anything: bad options must fail first."""
    def touched(*_args, **_kwargs):
        raise AssertionError('the module read the host before rejecting its options')
    for name in ('machine', 'cpu', 'kvm', 'uefi'):
        monkeypatch.setattr(host, name, touched)
    monkeypatch.setattr(host.Libvirt, '__init__', touched)


# what ansible-core 2.20 and later answer, before any module code runs, to a NUL in a top-level string option
CORE_NUL_REFUSAL = 'Failed to log to syslog (embedded null character)'


def failed_with(out, *needles):
    assert out.failed, out.data
    if any('\\x00' in needle for needle in needles) and CORE_NUL_REFUSAL in out.data['msg']:
        return
    for needle in needles:
        assert needle in out.data['msg'], out.data['msg']


# arch_facts

@pytest.mark.parametrize('args, needles', [
    ({'cpuinfo_path': ''}, ["cpuinfo_path '' is empty"]),
    ({'cpuinfo_path': '/nonexistent/cpuinfo'}, ["cpuinfo_path '/nonexistent/cpuinfo' is not a readable file"]),
    ({'cpuinfo_path': '/tmp'}, ["cpuinfo_path '/tmp' is not a readable file"]),
    ({'cpuinfo_path': '/dev/zero'}, ["cpuinfo_path '/dev/zero' is not a readable file"]),
    ({'cpuinfo_path': ['/proc/cpuinfo']}, ['cpuinfo_path']),
    ({'cpuinfo_path': None}, ["cpuinfo_path '' is empty"]),
    ({'cpuinfo_path': '/proc/\0cpuinfo'}, ["cpuinfo_path '/proc/\\x00cpuinfo' is not a readable file"]),
    ({'libvirt_uri': ''}, ["libvirt_uri '' is not a libvirt connection URI"]),
    ({'libvirt_uri': 'qemu'}, ["libvirt_uri 'qemu' is not a libvirt connection URI"]),
    ({'libvirt_uri': 'qemu://'}, ["libvirt_uri 'qemu://' is not"]),
    ({'libvirt_uri': 'qemu+pigeon://host/system'}, ["'qemu+pigeon://host/system' is not", 'transports: unix, ssh']),
    ({'libvirt_uri': 'qemu:///system now'}, ["'qemu:///system now' is not"]),
    ({'libvirt_uri': 'QEMU:///system'}, ["'QEMU:///system' is not"]),
    ({'libvirt_uri': ['a', 'b']}, ['libvirt_uri']),
    ({'gather_libvirt': 'sometimes'}, ['gather_libvirt', 'sometimes']),
    ({'gather_libvirt': ''}, ['gather_libvirt']),
    ({'gather_libvirt': ['yes']}, ["argument 'gather_libvirt' is of type list"]),
    ({'unknown_option': 1}, ['unknown_option']),
])
def test_arch_facts_rejects(run_module, untouched_host, args, needles):
    failed_with(run_module(arch_facts, args), *needles)


def test_arch_facts_rejects_a_file_larger_than_any_cpuinfo(run_module, untouched_host, tmp_path):
    big = tmp_path / 'cpuinfo'
    with open(str(big), 'wb') as handle:
        handle.truncate(host.CPUINFO_MAX_BYTES + 1)
    failed_with(run_module(arch_facts, {'cpuinfo_path': str(big)}), 'more than any /proc/cpuinfo')


# libvirt_cpu

FACTS = {'architecture': HOST_ARCH, 'cpu': {'vendor': 'v', 'model': 'm'}, 'libvirt': {'usable_models': ['max']}}


@pytest.mark.parametrize('args, needles', [
    ({'mode': ''}, ['mode', 'auto, host-passthrough, host-model, custom, none']),
    ({'mode': 'fastest'}, ['mode', 'fastest']),
    ({'mode': ['auto']}, ["value of mode must be one of", "got: ['auto']"]),
    ({'virt_type': ''}, ['virt_type', 'auto, kvm, qemu']),
    ({'virt_type': 'xen'}, ['virt_type', 'xen']),
    ({'virt_type': 5}, ['value of virt_type must be one of: auto, kvm, qemu, got: 5']),
    ({'architecture': ''}, ["architecture: architecture name must be a non-empty string, got ''"]),
    ({'architecture': '  '}, ['architecture: architecture name must be a non-empty string']),
    ({'architecture': 'mips'}, ["architecture: unknown architecture 'mips'"]),
    ({'architecture': ['x86_64']}, ['architecture: unknown architecture "[\'x86_64\']"']),
    ({'models': ['']}, ["models '' are not CPU model names"]),
    ({'models': ['Nehalem,Haswell']}, ["models 'Nehalem,Haswell' are not CPU model names"]),
    ({'models': ['Skylake Server']}, ["models 'Skylake Server' are not CPU model names"]),
    ({'models': ['x' * 65]}, ['are not CPU model names']),
    ({'models': ['max', 'max']}, ['models lists max more than once']),
    ({'models': [{'name': 'max'}]}, ['are not CPU model names']),
    ({'models': 'max,max'}, ['models lists max more than once']),
    ({'extra_flags': ['']}, ["extra_flags '' are not CPU flag names"]),
    ({'extra_flags': ['no spaces']}, ["extra_flags 'no spaces' are not CPU flag names"]),
    ({'extra_flags': ['pcid,ssbd']}, ["extra_flags 'pcid,ssbd' are not CPU flag names"]),
    ({'extra_flags': ['+-pcid']}, ["extra_flags '+-pcid' are not CPU flag names"]),
    ({'extra_flags': ['f' * 65]}, ["extra_flags '%s' are not CPU flag names" % ('f' * 65)]),
    ({'extra_flags': [{'flag': 'pcid'}]}, ['extra_flags "{\'flag\': \'pcid\'}" are not CPU flag names']),
    ({'baseline_hosts': ['not-a-dict']}, ['baseline_hosts']),
    ({'baseline_hosts': [{}]}, ['baseline_hosts[0] has neither cpu nor libvirt']),
    ({'baseline_hosts': [{'name': '', 'cpu': {}}]}, ["baseline_hosts[0]: name must be a non-empty string, got ''"]),
    ({'baseline_hosts': [{'hostname': 5, 'cpu': {}}]}, ['baseline_hosts[0]: hostname must be a non-empty string, got 5']),
    ({'baseline_hosts': [FACTS, {'name': 'c2', 'cpu': 'Kunpeng-920'}]},
     ["baseline_hosts[1] (c2): cpu must be the mapping arch_facts reports", "got 'Kunpeng-920'"]),
    ({'baseline_hosts': [{'cpu': {'model': 920}}]}, ['baseline_hosts[0]: cpu.model must be a string, got 920']),
    ({'baseline_hosts': [{'cpu': {'vendor': ['ARM']}}]}, ["baseline_hosts[0]: cpu.vendor must be a string, got ['ARM']"]),
    ({'baseline_hosts': 'compute-2'}, ["Elements value for option 'baseline_hosts' is of type str"]),
    ({'baseline_hosts': [{'cpu': {}, 'libvirt': 'running'}]}, ["baseline_hosts[0]: libvirt must be a mapping", "'running'"]),
    ({'baseline_hosts': [{'libvirt': {'usable_models': 'max'}}]},
     ["baseline_hosts[0]: libvirt.usable_models must be a list of CPU model names, got 'max'"]),
    ({'baseline_hosts': [{'usable_models': [None]}]}, ['baseline_hosts[0]: usable_models must be a list of CPU model names']),
    ({'baseline_hosts': [{'cpu': {}, 'architecture': 'vax'}]}, ["baseline_hosts[0]: architecture: unknown architecture 'vax'"]),
    ({'baseline_hosts': [{'cpu': {}, 'architecture': None}]},
     ['baseline_hosts[0]: architecture: architecture name must be a non-empty string, got None']),
    ({'baseline_hosts': [{'name': 'c3', 'cpu': {}, 'architecture': OTHER_ARCH}]},
     ['baseline_hosts[0] (c3) is a %s host; baseline hosts are the other %s hosts' % (OTHER_ARCH, HOST_ARCH)]),
    ({'validate': 'perhaps'}, ['validate', 'perhaps']),
    ({'validate': ''}, ['validate']),
    ({'validate': None}, ["argument 'validate' is of type NoneType"]),
    ({'libvirt_uri': ''}, ["libvirt_uri '' is not a libvirt connection URI"]),
    ({'libvirt_uri': 'qemu:/system'}, ["libvirt_uri 'qemu:/system' is not a libvirt connection URI"]),
    ({'libvirt_uri': ['qemu:///system']}, ['libvirt_uri "[\'qemu:///system\']" is not a libvirt connection URI']),
    ({'unknown_option': 1}, ['unknown_option']),
])
def test_libvirt_cpu_rejects(run_module, untouched_host, monkeypatch, args, needles):
    # only the host's architecture is read before options are checked
    monkeypatch.setattr(host, 'machine', platform.machine)
    failed_with(run_module(libvirt_cpu, args), *needles)


def test_libvirt_cpu_rejects_a_long_model_list_in_linear_time(run_module, untouched_host, monkeypatch, deadline):
    # list.count per model took 16 s for 30000 models
    monkeypatch.setattr(host, 'machine', platform.machine)
    models = ['m%d' % index for index in range(100000)] + ['m7']
    failed_with(run_module(libvirt_cpu, {'models': models}), 'models lists m7 more than once')


# arch_images

ENTRY = {'name': 'guest-x86_64', 'architecture': 'x86_64', 'path': '/var/cache/guest/x86_64.qcow2'}
URL_ENTRY = {'name': 'guest-x86_64', 'architecture': 'x86_64', 'url': 'https://images.example.org/x86_64.qcow2',
             'checksum': 'sha256:' + 'a' * 64}


def with_entry(**changes):
    entry = dict(URL_ENTRY if 'url' in changes or 'checksum' in changes else ENTRY)
    entry.update(changes)
    return {'catalog': [entry], 'architectures': ['x86_64']}


@pytest.mark.parametrize('args, needles', [
    ({'catalog': [], 'architectures': ['x86_64']}, ['no image in catalog for x86_64']),
    ({'catalog': 'guest.qcow2', 'architectures': ['x86_64']}, ["Elements value for option 'catalog' is of type str"]),
    ({'catalog': ['guest.qcow2'], 'architectures': ['x86_64']}, ["Elements value for option 'catalog' is of type str"]),
    ({'catalog': [ENTRY, 7], 'architectures': ['x86_64']}, ["Elements value for option 'catalog' is of type int"]),
    ({'catalog': [dict(ENTRY, size=3)], 'architectures': ['x86_64']}, ['size']),
    ({'catalog': {'name': 'guest'}, 'architectures': ['x86_64']}, ["argument 'catalog' is of type dict"]),
    ({'catalog': [ENTRY, dict(ENTRY, name='other')], 'architectures': ['x86_64']},
     ['catalog has 2 images for x86_64 (guest-x86_64, other); keep exactly one per architecture']),
    (with_entry(name=''), ['catalog[0] (no name): every image needs a name']),
    (with_entry(name='  '), ["catalog[0] (  ): name must be a non-empty string, got '  '"]),
    (with_entry(name=' guest'), ["name ' guest' has leading or trailing blanks or control characters"]),
    (with_entry(name='guest\nx'), ['has leading or trailing blanks or control characters']),
    (with_entry(name='g' * 256), ['name is 256 characters long; at most 255']),
    (with_entry(architecture=''), ["catalog[0] (guest-x86_64) architecture: architecture name must be a non-empty string"]),
    (with_entry(architecture='i386'), ["unknown architecture 'i386'"]),
    (with_entry(architecture=['x86_64']), ['catalog[0] (guest-x86_64) architecture: unknown architecture "[\'x86_64\']"']),
    (with_entry(url=''), ['catalog[0] (guest-x86_64): url is empty; give a value or leave url out']),
    (with_entry(url='images.example.org/x.qcow2'), ["url 'images.example.org/x.qcow2' is not an http://, https://, ftp:// or file:/// URL"]),
    (with_entry(url='https://'), ["url 'https://' has no host"]),
    (with_entry(url='https://images.example.org:99999/x'), ['cannot be parsed']),
    (with_entry(url='https://images.example.org/a b.qcow2'), ['contains blanks or control characters']),
    (with_entry(url='file://x.qcow2'), ['is not file:///<absolute path>']),
    (with_entry(url='gopher://images.example.org/x'), ['is not an http://, https://, ftp:// or file:/// URL']),
    (with_entry(url='https://images.example.org:0/x'), ["url 'https://images.example.org:0/x' has port 0"]),
    (with_entry(url='https://images.example.org/x', path='/x'), ['parameters are mutually exclusive: url|path found in catalog']),
    ({'catalog': [{'name': 'x', 'architecture': 'x86_64'}], 'architectures': ['x86_64']},
     ['one of the following is required: url, path found in catalog']),
    (with_entry(checksum=''), ['checksum is empty']),
    (with_entry(checksum='a' * 64), ['has no algorithm; write it as algorithm:hex']),
    (with_entry(checksum='crc32:deadbeef'), ["checksum 'crc32:deadbeef' has algorithm 'crc32'; known: md5, sha1"]),
    (with_entry(checksum='sha256:' + 'a' * 63), ['is not sha256: followed by 64 hex digits']),
    (with_entry(checksum='sha256:' + 'g' * 64), ['is not sha256: followed by 64 hex digits']),
    (with_entry(checksum='md5:' + 'a' * 64), ['is not md5: followed by 32 hex digits']),
    (with_entry(checksum=None), ['catalog[0] (guest-x86_64): an image downloaded from a url needs a checksum']),
    (with_entry(checksum=['sha256:' + 'a' * 64]), ['checksum "[\'sha256:', 'has algorithm "[\'sha256"']),
    (with_entry(path=''), ['catalog[0] (guest-x86_64): path is empty']),
    (with_entry(path='images/x.qcow2'), ["path 'images/x.qcow2' is not an absolute path"]),
    (with_entry(path='/var/cache/x\0.qcow2'), ["path '/var/cache/x\\x00.qcow2' contains a NUL character"]),
    (with_entry(kernel='', ramdisk='/g/initrd'), ['kernel is empty']),
    (with_entry(kernel='vmlinuz', ramdisk='/g/initrd'), ["kernel 'vmlinuz' is not an absolute path"]),
    (with_entry(kernel='/g/vmlinuz', ramdisk=''), ['ramdisk is empty']),
    (with_entry(kernel='/g/vmlinuz', ramdisk='initrd'), ["ramdisk 'initrd' is not an absolute path"]),
    (with_entry(kernel='/g/vm\0linuz', ramdisk='/g/initrd'), ["kernel '/g/vm\\x00linuz' contains a NUL character"]),
    (with_entry(kernel='/g/vmlinuz', ramdisk='/g/init\0rd'), ["ramdisk '/g/init\\x00rd' contains a NUL character"]),
    (with_entry(kernel='/g/vmlinuz'), ['parameters are required together: kernel, ramdisk found in catalog']),
    (with_entry(ramdisk='/g/initrd'), ['parameters are required together: kernel, ramdisk found in catalog']),
    (with_entry(disk_format=''), ["disk_format '' is not one of qcow2, raw"]),
    (with_entry(disk_format='zip'), ["disk_format 'zip' is not one of qcow2, raw"]),
    (with_entry(disk_format=['qcow2']), ['disk_format "[\'qcow2\']" is not one of qcow2, raw']),
    (with_entry(container_format='tar'), ["container_format 'tar' is not one of bare"]),
    (with_entry(container_format=''), ["container_format '' is not one of bare"]),
    (with_entry(min_ram=-1), ['min_ram -1 must be an integer from 0 to 2147483647 (MiB)']),
    (with_entry(min_ram=2 ** 31), ['min_ram 2147483648 must be an integer from 0 to 2147483647']),
    (with_entry(min_ram='lots'), ['min_ram']),
    (with_entry(min_ram=True), ['min_ram True must be an integer from 0 to 2147483647']),
    (with_entry(min_ram=1.5), ["argument 'min_ram' is of type float found in 'catalog'"]),
    (with_entry(properties=['hw_video_model']), ["argument 'properties' is of type list found in 'catalog'"]),
    (with_entry(properties={'hw_video_model': None}), ['properties.hw_video_model must be a string, number or boolean, got None']),
    (with_entry(properties={'hw_x': ['a']}), ["properties.hw_x must be a string, number or boolean, got ['a']"]),
    (with_entry(properties={'hw video': 'vga'}), ["properties key 'hw video' is not a Glance property name"]),
    (with_entry(properties={'min_ram': 512}), ["properties.min_ram is a Glance image attribute, not a property; use the catalog entry's own option"]),
    (with_entry(properties={'visibility': 'private'}), ['properties.visibility is a Glance image attribute, not a property; remove it']),
    (with_entry(properties={'architecture': 'arm64'}), ["properties.architecture 'arm64' contradicts architecture 'x86_64'"]),
    (with_entry(properties={'architecture': 'm88k'}), ["properties.architecture: unknown architecture 'm88k'"]),
    (with_entry(properties={'x' * 256: 'v'}), ["properties key '%s' is not a Glance property name" % ('x' * 256)]),
    (with_entry(kernel='/g/vmlinuz', ramdisk='/g/initrd', properties={'kernel_id': 'abc'}),
     ['give kernel and ramdisk files or kernel_id/ramdisk_id properties, not both']),
    ({'catalog': [ENTRY], 'architectures': []}, ["architectures: no architecture given; pass the compute hosts' architectures"]),
    ({'catalog': [ENTRY], 'architectures': {'x86_64': 1}}, ["argument 'architectures' is of type dict"]),
    ({'catalog': [ENTRY], 'architectures': [['x86_64']]}, ['architectures: unknown architecture "[\'x86_64\']"']),
    ({'catalog': [ENTRY], 'architectures': ['']}, ["architectures: architecture name must be a non-empty string, got ''"]),
    ({'catalog': [ENTRY], 'architectures': [None]}, ['architectures']),
    ({'catalog': [ENTRY], 'architectures': ['sparc64']}, ["architectures: unknown architecture 'sparc64'"]),
    ({'catalog': [ENTRY]}, ['architectures']),
    ({'catalog': [ENTRY], 'architectures': ['x86_64'], 'emulated_architectures': ['']},
     ["emulated_architectures: architecture name must be a non-empty string, got ''"]),
    ({'catalog': [ENTRY], 'architectures': ['x86_64'], 'emulated_architectures': ['amd64']},
     ['emulated_architectures: x86_64 is also the architecture of a compute host']),
    ({'catalog': [ENTRY], 'architectures': ['x86_64'], 'emulated_architectures': ['sparc']},
     ["emulated_architectures: unknown architecture 'sparc'"]),
    ({'catalog': [ENTRY], 'architectures': ['x86_64'], 'emulated_architectures': {'aarch64': True}},
     ["argument 'emulated_architectures' is of type dict"]),
    ({'catalog': [ENTRY], 'architectures': ['x86_64'], 'emulation_host_architecture': ''},
     ["emulation_host_architecture: architecture name must be a non-empty string, got ''"]),
    ({'catalog': [ENTRY], 'architectures': ['x86_64'], 'emulation_host_architecture': 'pdp11'},
     ["emulation_host_architecture: unknown architecture 'pdp11'"]),
    ({'catalog': [ENTRY], 'architectures': ['x86_64'], 'emulation_host_architecture': ['x86_64']},
     ['emulation_host_architecture: unknown architecture "[\'x86_64\']"']),
    ({'catalog': [ENTRY, dict(ENTRY, name='guest-aarch64', architecture='arm64')], 'architectures': ['x86_64', 's390x'],
      'emulated_architectures': ['aarch64']},
     ['emulation_host_architecture: the compute hosts have x86_64, s390x; say which of them emulate aarch64']),
    ({'catalog': [ENTRY, dict(ENTRY, name='guest-aarch64', architecture='arm64')], 'architectures': ['x86_64'],
      'emulated_architectures': ['aarch64'], 'emulation_host_architecture': 'ppc64le'},
     ['emulation_host_architecture: no compute host is ppc64le']),
])
def test_arch_images_rejects(run_module, args, needles):
    failed_with(run_module(arch_images, args), *needles)


def test_arch_images_takes_a_string_as_a_one_item_list(run_module):
    assert not run_module(arch_images, {'catalog': [ENTRY], 'architectures': 'x86_64'}).failed
