/*
 * bridge_probe.c: asks for one bridge port change with the ioctl libvirtd uses, and prints the answer.
 *   bridge_probe add|del BRIDGE PORT   prints "0 ok" or "-1 <strerror>"
 * Copyright (c) 2026 multiarch.openstack contributors
 * Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
 */
#include <errno.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
int main(int argc, char **argv) {
    struct ifreq ifr; int fd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&ifr, 0, sizeof ifr); strncpy(ifr.ifr_name, argv[2], IFNAMSIZ - 1);
    ifr.ifr_ifindex = if_nametoindex(argv[3]);
    int r = ioctl(fd, strcmp(argv[1], "add") == 0 ? SIOCBRADDIF : SIOCBRDELIF, &ifr);
    printf("%d %s\n", r, r ? strerror(errno) : "ok"); return r != 0;
}
