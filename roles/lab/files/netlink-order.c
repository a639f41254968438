/*
 * netlink-order.c: rtnetlink link requests of a big-endian program under qemu-user, in the lab machine's order.
 *
 * Copyright (c) 2026 multiarch.openstack contributors
 * Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
 *
 * A lab shortcut for big-endian emulated lab hosts only (s390x; docs/lab.md). A program sends a link request
 * (RTM_NEWLINK, RTM_SETLINK, RTM_GETLINK, RTM_DELLINK) in its own byte order. qemu-user (7.2) converts the
 * netlink header, struct ifinfomsg and the headers of the top-level attributes to the lab machine's order
 * (x86_64: little-endian), but neither the attributes' values nor the nested attributes (IFLA_LINKINFO: the
 * link's kind and its settings): the kernel reads a bridge's kind as missing ("Operation not supported") and an
 * MTU or a master's index as garbage ("Invalid argument"), so neutron's linuxbridge agent can create no bridge
 * and no VXLAN device there. Loaded into every program of such a host (/etc/ld.so.preload), this library
 * converts a copy of each such request before it is sent: the numbers among the top-level values, and the
 * nested attributes' headers and numbers, which qemu-user then passes on as they are. The caller's buffer is
 * never written. Values the kernel reads in network order (a VXLAN group, its port) and strings stay as they
 * are. Anything else goes to the C library untouched: other sockets, other messages, answers.
 *
 * A little-endian program needs none of this: built for one, the library is empty (a foreign userland also runs
 * programs of the lab machine's own architecture, which read the same /etc/ld.so.preload).
 */
#define _GNU_SOURCE
#include <stddef.h>

#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__

#include <dlfcn.h>
#include <errno.h>
#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

static void swap16(void *at)
{
    uint16_t value;
    memcpy(&value, at, sizeof(value));
    value = __builtin_bswap16(value);
    memcpy(at, &value, sizeof(value));
}

static void swap32(void *at)
{
    uint32_t value;
    memcpy(&value, at, sizeof(value));
    value = __builtin_bswap32(value);
    memcpy(at, &value, sizeof(value));
}

static void swap64(void *at)
{
    uint64_t value;
    memcpy(&value, at, sizeof(value));
    value = __builtin_bswap64(value);
    memcpy(at, &value, sizeof(value));
}

/* A value of 2, 4 or 8 bytes is a number in the program's order; any other length is bytes or a string. */
static void swap_number(struct rtattr *attribute)
{
    switch (RTA_PAYLOAD(attribute)) {
    case 2: swap16(RTA_DATA(attribute)); break;
    case 4: swap32(RTA_DATA(attribute)); break;
    case 8: swap64(RTA_DATA(attribute)); break;
    default: break;
    }
}

/* Converts an attribute's value; kind: the link's kind where the value depends on it */
typedef void (*value_fn)(struct rtattr *attribute, const char *kind);

/* Every attribute of a nested list: its value (converter), then its header, which qemu-user leaves alone there. */
static void convert_nested(void *data, size_t length, value_fn converter, const char *kind)
{
    char *at = data, *stop = at + length;

    while (at + sizeof(struct rtattr) <= stop) {
        struct rtattr *attribute = (struct rtattr *)at;
        unsigned short size = attribute->rta_len;

        if (size < sizeof(struct rtattr) || size > stop - at)
            return;
        converter(attribute, kind);
        swap16(&attribute->rta_len);
        swap16(&attribute->rta_type);
        at += RTA_ALIGN(size);
    }
}

static void number_value(struct rtattr *attribute, const char *kind)
{
    (void)kind;
    swap_number(attribute);
}

static void link_value(struct rtattr *attribute, const char *kind);

