#!/usr/bin/env bash
# The lab's cache of downloaded Debian packages: what one lab host's apt downloaded, the next lab host
# of that architecture finds in its own /var/cache/apt/archives and does not download again. apt checks
# each file it finds there against the size and hashes of its signed indexes, as it checks a download.
# Files are hard links where the cache and the lab are on one file system (copies otherwise).
#
#   deb-cache.sh seed ROOT CACHE DEB_ARCH  put the cached packages of DEB_ARCH (and architecture "all")
#                                          into ROOT's apt archive
#   deb-cache.sh keep ROOT CACHE DAYS      keep what ROOT's apt archive holds of the packages installed in
#                                          ROOT (their modification time, in the cache, says when a lab
#                                          last installed them); then remove the cached packages no lab
#                                          installed for DAYS days
# Prints "changed" when it linked, copied or removed a file, "unchanged" otherwise.
set -euo pipefail

changed=0

# link (or copy) FILE to TARGET through a name of this process's own: two labs may write one file at once
put() {
    local file=$1 target=$2
    ln "$file" "$target.$$" 2>/dev/null || cp "$file" "$target.$$"
    mv -f "$target.$$" "$target"
    changed=1
}

command=${1:-} root=${2:-} cache=${3:-}
case $command in
seed)
    deb_arch=$4
    archive=$root/var/cache/apt/archives
    [ -d "$archive" ] || { echo "no apt archive at $archive" >&2; exit 1; }
    if [ -d "$cache" ]; then
        for file in "$cache"/*_"$deb_arch".deb "$cache"/*_all.deb; do
            [ -f "$file" ] || continue
            [ -e "$archive/${file##*/}" ] || put "$file" "$archive/${file##*/}"
        done
    fi
    ;;
keep)
    days=$4
    case $days in ''|*[!0-9]*|0) echo "DAYS must be a whole number of days, 1 or more: $days" >&2; exit 2;; esac
    mkdir -p "$cache"
    archive=$root/var/cache/apt/archives
    status=$root/var/lib/dpkg/status
    if [ -d "$archive" ] && [ -f "$status" ]; then
        # the file names apt gives the installed packages: NAME_VERSION_ARCH.deb, the epoch's colon as %3a
        while read -r name; do
            file=$archive/$name.deb
            [ -f "$file" ] || continue
            if [ ! "$file" -ef "$cache/$name.deb" ] && ! cmp -s "$file" "$cache/$name.deb"; then
                put "$file" "$cache/$name.deb"
            fi
            touch -c "$cache/$name.deb"
        done < <(awk -v RS= -F '\n' '
            /\nStatus: install ok installed(\n|$)/ {
                name = version = arch = ""
                for (i = 1; i <= NF; i++) {
                    if ($i ~ /^Package: /) name = substr($i, 10)
                    else if ($i ~ /^Version: /) version = substr($i, 10)
                    else if ($i ~ /^Architecture: /) arch = substr($i, 15)
                }
                gsub(/:/, "%3a", version)
                if (name != "" && version != "" && arch != "") print name "_" version "_" arch
            }' "$status")
    fi
    while read -r stale; do
        rm -f "$stale"
        changed=1
    done < <(find "$cache" -maxdepth 1 -name '*.deb' -type f -mtime +"$((days - 1))")
    ;;
*)
    echo "usage: $0 seed ROOT CACHE DEB_ARCH | keep ROOT CACHE DAYS" >&2
    exit 2
    ;;
esac
if [ "$changed" = 1 ]; then echo changed; else echo unchanged; fi
