#!/usr/bin/env bash
# Times `talon inspect -r` against `sysdig -r` on one large capture, in the same run:
#   (a) a filter that matches little:   evt.type=open and fd.name contains /etc
#   (b) the full default output to a file
# and prints events/s for both tools with the ratio Talon/sysdig.
#
#   bench/inspect.sh [fixture] [events]     (defaults: sf-collector__mpm-event_full_capture.scap, 1000000)
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

filter='evt.type=open and fd.name contains /etc'
echo
echo "(a) filter: $filter"
compare "$events" "events/s" \
  "sysdig -r $big '$filter' > $out/a.sysdig" \
  "$root/talon inspect -r $big '$filter' > $out/a.talon"
same_output "$out/a.sysdig" "$out/a.talon"

echo
echo "(b) full default output to a file"
lines=$(sysdig -r "$big" | tee "$out/b.sysdig" | wc -l)
compare "$lines" "lines/s" \
  "sysdig -r $big > $out/b.sysdig" \
  "$root/talon inspect -r $big > $out/b.talon"
same_output "$out/b.sysdig" "$out/b.talon"