/* struct ifinfomsg, then link attributes: a veth's peer */
static void peer_value(struct rtattr *attribute, const char *kind)
{
    struct ifinfomsg *link = RTA_DATA(attribute);

    (void)kind;
    if (RTA_PAYLOAD(attribute) < sizeof(*link))
        return;
    swap16(&link->ifi_type);
    swap32(&link->ifi_index);
    swap32(&link->ifi_flags);
    swap32(&link->ifi_change);
    convert_nested((char *)link + NLMSG_ALIGN(sizeof(*link)), RTA_PAYLOAD(attribute) - NLMSG_ALIGN(sizeof(*link)),
                   link_value, NULL);
}

/* IFLA_INFO_DATA of a link of that kind */
static void kind_value(struct rtattr *attribute, const char *kind)
{
    int type = attribute->rta_type;

    if (kind == NULL)
        return;
    if (!strcmp(kind, "vxlan")) {
        /* the kernel reads these in network order */
        if (type == IFLA_VXLAN_GROUP || type == IFLA_VXLAN_LOCAL || type == IFLA_VXLAN_PORT
            || type == IFLA_VXLAN_PORT_RANGE || type == IFLA_VXLAN_GROUP6 || type == IFLA_VXLAN_LOCAL6
            || type == IFLA_VXLAN_LABEL)
            return;
    } else if (!strcmp(kind, "bridge")) {
        if (type == IFLA_BR_VLAN_PROTOCOL)
            return;
        if (type == IFLA_BR_MULTI_BOOLOPT && RTA_PAYLOAD(attribute) == 8) {
            swap32(RTA_DATA(attribute));
            swap32((char *)RTA_DATA(attribute) + 4);
            return;
        }
    } else if (!strcmp(kind, "vlan")) {
        if (type == IFLA_VLAN_PROTOCOL)
            return;
        if (type == IFLA_VLAN_FLAGS && RTA_PAYLOAD(attribute) == 8) {
            swap32(RTA_DATA(attribute));
            swap32((char *)RTA_DATA(attribute) + 4);
            return;
        }
        if (type == IFLA_VLAN_EGRESS_QOS || type == IFLA_VLAN_INGRESS_QOS) {
            convert_nested(RTA_DATA(attribute), RTA_PAYLOAD(attribute), kind_value, "vlan-qos");
            return;
        }
    } else if (!strcmp(kind, "vlan-qos")) {
        /* struct ifla_vlan_qos_mapping: two numbers */
        if (RTA_PAYLOAD(attribute) == 8) {
            swap32(RTA_DATA(attribute));
            swap32((char *)RTA_DATA(attribute) + 4);
        }
        return;
    } else if (!strcmp(kind, "af-bridge")) {
        /* struct bridge_vlan_info: flags and VLAN id, 16 bits each */
        if (type == IFLA_BRIDGE_VLAN_INFO && RTA_PAYLOAD(attribute) == 4) {
            swap16(RTA_DATA(attribute));
            swap16((char *)RTA_DATA(attribute) + 2);
            return;
        }
    } else if (!strcmp(kind, "veth")) {
        if (type == VETH_INFO_PEER)
            peer_value(attribute, NULL);
        return;
    }
    swap_number(attribute);
}

/* The name of a kind in a list of IFLA_INFO_* attributes (headers still in the program's order), copied into name
 * (size bytes) and terminated: iproute2 sends it without a terminating NUL, pyroute2 with one. NULL: none. */
static const char *find_kind(void *data, size_t length, int type, char *name, size_t size)
{
    char *at = data, *stop = at + length;

    while (at + sizeof(struct rtattr) <= stop) {
        struct rtattr *attribute = (struct rtattr *)at;

        if (attribute->rta_len < sizeof(struct rtattr) || attribute->rta_len > stop - at)
            return NULL;
        if (attribute->rta_type == type && RTA_PAYLOAD(attribute) > 0) {
            size_t used = RTA_PAYLOAD(attribute) < size - 1 ? RTA_PAYLOAD(attribute) : size - 1;

            memcpy(name, RTA_DATA(attribute), used);
            name[used] = '\0';
            return name;
        }
        at += RTA_ALIGN(attribute->rta_len);
    }
    return NULL;
}

