#!/usr/bin/env bash
# Runs one gate of `make test` in a CPU cgroup of its own, and says how much CPU the gate used.
#
#   hacking/gate-cgroup.sh NAME deploy|beside REPORT COMMAND [ARGUMENTS...]
#
# deploy: the usual weight (1024). beside: the weight of nice 19 (15) and the lowest I/O priority, so that the gate
# takes the CPU the deploy leaves idle instead of an equal share of it.
#
# Why a cgroup and not nice alone: with the kernel's autogroup, the scheduler shares the CPU between sessions first,
# whatever the nice of their processes, and every SSH session into a lab host (sshd starts a session per
# connection) and every daemon started with setsid is a session of its own at the autogroup's nice 0. The light
# scenario's lab hosts, started by a gate beside the deploy, so took an equal share of the CPU from the deploy. A
# cgroup holds every process the gate starts, in whatever session; autogroup does not apply outside the root cgroup.
#
# When the gate's command ends, appends "NAME: CPU <seconds> s" (user and system, every process of the cgroup, the
# lab hosts' daemons too) to REPORT. Without a writable cgroup v1 cpu/cpuacct hierarchy (or cgroup v2 with the cpu
# controller), falls back to nice 19 and the autogroup's nice 19, and reports no CPU figure.
set -u
name=$1 class=$2 report=$3
shift 3
case $class in
    deploy) shares=1024 weight=100;;
    beside) shares=15 weight=1;;
    *) echo "gate-cgroup.sh: class must be deploy or beside, not '$class'" >&2; exit 2;;
esac
case $name in
    ''|*/*|.*) echo "gate-cgroup.sh: bad gate name '$name'" >&2; exit 2;;
esac

mode=""   # where the cgroup's CPU time is read: v1 (cpuacct) or v2 (cpu.stat)
root=/sys/fs/cgroup
if [ -w "$root/cpu/cgroup.procs" ] && [ -w "$root/cpuacct/cgroup.procs" ]; then
    group=multiarch-test/$name
    if mkdir -p "$root/cpu/$group" "$root/cpuacct/$group" 2>/dev/null \
        && echo "$shares" > "$root/cpu/$group/cpu.shares" \
        && echo $$ > "$root/cpu/$group/cgroup.procs" && echo $$ > "$root/cpuacct/$group/cgroup.procs"; then
        mode=v1
    fi
elif [ -f "$root/cgroup.controllers" ] && grep -qw cpu "$root/cgroup.controllers" && [ -w "$root/cgroup.subtree_control" ]; then
    group=multiarch-test/$name
    if echo +cpu > "$root/cgroup.subtree_control" && mkdir -p "$root/$group" \
        && echo +cpu > "$root/multiarch-test/cgroup.subtree_control" && echo "$weight" > "$root/$group/cpu.weight" \
        && echo $$ > "$root/$group/cgroup.procs"; then
        mode=v2
    fi
fi 2>/dev/null

cpu_ns() {
    case $mode in
        v1) cat "$root/cpuacct/$group/cpuacct.usage";;
        v2) echo $(( $(sed -n 's/^usage_usec //p' "$root/$group/cpu.stat") * 1000 ));;
    esac
}

prio=()
if [ "$class" = beside ]; then
    prio=(ionice -c 2 -n 7)
    if [ -z "$mode" ]; then
        echo 19 2>/dev/null > /proc/self/autogroup || true
        prio=(nice -n 19 "${prio[@]}")
    fi
fi

start=$(cpu_ns 2>/dev/null || echo 0)
rc=0
"${prio[@]}" "$@" || rc=$?
if [ -n "$mode" ]; then
    end=$(cpu_ns 2>/dev/null || echo "$start")
    echo "$name: CPU $(( (end - start) / 1000000000 )) s" >> "$report"
fi
exit "$rc"
