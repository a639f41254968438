#!/bin/sh
# Start or stop a libvirtd for the integration tests, on machines with or without systemd.
# Usage: libvirtd.sh start|stop
# "start" leaves an already running libvirtd alone and records nothing; "stop" only stops a
# libvirtd that "start" launched (its pid is in $STATE).
set -eu
STATE=${LIBVIRTD_TEST_STATE:-/run/multiarch-openstack-test-libvirtd.pid}
SOCK=/run/libvirt/libvirt-sock

case "${1:-}" in
start)
    if [ -S "$SOCK" ] && virsh -c qemu:///system version --daemon >/dev/null 2>&1; then
        echo "libvirtd already running; using it"
        exit 0
    fi
    # What libvirt-daemon-system's maintainer scripts would create.
    getent group kvm >/dev/null || groupadd --system kvm
    getent group libvirt-qemu >/dev/null || groupadd --system libvirt-qemu
    id libvirt-qemu >/dev/null 2>&1 || useradd --system --gid kvm --home-dir /var/lib/libvirt \
        --no-create-home --shell /usr/sbin/nologin libvirt-qemu
    mkdir -p /var/log/libvirt /var/lib/libvirt /var/cache/libvirt /run/libvirt
    libvirtd --daemon --pid-file "$STATE"
    i=0
    until virsh -c qemu:///system version --daemon >/dev/null 2>&1; do
        i=$((i + 1))
        if [ "$i" -gt 60 ]; then
            echo "libvirtd did not answer within 30s; last log lines:" >&2
            tail -n 20 /var/log/libvirt/libvirtd.log >&2 || true
            exit 1
        fi
        sleep 0.5
    done
    echo "libvirtd started (pid $(cat "$STATE"))"
    ;;
stop)
    if [ -f "$STATE" ]; then
        pid=$(cat "$STATE")
        kill "$pid" 2>/dev/null || true
        i=0
        while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 40 ]; do i=$((i + 1)); sleep 0.25; done
        rm -f "$STATE"
        echo "libvirtd stopped"
    fi
    ;;
*)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
