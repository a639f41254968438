#!/usr/bin/env bash
# Give an emulated lab userland the lab machine's own builds of the tools qemu-user cannot run, or
# runs slowest.
#
#   native-tools.sh ROOT NATIVE_DEB_ARCH
#
# - netfilter: qemu-user translates only some netlink protocols (route, audit, uevent), not
#   netfilter's: the emulated iptables-nft, ebtables-nft (xtables-nft-multi), ipset and conntrack
#   fail, and neutron's linuxbridge agent with them.
# - byte-compilation: Debian's Python packages byte-compile every module when installed
#   (py3compile), which under qemu-user is most of a compute host's install time. A .pyc does not
#   depend on the architecture, only on the Python version: the native interpreter of the same
#   version writes the same files, about 9 times faster. Debian's script also asks the interpreter
#   for its magic number and cache tag (twice per package): the native one answers for it, since both
#   depend on the version alone.
# - unpacking: dpkg extracts every package through dpkg-deb (xz and zstd decompression, the most
#   CPU of an install after byte-compilation): the native dpkg-deb of the same dpkg version reads
#   and writes the same bytes (it only decompresses and extracts; dpkg, which decides, stays the
#   emulated one).
# ROOT gets the native programs unpacked under /usr/local/lib/multiarch-lab/native, their
# libraries installed as packages of NATIVE_DEB_ARCH (dpkg multiarch, co-installable), and the
# emulated programs diverted (dpkg-divert) so that packages installed later keep using them. The
# kernel runs the native programs beside the emulated userland; everything else the deploy runs
# there stays the emulated architecture's. A lab shortcut: real hosts run their own tools natively.
# Prints "changed" or "unchanged".
set -euo pipefail

root=$1 native=$2
native_dir=/usr/local/lib/multiarch-lab/native
python=$(readlink "$root/usr/bin/python3")   # python3.11 (bookworm), python3.13 (trixie)
python=${python##*/}
packages=(iptables ipset conntrack dpkg "$python-minimal")
programs=(xtables-nft-multi ipset conntrack dpkg-deb)

if [ -f "$root$native_dir/.complete" ]; then
    echo unchanged
    exit 0
fi

in_root() { chroot "$root" env DEBIAN_FRONTEND=noninteractive LC_ALL=C "$@"; }

in_root dpkg --add-architecture "$native"
in_root apt-get -q update >&2
# the libraries the native programs need: their dependencies that are co-installable (Multi-Arch: same)
libraries=()
while read -r dep; do
    # read all of apt-cache's output first: grep -q would end the pipe early, failing it under pipefail
    show=$(in_root apt-cache show "$dep:$native" 2>/dev/null || true)
    if grep -qx 'Multi-Arch: same' <<< "$show"; then
        libraries+=("$dep:$native")
    fi
done < <(in_root apt-cache depends --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces \
             --no-enhances "${packages[@]/%/:$native}" \
         | sed -n 's/^ *\(Pre\)\{0,1\}Depends: \([^ <>]*\)$/\2/p' | sed "s/:$native\$//" | sort -u)
in_root apt-get -q install -y --no-install-recommends "${libraries[@]}" >&2

rm -rf "$root$native_dir"
mkdir -p "$root$native_dir/debs"
in_root sh -c "cd $native_dir/debs && apt-get -q download ${packages[*]/%/:$native}" >&2
for deb in "$root$native_dir"/debs/*.deb; do
    dpkg-deb -x "$deb" "$root$native_dir"
done

divert() {
    # divert PATH: the emulated program moves to PATH.emulated (now, or when a package installs it)
    in_root dpkg-divert --local --rename --divert "$1.emulated" --add "$1" >&2
}

# netfilter: the native programs in place of the emulated ones, and iptables' extensions where it looks
for program in "${programs[@]}"; do
    path=$(cd "$root$native_dir" && find . -path "*bin/$program" \( -type f -o -type l \) | head -n1)
    if [ -z "$path" ]; then
        echo "no $program in ${packages[*]} of $native" >&2
        exit 1
    fi
    path=${path#.}
    divert "$path"
    ln -sfn "$native_dir$path" "$root$path"
done
xtables=$(cd "$root$native_dir" && find . -type d -path './usr/lib/*/xtables' | head -n1)
xtables=${xtables#.}
if [ -z "$xtables" ]; then
    echo "no xtables extensions in iptables of $native" >&2
    exit 1
fi
mkdir -p "$root$(dirname "$xtables")"
ln -sfn "$native_dir$xtables" "$root$xtables"

# dpkg-deb: the native one unpacks a package as the emulated one would (the same file list)
probe_deb=$(cd "$root" && find "${native_dir#/}/debs" -name 'conntrack_*.deb' | head -n1)
emulated_list=$(in_root /usr/bin/dpkg-deb.emulated --fsys-tarfile "/$probe_deb" | tar -t)
native_list=$(in_root /usr/bin/dpkg-deb --fsys-tarfile "/$probe_deb" | tar -t)
if [ -z "$native_list" ] || [ "$native_list" != "$emulated_list" ]; then
    echo "the native dpkg-deb does not unpack $probe_deb as the emulated one does" >&2
    exit 1
fi
rm -rf "$root$native_dir/debs"

# byte-compilation: Debian's py3compile, run by the native interpreter, which also stands in for the
# emulated one it starts to compile ("/usr/bin/python3.X -m py_compile -"); it reads the userland's
# own standard library (the same version, pure Python where it matters)
if [ ! -x "$root$native_dir/usr/bin/$python" ]; then
    echo "no native $python" >&2
    exit 1
fi
divert /usr/bin/py3compile
cat > "$root/usr/bin/py3compile" <<WRAPPER
#!/bin/sh
# multiarch.openstack lab: byte-compile with the lab machine's own $python (see native-tools.sh)
exec $native_dir/usr/bin/$python -c '
import runpy, subprocess, sys
emulated = "/usr/bin/$python"
class Popen(subprocess.Popen):
    def __init__(self, args, *rest, **kwargs):
        # by path (compiling) or by name (asking for the magic number and tag)
        if isinstance(args, (list, tuple)) and args and args[0] in (emulated, "$python"):
            args = [sys.executable] + list(args[1:])
        super().__init__(args, *rest, **kwargs)
subprocess.Popen = Popen
sys.argv[0] = "/usr/bin/py3compile"
runpy.run_path("/usr/bin/py3compile.emulated", run_name="__main__")
' "\$@"
WRAPPER
chmod 0755 "$root/usr/bin/py3compile"
# the wrapper works: it byte-compiles a module as the emulated interpreter would
probe=$(mktemp -d "$root/tmp/native-tools.XXXXXX")
echo 'VALUE = 42' > "$probe/probe.py"
in_root /usr/bin/py3compile "${probe#"$root"}" >&2
ls "$probe"/__pycache__/probe.cpython-*.pyc >/dev/null
in_root "/usr/bin/$python" -c "import sys; sys.path.insert(0, '${probe#"$root"}'); import probe; assert probe.VALUE == 42"
# and the emulated interpreter would have answered what the native one answers for it
for question in 'import sys; print(sys.implementation.cache_tag)' 'import importlib.util; print(importlib.util.MAGIC_NUMBER)'; do
    emulated=$(in_root "/usr/bin/$python" -W ignore -c "$question")
    native=$(in_root "$native_dir/usr/bin/$python" -W ignore -c "$question")
    if [ "$emulated" != "$native" ]; then
        echo "the native $python answers '$question' with $native, the emulated one with $emulated" >&2
        exit 1
    fi
done
rm -rf "$probe"

touch "$root$native_dir/.complete"
echo changed
