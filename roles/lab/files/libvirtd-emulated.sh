#!/bin/sh
# libvirtd of a multiarch.openstack lab host that runs under qemu-user; the real one is diverted to
# /usr/sbin/libvirtd.lab-real. qemu-user does not implement the bridge ioctl (SIOCBRADDIF) libvirtd
# plugs a guest's tap device into its Linux bridge with: preload the library that does it with
# rtnetlink instead (bridge-port.c). Lab only: a real host's libvirtd runs natively.
LD_PRELOAD=/usr/local/lib/multiarch-lab/bridge-port.so${LD_PRELOAD:+:$LD_PRELOAD}
export LD_PRELOAD
exec /usr/sbin/libvirtd.lab-real "$@"
