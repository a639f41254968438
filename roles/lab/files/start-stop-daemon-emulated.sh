#!/bin/sh
# start-stop-daemon of a multiarch.openstack lab host that runs under qemu-user; the real one is
# diverted to /usr/sbin/start-stop-daemon.lab-real (/sbin is /usr/sbin in merged-/usr userlands).
# Under qemu-user, /proc/PID/exe of every daemon is the emulator, so --exec never matches a running
# daemon: `stop` and `status` miss it and `start` runs a second one. When a pid file is given, match
# by the pid file alone: --exec becomes the program to start (--startas) and no longer a criterion.
# Without a pid file, nothing changes.
real=/usr/sbin/start-stop-daemon.lab-real
pidfile=no
startas=no
for arg in "$@"; do
    case $arg in
        --) break ;;
        -p | --pidfile | --pidfile=*) pidfile=yes ;;
        -a | --startas | --startas=*) startas=yes ;;
    esac
done
[ "$pidfile" = yes ] || exec "$real" "$@"

count=$#
done_options=no
while [ "$count" -gt 0 ]; do
    arg=$1
    shift
    count=$((count - 1))
    if [ "$done_options" = yes ]; then
        set -- "$@" "$arg"
        continue
    fi
    case $arg in
        --)
            done_options=yes
            set -- "$@" "$arg"
            ;;
        -x | --exec)
            program=$1
            shift
            count=$((count - 1))
            if [ "$startas" = no ]; then set -- "$@" --startas "$program"; fi
            ;;
        --exec=*)
            if [ "$startas" = no ]; then set -- "$@" --startas "${arg#--exec=}"; fi
            ;;
        *)
            set -- "$@" "$arg"
            ;;
    esac
done
exec "$real" "$@"
