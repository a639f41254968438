/*
 * netlink_probe.c: rtnetlink link requests as neutron's linuxbridge agent sends them (through pyroute2), for
 * tests/unit/roles/lab/test_netlink_order.py. Written in the program's own byte order, as any program writes them.
 *
 * Copyright (c) 2026 multiarch.openstack contributors
 * Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
 *
 *   netlink_probe bridge NAME                  a bridge
 *   netlink_probe bridge-set NAME DELAY STP    its forward delay (centiseconds) and STP state
 *   netlink_probe vxlan NAME VNI DEVICE        a VXLAN device: group 224.0.0.1, local 192.0.2.1, port 4789, ttl 32
 *   netlink_probe veth NAME PEER               a veth pair
 *   netlink_probe master NAME BRIDGE           NAME a port of BRIDGE
 *   netlink_probe mtu NAME MTU
 * Prints the kernel's answer: "0 ok" or "-ERRNO message". With NETLINK_PROBE_SENDMSG set it sends with sendmsg(), as
 * iproute2 does, instead of sendto(), as pyroute2 does.
 */
#include <arpa/inet.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

static char buffer[4096] __attribute__((aligned(4)));
static struct nlmsghdr *request = (struct nlmsghdr *)buffer;

static struct rtattr *put(int type, const void *data, size_t length)
{
    struct rtattr *attribute = (struct rtattr *)(buffer + NLMSG_ALIGN(request->nlmsg_len));
    attribute->rta_type = type;
    attribute->rta_len = RTA_LENGTH(length);
    if (length)
        memcpy(RTA_DATA(attribute), data, length);
    request->nlmsg_len = NLMSG_ALIGN(request->nlmsg_len) + RTA_ALIGN(attribute->rta_len);
    return attribute;
}

static void put_u32(int type, uint32_t value) { put(type, &value, sizeof(value)); }
static void put_string(int type, const char *value) { put(type, value, strlen(value) + 1); }
static struct rtattr *nest(int type) { return put(type, NULL, 0); }
static void end(struct rtattr *nested) { nested->rta_len = (char *)buffer + request->nlmsg_len - (char *)nested; }

static struct ifinfomsg *start(int type, int flags, const char *name)
{
    struct ifinfomsg *link;
    memset(buffer, 0, sizeof(buffer));
    request->nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
    request->nlmsg_type = type;
    request->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
    request->nlmsg_seq = 1;
    link = NLMSG_DATA(request);
    link->ifi_family = AF_UNSPEC;
    if (name)
        put_string(IFLA_IFNAME, name);
    return link;
}

static int index_of(const char *name)
{
    int index = (int)if_nametoindex(name);
    if (index == 0) {
        printf("-19 no such device: %s\n", name);
        exit(0);
    }
    return index;
}

int main(int argc, char **argv)
{
    struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
    struct {
        struct nlmsghdr header;
        struct nlmsgerr error;
        char rest[512];
    } answer;
    struct rtattr *info, *data, *peer;
    struct ifinfomsg *link;
    int fd;

    if (argc < 3)
        return 2;
    if (!strcmp(argv[1], "bridge") && argc == 3) {
        start(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, argv[2]);
        info = nest(IFLA_LINKINFO);
        put_string(IFLA_INFO_KIND, "bridge");
        end(info);
    } else if (!strcmp(argv[1], "bridge-set") && argc == 5) {
        start(RTM_NEWLINK, 0, NULL)->ifi_index = index_of(argv[2]);
        info = nest(IFLA_LINKINFO);
        put_string(IFLA_INFO_KIND, "bridge");
        data = nest(IFLA_INFO_DATA);
        put_u32(IFLA_BR_FORWARD_DELAY, (uint32_t)atoi(argv[3]));
        put_u32(IFLA_BR_STP_STATE, (uint32_t)atoi(argv[4]));
        end(data);
        end(info);
    } else if (!strcmp(argv[1], "vxlan") && argc == 5) {
        uint32_t group = inet_addr("224.0.0.1"), local = inet_addr("192.0.2.1");
        uint16_t port = htons(4789);
        uint8_t ttl = 32, learning = 0;
        int device = index_of(argv[4]);
        start(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, argv[2]);
        info = nest(IFLA_LINKINFO);
        put_string(IFLA_INFO_KIND, "vxlan");
        data = nest(IFLA_INFO_DATA);
        put_u32(IFLA_VXLAN_ID, (uint32_t)atoi(argv[3]));
        put(IFLA_VXLAN_GROUP, &group, sizeof(group));
        put(IFLA_VXLAN_LOCAL, &local, sizeof(local));
        put_u32(IFLA_VXLAN_LINK, (uint32_t)device);
        put(IFLA_VXLAN_PORT, &port, sizeof(port));
        put(IFLA_VXLAN_TTL, &ttl, sizeof(ttl));
        put(IFLA_VXLAN_LEARNING, &learning, sizeof(learning));
        end(data);
        end(info);
    } else if (!strcmp(argv[1], "veth") && argc == 4) {
        struct ifinfomsg peer_link = {.ifi_family = AF_UNSPEC};
        start(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, argv[2]);
        info = nest(IFLA_LINKINFO);
        /* the kind without its terminating NUL, as iproute2 sends it (the others: with it, as pyroute2) */
        put(IFLA_INFO_KIND, "veth", 4);
        data = nest(IFLA_INFO_DATA);
        peer = put(VETH_INFO_PEER, &peer_link, sizeof(peer_link));
        put_string(IFLA_IFNAME, argv[3]);
        end(peer);
        end(data);
        end(info);
    } else if (!strcmp(argv[1], "master") && argc == 4) {
        start(RTM_NEWLINK, 0, NULL)->ifi_index = index_of(argv[2]);
        put_u32(IFLA_MASTER, (uint32_t)index_of(argv[3]));
    } else if (!strcmp(argv[1], "mtu") && argc == 4) {
        link = start(RTM_NEWLINK, 0, NULL);
        link->ifi_index = index_of(argv[2]);
        put_u32(IFLA_MTU, (uint32_t)atoi(argv[3]));
    } else {
        return 2;
    }
    fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (getenv("NETLINK_PROBE_SENDMSG") != NULL) {
        /* as iproute2 sends */
        struct iovec vector = {.iov_base = buffer, .iov_len = request->nlmsg_len};
        struct msghdr message = {.msg_name = &kernel, .msg_namelen = sizeof(kernel), .msg_iov = &vector, .msg_iovlen = 1};
        if (fd < 0 || sendmsg(fd, &message, 0) < 0) {
            perror("sendmsg");
            return 1;
        }
    } else if (fd < 0 || sendto(fd, buffer, request->nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0) {
        perror("send");
        return 1;
    }
    if (recv(fd, &answer, sizeof(answer), 0) < 0 || answer.header.nlmsg_type != NLMSG_ERROR) {
        perror("recv");
        return 1;
    }
    printf("%d %s\n", answer.error.error, answer.error.error ? strerror(-answer.error.error) : "ok");
    close(fd);
    return 0;
}
