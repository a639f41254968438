/*
 * bridge-port.c: SIOCBRADDIF and SIOCBRDELIF for a program running under qemu-user.
 *
 * Copyright (c) 2026 multiarch.openstack contributors
 * Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
 *
 * A lab shortcut for emulated lab hosts only (docs/lab.md). libvirtd plugs a guest's tap device
 * into its Linux bridge with ioctl(SIOCBRADDIF), which qemu-user does not implement (ENOSYS:
 * "Unable to add bridge ... port ...: Function not implemented"). Preloaded into the emulated
 * libvirtd (LD_PRELOAD), this library answers those two requests the way `ip link set PORT
 * master BRIDGE` does, with an rtnetlink RTM_SETLINK carrying IFLA_MASTER, which qemu-user does
 * forward; every other ioctl goes to the C library untouched.
 *
 * The request is written in the program's own byte order, as any program writes one. qemu-user passes
 * IFLA_MASTER's value unconverted, which a little-endian program's kernel reads right; on a big-endian
 * host the lab's netlink order library (netlink-order.c, preloaded into every program there) converts it.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

typedef int (*ioctl_fn)(int, unsigned long, ...);

/* Make interface `port` a port of interface `master` (0: of none). 0 or -1 with errno set. */
static int set_master(int port, int master)
{
    struct {
        struct nlmsghdr header;
        struct ifinfomsg link;
        struct rtattr attribute;
        uint32_t master;
    } request;
    struct {
        struct nlmsghdr header;
        struct nlmsgerr error;
        char rest[256];
    } answer;
    struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
    ssize_t got;
    int fd, saved;

    memset(&request, 0, sizeof(request));
    request.header.nlmsg_len = sizeof(request);
    request.header.nlmsg_type = RTM_SETLINK;
    request.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
    request.header.nlmsg_seq = 1;
    request.link.ifi_family = AF_UNSPEC;
    request.link.ifi_index = port;
    request.attribute.rta_type = IFLA_MASTER;
    request.attribute.rta_len = RTA_LENGTH(sizeof(uint32_t));
    request.master = (uint32_t)master;

    fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0)
        return -1;
    if (sendto(fd, &request, sizeof(request), 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0)
        goto fail;
    got = recv(fd, &answer, sizeof(answer), 0);
    if (got < 0)
        goto fail;
    if ((size_t)got < sizeof(answer.header) + sizeof(answer.error) || answer.header.nlmsg_type != NLMSG_ERROR) {
        errno = EPROTO;
        goto fail;
    }
    close(fd);
    if (answer.error.error != 0) {
        errno = -answer.error.error;
        return -1;
    }
    return 0;

fail:
    saved = errno;
    close(fd);
    errno = saved;
    return -1;
}

int ioctl(int fd, unsigned long request, ...)
{
    static ioctl_fn next;
    va_list arguments;
    void *argument;

    va_start(arguments, request);
    argument = va_arg(arguments, void *);
    va_end(arguments);

    if (request == SIOCBRADDIF || request == SIOCBRDELIF) {
        struct ifreq *ifr = argument;
        char bridge[IF_NAMESIZE + 1];
        int master;

        memcpy(bridge, ifr->ifr_name, IF_NAMESIZE);
        bridge[IF_NAMESIZE] = '\0';
        master = (int)if_nametoindex(bridge);
        if (master == 0)
            return -1;
        return set_master(ifr->ifr_ifindex, request == SIOCBRADDIF ? master : 0);
    }
    if (next == NULL)
        next = (ioctl_fn)dlsym(RTLD_NEXT, "ioctl");
    if (next == NULL) {
        errno = ENOSYS;
        return -1;
    }
    return next(fd, request, argument);
}
