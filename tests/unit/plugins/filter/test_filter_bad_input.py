# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Every filter argument given as an adversary would: each fails early with AnsibleFilterError naming it.

hacking/bad_input_counts.py counts these cases per filter by the test functions' names (test_<filter>_rejects...), or
by their ``name`` parameter where one test covers several filters."""

from __future__ import annotations

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.multiarch.openstack.plugins.filter.address_plan import address_plan
from ansible_collections.multiarch.openstack.plugins.filter.apt import apt_mirror
from ansible_collections.multiarch.openstack.plugins.filter.arch import FilterModule as ArchFilters
from ansible_collections.multiarch.openstack.plugins.filter.glance import image_differences
from ansible_collections.multiarch.openstack.plugins.filter.ini_conf import conf_merge, to_ini
from ansible_collections.multiarch.openstack.plugins.filter.path import path_parents


def rejects(func, args, name, needle, kwargs=None):
    """func(*args) fails with AnsibleFilterError whose message starts with the filter's name and contains needle."""
    with pytest.raises(AnsibleFilterError) as caught:
        func(*args, **(kwargs or {}))
    message = str(caught.value)
    assert message.startswith(name + ': '), message
    assert needle in message, message


# path_parents(_input)

@pytest.mark.parametrize('path, expected', [
    ('//', ['/']), ('//a/b', ['/', '/a']), ('///a//b///c', ['/', '/a', '/a/b']), ('/', ['/']),
    ('/a/../../..', ['/']), ('/a/./b/../c/d', ['/', '/a', '/a/c']), ('/' * 4096, ['/']),
    ('/a' * 2048, ['/'] + ['/a' * n for n in range(1, 2048)]),
])
def test_path_parents_returns_on_odd_absolute_paths(deadline, path, expected):
    assert path_parents(path) == expected


@pytest.mark.parametrize('value, needle', [
    (None, 'got NoneType None'), (42, 'got int 42'), (['/a'], "got list ['/a']"), (b'/a', "got bytes b'/a'"),
    ('', "'' is not an absolute path"), ('relative/dir', "'relative/dir' is not an absolute path"),
    ('~/x', "'~/x' is not an absolute path"), (' /a', "' /a' is not an absolute path"),
    ('/a\0b', 'contains a NUL character'), ('/' + 'a' * 4096, 'more than PATH_MAX (4096)'),
    ('//' * 10 ** 6, 'more than PATH_MAX'),
])
def test_path_parents_rejects(deadline, value, needle):
    rejects(path_parents, (value,), 'path_parents', needle)


# canonical_arch, deb_arch, rpm_arch, arch_info (_input: an architecture name)

ARCH_FILTERS = ArchFilters().filters()


@pytest.mark.parametrize('name', ['canonical_arch', 'deb_arch', 'rpm_arch', 'arch_info'])
@pytest.mark.parametrize('value, needle', [
    (None, 'must be a non-empty string, got None'), (64, 'must be a non-empty string, got 64'),
    (['x86_64'], "must be a non-empty string, got ['x86_64']"), ('', "must be a non-empty string, got ''"),
    ('   ', "must be a non-empty string, got '   '"), ('m68k', "unknown architecture 'm68k'; known: aarch64"),
    ('x86_64; rm', "unknown architecture 'x86_64; rm'"),
])
def test_arch_name_filters_reject(name, value, needle):
    rejects(ARCH_FILTERS[name], (value,), name, needle)


@pytest.mark.parametrize('name', ['canonical_arch', 'deb_arch', 'rpm_arch', 'arch_info'])
@pytest.mark.parametrize('supported, needle', [
    (None, 'supported must be true or false'), ('no', "supported must be true or false (false also accepts"),
    (0, 'got int 0'), ([False], 'got list [False]'),
])
def test_arch_name_filters_reject_supported(name, supported, needle):
    rejects(ARCH_FILTERS[name], ('riscv64',), name, needle, kwargs={'supported': supported})


@pytest.mark.parametrize('name', ['canonical_arch', 'deb_arch', 'rpm_arch', 'arch_info'])
def test_arch_name_filters_refuse_unsupported_by_default(name):
    rejects(ARCH_FILTERS[name], ('riscv64',), name,
            'riscv64 is not an architecture multiarch.openstack deploys')
    assert ARCH_FILTERS[name]('riscv64', supported=False)