/* IFLA_LINKINFO's attributes; kind: the link's kind (IFLA_INFO_KIND) */
static void info_value(struct rtattr *attribute, const char *kind)
{
    switch (attribute->rta_type) {
    case IFLA_INFO_DATA:
        convert_nested(RTA_DATA(attribute), RTA_PAYLOAD(attribute), kind_value, kind);
        break;
    case IFLA_INFO_SLAVE_DATA:
        /* a bridge port's settings (IFLA_BRPORT_*): numbers */
        convert_nested(RTA_DATA(attribute), RTA_PAYLOAD(attribute), number_value, NULL);
        break;
    default:
        /* IFLA_INFO_KIND, IFLA_INFO_SLAVE_KIND: strings */
        break;
    }
}

/* IFLA_AF_SPEC: per address family, attributes whose values are numbers (a bridge's VLAN: two 16-bit ones) */
static void family_value(struct rtattr *attribute, const char *kind)
{
    (void)kind;
    convert_nested(RTA_DATA(attribute), RTA_PAYLOAD(attribute), kind_value,
                   attribute->rta_type == AF_BRIDGE ? "af-bridge" : "af");
}

/* A link attribute's value. Top-level ones keep their header (qemu-user converts it); nested ones call this too. */
static void link_value(struct rtattr *attribute, const char *kind)
{
    (void)kind;
    switch (attribute->rta_type) {
    case IFLA_LINKINFO: {
        char name[32];

        convert_nested(RTA_DATA(attribute), RTA_PAYLOAD(attribute), info_value,
                       find_kind(RTA_DATA(attribute), RTA_PAYLOAD(attribute), IFLA_INFO_KIND, name, sizeof(name)));
        break;
    }
    case IFLA_AF_SPEC:
        convert_nested(RTA_DATA(attribute), RTA_PAYLOAD(attribute), family_value, NULL);
        break;
    case IFLA_MTU: case IFLA_LINK: case IFLA_MASTER: case IFLA_TXQLEN: case IFLA_NET_NS_PID: case IFLA_EXT_MASK:
    case IFLA_NET_NS_FD: case IFLA_GROUP: case IFLA_PROMISCUITY: case IFLA_NUM_TX_QUEUES: case IFLA_NUM_RX_QUEUES:
    case IFLA_GSO_MAX_SEGS: case IFLA_GSO_MAX_SIZE: case IFLA_NEW_NETNSID: case IFLA_TARGET_NETNSID:
    case IFLA_MIN_MTU: case IFLA_MAX_MTU:
        if (RTA_PAYLOAD(attribute) == 4)
            swap32(RTA_DATA(attribute));
        break;
    default:
        /* names, addresses, single bytes (IFLA_OPERSTATE...) and what the lab's programs do not send */
        break;
    }
}

/* Whether fd is a NETLINK_ROUTE socket */
static int is_route_socket(int fd)
{
    int domain = 0, protocol = -1;
    socklen_t size = sizeof(domain);

    if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &size) != 0 || domain != AF_NETLINK)
        return 0;
    size = sizeof(protocol);
    return getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &protocol, &size) == 0 && protocol == NETLINK_ROUTE;
}

static int is_link_message(const struct nlmsghdr *header)
{
    return header->nlmsg_type == RTM_NEWLINK || header->nlmsg_type == RTM_SETLINK
        || header->nlmsg_type == RTM_GETLINK || header->nlmsg_type == RTM_DELLINK;
}

/* Whether a buffer holds a link request worth a look (cheap: every send of every program passes here) */
static int holds_link_request(const void *data, size_t length)
{
    const struct nlmsghdr *header = data;

    return data != NULL && length >= NLMSG_LENGTH(sizeof(struct ifinfomsg)) && ((uintptr_t)data & 3) == 0
        && header->nlmsg_len >= NLMSG_LENGTH(sizeof(struct ifinfomsg)) && header->nlmsg_len <= length
        && is_link_message(header);
}

