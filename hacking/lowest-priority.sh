#!/usr/bin/env bash
# Runs a command at the lowest priority: CPU (nice 19, and the same for its autogroup: with the kernel's
# autogroup on, the scheduler shares the CPU between sessions first, whatever the nice of their processes) and
# I/O (best-effort class, lowest level). make test runs the gates beside the deploy so: they take the CPU the
# deploy leaves idle instead of an equal share of it. Run it as the leader of a session of its own (setsid):
# the autogroup's nice applies to every process of the session.
#   setsid hacking/lowest-priority.sh COMMAND [ARGUMENTS...]
set -eu
# without autogroup (or its /proc file), nice alone
echo 19 2>/dev/null > /proc/self/autogroup || true
exec nice -n 19 ionice -c 2 -n 7 "$@"
