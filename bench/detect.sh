#!/usr/bin/env bash
# Cost of rule evaluation on a large capture: the same capture read by
#   (a) talon inspect -r BIG 'evt.type=none'      reading + state + a filter that matches nothing
#   (b) talon detect -r BIG -R empty rules       the detect loop (state, numbering) with no rules
#   (c) talon detect -r BIG                       the bundled Falco stable rules (24 bound of 25)
#   (d) talon detect -r BIG -R stable+incubating+sandbox (rule_matching: all)
#   (e) sysdig -r BIG 'proc.name=talon-none'            the oracle reading the same file
# Best of 3 wall-clock runs each (for (c) and (d), with the rules cache filled by the first run, as at every
# start after the first with the same rules; TALON_RULES_CACHE=off measures without it); events/s and the
# overhead of (c), (d) over (a) and (b).
# Target (issue 5): evaluating all stable rules costs at most 20% over reading alone.
#
#   bench/detect.sh [fixture] [events]     (defaults: sf-collector__mpm-event_full_capture.scap, 3000000)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${TALON_SHARED:-$root/../shared}
fixture=${1:-$shared/fixtures/scap/sf-collector__mpm-event_full_capture.scap}
target=${2:-3000000}
out=$root/bench/out
mkdir -p "$out"

[ -n "${TALON_SKIP_BUILD:-}" ] || "$root/talon" build >/dev/null
. "$root/bench/lib.sh"
# through the launcher, as users run it (its JVM options and the AOT cache beside the jar)
talon=$root/talon

large_capture "$fixture" "$target"
printf -- '- required_engine_version: 0.57.0\n' > "$out/empty_rules.yaml"
quiet="-o stdout_output.enabled=false -o syslog_output.enabled=false"
rules=$shared/rules

run() { # label command -> prints rate, stores microseconds in $last
  last=$(best_of_3 "$2 >/dev/null 2>>$out/detect.err")
  awk -v n="$events" -v t="$last" -v l="$1" 'BEGIN { printf "  %-44s %10.0f events/s  (%.2f s)\n", l, n / (t / 1e6), t / 1e6 }'
}
: > "$out/detect.err"
run "(a) inspect, filter matching nothing" "$talon inspect -r $big 'evt.type=none'"; a=$last
run "(a') inspect, proc.name=talon-none" "$talon inspect -r $big 'proc.name=talon-none'"
run "(b) detect, no rules" "$talon detect -r $big -R $out/empty_rules.yaml $quiet"; b=$last
run "(c) detect, stable rules" "$talon detect -r $big $quiet"; c=$last
run "(d) detect, all three files, rule_matching all" "$talon detect -r $big -R $rules/falco_rules.yaml -R $rules/falco-incubating_rules.yaml -R $rules/falco-sandbox_rules.yaml -o rule_matching=all $quiet"; d=$last
if command -v sysdig >/dev/null; then
  run "(e) sysdig, filter matching nothing" "sysdig -r $big 'proc.name=talon-none'"; e=$last
fi
awk -v a="$a" -v b="$b" -v c="$c" -v d="$d" 'BEGIN {
  printf "stable rules: +%.1f%% over (a) reading alone, +%.1f%% over (b) the detect loop without rules\n", (c / a - 1) * 100, (c / b - 1) * 100;
  printf "all 93 rules: +%.1f%% over (a), +%.1f%% over (b)\n", (d / a - 1) * 100, (d / b - 1) * 100 }'
grep -h 'Events detected\|Events processed' "$out/detect.err" | sort | uniq -c | sed 's/^/  (per run) /'