# wheel_mirror_url(mirror, distro, version, arch)

GOOD_WHEEL = ('https://mirror.example.org/pypi', 'debian', '12', 'amd64')


@pytest.mark.parametrize('position, value, needle', [
    (0, None, 'mirror must be a URL string, got NoneType None'),
    (0, '', "mirror '' is not an http://, https:// or file:// URL"),
    (0, 'mirror.example.org', "mirror 'mirror.example.org' is not an http://, https:// or file:// URL"),
    (0, 'ftp://mirror.example.org', 'is not an http://, https:// or file:// URL'),
    (0, 'https://', "mirror 'https://' has no host"),
    (0, 'https:///wheels', 'has no host'),
    (0, 'https://mirror.example.org/a b', 'contains blanks or control characters'),
    (0, 'https://mirror.example.org/\n', 'contains blanks or control characters'),
    (0, 'https://mirror.example.org/?x=1', 'has a query or fragment'),
    (0, 'https://mirror.example.org/#top', 'has a query or fragment'),
    (0, 'file://relative/dir', 'is not file:///<absolute path>'),
    (0, 'https://[::1/', 'cannot be parsed'),
    (0, 'https://mirror.example.org:99999/pypi', "mirror 'https://mirror.example.org:99999/pypi' cannot be parsed"),
    (0, 'https://mirror.example.org:0/pypi', "mirror 'https://mirror.example.org:0/pypi' has port 0"),
    (1, None, 'distro must be a distribution name such as ubuntu or debian, got NoneType None'),
    (1, 12, 'got int 12'),
    (1, '', "distro '' is not a distribution name"),
    (1, 'ubuntu linux', "distro 'ubuntu linux' is not a distribution name"),
    (1, '../etc', "distro '../etc' is not a distribution name"),
    (2, None, 'version must be a string such as "22.04" or 12, got NoneType None'),
    (2, 20.10, 'got float 20.1 (quote it'),
    (2, True, 'got bool True'),
    (2, '', "version '' is not a release"),
    (2, '22.04/../x', "version '22.04/../x' is not a release"),
    (3, '', "arch: architecture name must be a non-empty string, got ''"),
    (3, None, 'arch: architecture name must be a non-empty string, got None'),
    (3, 'sparc', "arch: unknown architecture 'sparc'"),
])
def test_wheel_mirror_url_rejects_each_argument(position, value, needle):
    args = list(GOOD_WHEEL)
    args[position] = value
    rejects(ARCH_FILTERS['wheel_mirror_url'], args, 'wheel_mirror_url', needle)


def test_wheel_mirror_url_accepts_what_it_documents():
    assert ARCH_FILTERS['wheel_mirror_url'](*GOOD_WHEEL) == 'https://mirror.example.org/pypi/wheel/debian-12-x86_64'
    assert ARCH_FILTERS['wheel_mirror_url']('file:///srv/wheels/', 'Ubuntu', 22, 'arm64') == \
        'file:///srv/wheels/wheel/ubuntu-22-aarch64'


# hypervisor_packages(arch, os_family)

@pytest.mark.parametrize('args, needle', [
    ((None, 'Debian'), 'arch: architecture name must be a non-empty string, got None'),
    (('', 'Debian'), "arch: architecture name must be a non-empty string, got ''"),
    (('vax', 'Debian'), "arch: unknown architecture 'vax'"),
    (('x86_64', None), 'os_family must be a distribution family such as Debian (ansible_facts.os_family), '
                       'got NoneType None'),
    (('x86_64', ''), "got str ''"),
    (('x86_64', ['Debian']), "got list ['Debian']"),
    (('x86_64', 'Gentoo'), "os_family: unsupported distribution family 'Gentoo'; supported: Debian, RedHat, openEuler"),
])
def test_hypervisor_packages_rejects(args, needle):
    rejects(ARCH_FILTERS['hypervisor_packages'], args, 'hypervisor_packages', needle)


# address_plan(_input, floating, reserved)

