#!/usr/bin/env bash
# Filter-heavy and format-heavy runs of `talon inspect -r` beside `sysdig -r` on the large capture (issue 3):
#   (c) one filter of 10 clauses using contains, icontains, in, pmatch, startswith on proc/fd fields
#   (d) a -p format of 14 proc/fd/evt fields printed for every event, to a file
# and prints events/s for both with the ratio Talon/sysdig (target >= 2x). The regex operator is Talon-only
# (libs 0.18; sysdig 0.29.3 rejects it), so it is timed for Talon alone in (e).
#
#   bench/inspect-heavy.sh [fixture] [events]   (defaults: sf-collector__mpm-event_full_capture.scap, 1000000)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${TALON_SHARED:-$root/../shared}
fixture=${1:-$shared/fixtures/scap/sf-collector__mpm-event_full_capture.scap}
target=${2:-1000000}
out=$root/bench/out
mkdir -p "$out"
command -v sysdig >/dev/null || { echo "bench: sysdig not installed (apt-get install sysdig)" >&2; exit 1; }

"$root/talon" build >/dev/null
. "$root/bench/lib.sh"

large_capture "$fixture" "$target"

filter='(proc.name contains http and fd.name contains /etc)
 or (proc.name in (sh, bash, nginx, curl, python) and fd.type = file)
 or fd.name pmatch (/etc, /var/run, /proc/self)
 or (fd.directory in (/tmp, /dev, /usr/lib) and evt.is_io_write = true)
 or proc.cmdline icontains FOREGROUND
 or (fd.sip in (127.0.0.1, 172.17.0.4) and fd.sport in (80, 443, 8080))
 or proc.exe startswith /usr/sbin
 or (fd.filename in (passwd, shadow, group) and evt.type in (open, openat))
 or proc.pname contains runc
 or (fd.l4proto = tcp and fd.name contains "->")'
filter=$(echo "$filter" | tr '\n' ' ')
echo
echo "(c) filter-heavy: 10 clauses (contains, icontains, in, pmatch, startswith)"
compare "$events" "events/s" \
  "sysdig -r $big -p '%evt.num' '$filter' > $out/c.sysdig" \
  "$root/talon inspect -r $big -p '%evt.num' '$filter' > $out/c.talon"
same_output "$out/c.sysdig" "$out/c.talon"

fmt='*%evt.num %evt.time %evt.cpu %proc.name %proc.pid %proc.ppid %thread.tid %evt.dir %evt.type %fd.num %fd.name %fd.type %proc.cmdline %evt.rawres'
echo
echo "(d) format-heavy: $fmt"
compare "$events" "events/s" \
  "sysdig -r $big -p '$fmt' > $out/d.sysdig" \
  "$root/talon inspect -r $big -p '$fmt' > $out/d.talon"
same_output "$out/d.sysdig" "$out/d.talon"

echo
echo "(e) Talon only: proc.name regex '^http' or fd.name regex '^/etc/(passwd|shadow)'"
us=$(best_of_3 "$root/talon inspect -r $big -p '%evt.num' \"proc.name regex '^http' or fd.name regex '^/etc/(passwd|shadow)'\" > $out/e.talon")
awk -v n="$events" -v t="$us" 'BEGIN { printf "    talon  %10.0f events/s  (%.2f s)\n", n / (t / 1e6), t / 1e6 }'
