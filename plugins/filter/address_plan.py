# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Split a provider network CIDR into gateway, reserved, fixed and floating ranges."""

from __future__ import annotations

import re

from ansible.errors import AnsibleFilterError

try:
    import netaddr
except ImportError:
    netaddr = None

MIN_USABLE = 4
_PREFIX = re.compile(r'^[0-9]{1,3}$')


def _network(cidr):
    """``cidr`` as a netaddr.IPNetwork, strictly: an address in its usual notation, a prefix length, no host bits."""
    if not isinstance(cidr, str):
        raise AnsibleFilterError('address_plan: the input must be a CIDR string such as 192.0.2.0/24, got %s %r'
                                 % (type(cidr).__name__, cidr))
    if cidr.count('/') > 1:
        raise AnsibleFilterError('address_plan: %r is not a CIDR such as 192.0.2.0/24' % (cidr,))
    address, _slash, prefix = cidr.partition('/')
    try:
        # INET_PTON: no shorthand such as 10/8 or 10.1/16, no leading zeros
        ip = netaddr.IPAddress(address, flags=netaddr.INET_PTON)
    except (netaddr.AddrFormatError, ValueError, TypeError) as exc:
        raise AnsibleFilterError('address_plan: %r is not a CIDR: %r is not an IPv4 or IPv6 address (%s)'
                                 % (cidr, address, exc))
    if not _slash:
        raise AnsibleFilterError('address_plan: %r has no prefix length; write it as a CIDR such as 192.0.2.0/24'
                                 % (cidr,))
    width = 32 if ip.version == 4 else 128
    if not _PREFIX.match(prefix) or int(prefix) > width:
        raise AnsibleFilterError('address_plan: %r is not a CIDR: the prefix length %r must be 0 to %d'
                                 % (cidr, prefix, width))
    net = netaddr.IPNetwork('%s/%s' % (ip, int(prefix)))
    if net.ip != net.network:
        raise AnsibleFilterError('address_plan: %s has host bits set; did you mean %s?' % (cidr, net.cidr))
    return net


def _count(value, name, minimum):
    """An address count: an integer (or a string of digits, as templating may give) >= ``minimum``."""
    # at most 39 digits (2**128 has 39): int() refuses more than 4300, and no network has that many addresses
    if isinstance(value, str) and re.match(r'^[0-9]{1,39}$', value.strip()):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise AnsibleFilterError('address_plan: %s must be an integer >= %d, got %s %r'
                                 % (name, minimum, type(value).__name__, value))
    if value < minimum:
        raise AnsibleFilterError('address_plan: %s must be an integer >= %d, got %d' % (name, minimum, value))
    return value


def address_plan(cidr, floating=None, reserved=8):
    """Plan the addresses of ``cidr``.

    The first usable address is the gateway; the next ``reserved`` are kept
    for infrastructure (DHCP agents, routers, controllers); the rest is split
    into a fixed range followed by a floating range of ``floating`` addresses
    (default: half of what is left, rounded down).
    """
    if netaddr is None:
        raise AnsibleFilterError('address_plan requires the netaddr Python library on the controller')
    net = _network(cidr)
    reserved = _count(reserved, 'reserved', 0)
    floating = None if floating is None else _count(floating, 'floating', 1)

    first = net.first + 1
    last = net.last - 1 if net.version == 4 else net.last
    usable = last - first + 1
    pool = usable - 1 - reserved
    if usable < MIN_USABLE or pool < 2:
        raise AnsibleFilterError(
            'address_plan: %s has %d usable addresses, too few for a gateway, %d reserved and two ranges; '
            'use a larger network or fewer reserved' % (net.cidr, max(usable, 0), reserved))
    if floating is None:
        floating = pool // 2
    if floating > pool - 1:
        raise AnsibleFilterError('address_plan: floating=%d leaves no fixed addresses in %s (at most %d)'
                                 % (floating, net.cidr, pool - 1))
    fixed_start = first + 1 + reserved
    fixed_end = last - floating

    def ip(value):
        return str(netaddr.IPAddress(value, net.version))

    return {
        'cidr': str(net.cidr),
        'version': net.version,
        'netmask': str(net.netmask),
        'prefixlen': net.prefixlen,
        'gateway': ip(first),
        'reserved': {'start': ip(first + 1), 'end': ip(first + reserved), 'size': reserved} if reserved else None,
        'fixed': {'start': ip(fixed_start), 'end': ip(fixed_end), 'size': fixed_end - fixed_start + 1},
        'floating': {'start': ip(fixed_end + 1), 'end': ip(last), 'size': floating},
    }


class FilterModule(object):
    """Address planning filters."""

    def filters(self):
        return {'address_plan': address_plan}
