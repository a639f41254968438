# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Split a provider network CIDR into gateway, reserved, fixed and floating ranges."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

try:
    import netaddr
except ImportError:
    netaddr = None

MIN_USABLE = 4


def address_plan(cidr, floating=None, reserved=8):
    """Plan the addresses of ``cidr``.

    The first usable address is the gateway; the next ``reserved`` are kept
    for infrastructure (DHCP agents, routers, controllers); the rest is split
    into a fixed range followed by a floating range of ``floating`` addresses
    (default: half of what is left, rounded down).
    """
    if netaddr is None:
        raise AnsibleFilterError('address_plan requires the netaddr Python library on the controller')
    try:
        net = netaddr.IPNetwork(str(cidr))
    except (netaddr.AddrFormatError, ValueError, TypeError) as exc:
        raise AnsibleFilterError('address_plan: %r is not a CIDR: %s' % (cidr, exc))
    if '/' not in str(cidr):
        raise AnsibleFilterError('address_plan: %r has no prefix length; write it as a CIDR such as 192.0.2.0/24'
                                 % (cidr,))
    if net.ip != net.network:
        raise AnsibleFilterError('address_plan: %s has host bits set; did you mean %s?' % (cidr, net.cidr))
    try:
        reserved = int(reserved)
        floating = None if floating is None else int(floating)
    except (TypeError, ValueError):
        raise AnsibleFilterError('address_plan: reserved and floating must be integers')
    if reserved < 0 or (floating is not None and floating < 1):
        raise AnsibleFilterError('address_plan: reserved must be >= 0 and floating >= 1')

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