@pytest.mark.parametrize('cidr, needle', [
    (None, 'the input must be a CIDR string such as 192.0.2.0/24, got NoneType None'),
    (3232235520, 'got int 3232235520'),
    ('', "'' is not a CIDR: '' is not an IPv4 or IPv6 address"),
    ('192.0.2.0', "'192.0.2.0' has no prefix length"),
    ('10/8', "'10' is not an IPv4 or IPv6 address"),
    ('010.0.0.0/24', "'010.0.0.0' is not an IPv4 or IPv6 address"),
    (' 192.0.2.0/24', "' 192.0.2.0' is not an IPv4 or IPv6 address"),
    ('fe80::%eth0/64', "'fe80::%eth0' is not an IPv4 or IPv6 address"),
    ('192.0.2.0/33', "the prefix length '33' must be 0 to 32"),
    ('2001:db8::/129', "the prefix length '129' must be 0 to 128"),
    ('192.0.2.0/-1', "the prefix length '-1' must be 0 to 32"),
    ('192.0.2.0/ 24', "the prefix length ' 24' must be 0 to 32"),
    ('192.0.2.0/24/1', "'192.0.2.0/24/1' is not a CIDR"),
    ('192.0.2.5/24', 'host bits set; did you mean 192.0.2.0/24?'),
    ('192.0.2.0/30', 'too few'),
])
def test_address_plan_rejects_input(cidr, needle):
    rejects(address_plan, (cidr,), 'address_plan', needle)


@pytest.mark.parametrize('kwargs, needle', [
    ({'floating': 0}, 'floating must be an integer >= 1, got 0'),
    ({'floating': -3}, 'floating must be an integer >= 1, got -3'),
    ({'floating': 2.5}, 'floating must be an integer >= 1, got float 2.5'),
    ({'floating': True}, 'floating must be an integer >= 1, got bool True'),
    ({'floating': ''}, "floating must be an integer >= 1, got str ''"),
    ({'floating': 'half'}, "got str 'half'"),
    ({'floating': 300}, 'floating=300 leaves no fixed addresses in 192.0.2.0/24 (at most 244)'),
    ({'reserved': None}, 'reserved must be an integer >= 0, got NoneType None'),
    ({'reserved': -1}, 'reserved must be an integer >= 0, got -1'),
    ({'reserved': '8.0'}, "reserved must be an integer >= 0, got str '8.0'"),
    ({'reserved': False}, 'got bool False'),
    ({'reserved': [8]}, 'got list [8]'),
    ({'reserved': 10 ** 6}, 'too few for a gateway, 1000000 reserved'),
    # more digits than int() converts (4300): refused, not a ValueError
    ({'floating': '9' * 5000}, "floating must be an integer >= 1, got str '9999"),
    ({'reserved': '9' * 40}, "reserved must be an integer >= 0, got str '%s'" % ('9' * 40)),
    ({'reserved': '9' * 39}, 'too few for a gateway, %s reserved' % ('9' * 39)),
])
def test_address_plan_rejects_arguments(kwargs, needle):
    rejects(address_plan, ('192.0.2.0/24',), 'address_plan', needle, kwargs)


def test_address_plan_counts_may_be_digit_strings():
    assert address_plan('192.0.2.0/24', floating='128', reserved='8')['floating']['size'] == 128


# image_differences(_input, wanted)

WANTED = {'image': {'name': 'multiarch-guest-x86_64', 'min_ram': 256}, 'properties': {'architecture': 'x86_64'}}


@pytest.mark.parametrize('images, needle', [
    (None, 'the input must be the list of images of openstack.cloud.image_info (its images), got NoneType None'),
    ({'images': []}, "got dict {'images': []}"),
    ('[]', "got str '[]'"),
    ([None], 'input[0] must be an image (a mapping) of openstack.cloud.image_info, got NoneType None'),
    ([{'name': 'a'}, 'b'], "input[1] must be an image (a mapping) of openstack.cloud.image_info, got str 'b'"),
    ([{'name': 'a', 'properties': 'x=1'}], "input[0] (a): properties must be a mapping, got str 'x=1'"),
])
def test_image_differences_rejects_input(images, needle):
    rejects(image_differences, (images, WANTED), 'image_differences', needle)