/* A converted copy of the buffer's messages (free() it), or NULL: nothing to convert or no memory */
static void *converted(int fd, const void *data, size_t length)
{
    char *copy, *at;
    size_t left;

    if (!holds_link_request(data, length) || !is_route_socket(fd))
        return NULL;
    copy = malloc(length);
    if (copy == NULL)
        return NULL;
    memcpy(copy, data, length);
    for (at = copy, left = length; left >= sizeof(struct nlmsghdr);) {
        struct nlmsghdr *header = (struct nlmsghdr *)at;
        size_t size = header->nlmsg_len;

        if (size < sizeof(*header) || size > left)
            break;
        if (is_link_message(header) && size >= NLMSG_LENGTH(sizeof(struct ifinfomsg))) {
            /* the top-level attributes: values only (qemu-user converts their headers) */
            char *attributes = (char *)NLMSG_DATA(header) + NLMSG_ALIGN(sizeof(struct ifinfomsg));
            size_t attributes_length = at + size - attributes;
            char *a = attributes, *stop = attributes + attributes_length;

            while (a + sizeof(struct rtattr) <= stop) {
                struct rtattr *attribute = (struct rtattr *)a;

                if (attribute->rta_len < sizeof(struct rtattr) || attribute->rta_len > stop - a)
                    break;
                link_value(attribute, NULL);
                a += RTA_ALIGN(attribute->rta_len);
            }
        }
        if (NLMSG_ALIGN(size) >= left)
            break;
        left -= NLMSG_ALIGN(size);
        at += NLMSG_ALIGN(size);
    }
    return copy;
}

typedef ssize_t (*sendto_fn)(int, const void *, size_t, int, const struct sockaddr *, socklen_t);
typedef ssize_t (*sendmsg_fn)(int, const struct msghdr *, int);

static void *next(const char *name)
{
    return dlsym(RTLD_NEXT, name);
}

ssize_t sendto(int fd, const void *data, size_t length, int flags, const struct sockaddr *to, socklen_t to_length)
{
    static sendto_fn real;
    void *copy;
    ssize_t sent;

    if (real == NULL && (real = (sendto_fn)next("sendto")) == NULL) {
        errno = ENOSYS;
        return -1;
    }
    copy = converted(fd, data, length);
    if (copy == NULL)
        return real(fd, data, length, flags, to, to_length);
    sent = real(fd, copy, length, flags, to, to_length);
    free(copy);
    return sent;
}

ssize_t send(int fd, const void *data, size_t length, int flags)
{
    return sendto(fd, data, length, flags, NULL, 0);
}

/* A message in one buffer (iproute2, pyroute2 and libnl send one) */
ssize_t sendmsg(int fd, const struct msghdr *message, int flags)
{
    static sendmsg_fn real;
    struct msghdr copy_message;
    struct iovec copy_vector;
    void *copy;
    ssize_t sent;

    if (real == NULL && (real = (sendmsg_fn)next("sendmsg")) == NULL) {
        errno = ENOSYS;
        return -1;
    }
    if (message == NULL || message->msg_iovlen != 1 || message->msg_iov == NULL)
        return real(fd, message, flags);
    copy = converted(fd, message->msg_iov[0].iov_base, message->msg_iov[0].iov_len);
    if (copy == NULL)
        return real(fd, message, flags);
    copy_message = *message;
    copy_vector.iov_base = copy;
    copy_vector.iov_len = message->msg_iov[0].iov_len;
    copy_message.msg_iov = &copy_vector;
    sent = real(fd, &copy_message, flags);
    free(copy);
    return sent;
}

#else

/* little-endian: qemu-user's conversion is no conversion at all, nothing to do */
typedef int netlink_order_unused;

#endif