@pytest.mark.parametrize('wanted, needle', [
    (None, 'the argument must be an entry of arch_images images'),
    ([WANTED], 'the argument must be an entry of arch_images images'),
    ({'properties': {}}, 'the argument must be an entry of arch_images images'),
    ({'image': 'multiarch-guest-x86_64'}, 'the argument must be an entry of arch_images images'),
    ({'image': {}}, "image.name must be a non-empty string, got None"),
    ({'image': {'name': ''}}, "image.name must be a non-empty string, got ''"),
    ({'image': {'name': 7}}, 'image.name must be a non-empty string, got 7'),
    ({'image': {'name': 'x', 'min_ram': -1}}, 'image.min_ram must be an integer >= 0 (MiB), got -1'),
    ({'image': {'name': 'x', 'min_ram': '256'}}, "image.min_ram must be an integer >= 0 (MiB), got '256'"),
    ({'image': {'name': 'x', 'min_ram': True}}, 'got True'),
    ({'image': {'name': 'x'}, 'properties': ['architecture=x86_64']}, "properties must be a mapping, got list"),
    ({'image': {'name': 'x'}, 'properties': {'hw_machine_type': None}}, "'hw_machine_type': None is not a Glance property"),
    ({'image': {'name': 'x'}, 'properties': {'hw_x': {'a': 1}}}, "'hw_x': {'a': 1} is not a Glance property"),
    ({'image': {'name': 'x'}, 'properties': {'': 'v'}}, "'': 'v' is not a Glance property"),
])
def test_image_differences_rejects_wanted(wanted, needle):
    rejects(image_differences, ([], wanted), 'image_differences', needle)


# apt_mirror(_input)

@pytest.mark.parametrize('texts, needle', [
    (None, 'the input must be a list of the texts of apt source files, got NoneType None'),
    ('deb http://deb.example.org/debian bookworm main', "got str 'deb http://deb.example.org/debian bookworm main'"),
    ({'sources.list': 'deb http://x/debian bookworm main'}, 'the input must be a list of the texts of apt source files, got dict'),
    ([None], 'input[0] must be the text of an apt source file, got NoneType None'),
    (['', b'deb http://x/debian bookworm main'], "input[1] must be the text of an apt source file, got bytes b'deb"),
    (['x' * (1024 * 1024 + 1)], 'input[0] is longer than 1048576 characters: not an apt source file'),
    ([], 'no http(s) Debian mirror in the apt sources given (0 files)'),
    (['deb file:/srv/debian bookworm main', 'deb http:///debian bookworm main'], 'no http(s) Debian mirror in the apt sources given (2 files)'),
])
def test_apt_mirror_rejects(texts, needle):
    rejects(apt_mirror, (texts,), 'apt_mirror', needle)


# conf_merge(_input, overrides, name) and to_ini(_input, header): the settings (_input) of both

SETTINGS = {'DEFAULT': {'debug': True}}


@pytest.mark.parametrize('name, func', [('conf_merge', conf_merge), ('to_ini', to_ini)])
@pytest.mark.parametrize('settings, needle', [
    # null once gave an empty file
    (None, 'the settings must be a mapping of sections to mappings of options, not null'),
    ([], 'the settings must be a mapping of sections to mappings of options, not list'),
    ('[DEFAULT]\ndebug = true', 'the settings must be a mapping of sections to mappings of options, not str'),
    ({'DEFAULT': None}, 'the settings[DEFAULT]: a section must be a mapping of options, not null'),
    ({'DEFAULT': ['debug']}, 'the settings[DEFAULT] must be a mapping of options to values'),
    ({'DEFAULT]\n[x': {'debug': True}}, "the settings: section 'DEFAULT]\\n[x' is not a section name"),
    ({'DEFAULT': {'debug = true\nx': True}}, "the settings[DEFAULT]: option 'debug = true\\nx' is not an option name"),
    ({'DEFAULT': {'debug': object()}}, 'the settings[DEFAULT].debug: a value must be a string, a number, a boolean'),
    ({'DEFAULT': {'debug': 'a\0b'}}, 'the settings[DEFAULT].debug: a value must be one line'),
])
def test_ini_filters_reject_settings(name, func, settings, needle):
    rejects(func, (settings,), name, needle)


@pytest.mark.parametrize('overrides_name, needle', [
    (None, 'name must be the name of the overrides variable, a non-empty string on one line, got NoneType None'),
    (5, 'got int 5'),
    ('', "got str ''"),
    ('   ', "got str '   '"),
    ('nova_conf_overrides\n[DEFAULT]', "got str 'nova_conf_overrides\\n[DEFAULT]'"),
    (['nova_conf_overrides'], "got list ['nova_conf_overrides']"),
])
def test_conf_merge_rejects_name(overrides_name, needle):
    rejects(conf_merge, (SETTINGS, {}, overrides_name), 'conf_merge', needle)
