#!/usr/bin/env bash
# Live overhead of detection on the load generator (bench/loadgen.c: open/read/close in a loop):
#   (a) alone,
#   (b) under `talon detect -R <empty rules>` (probe + /proc scan + state, no rule evaluated),
#   (c) under `talon detect` (the bundled Falco stable rules; the loop's opens are candidates of 7 rules).
# Reports the loop's iterations/s (wall and own CPU), the slowdown against (a), events read and drops
# (from talon's "Syscall event drop monitoring" summary). ROUNDS rounds, alternating with a baseline;
# medians reported.
#
#   sudo bench/detect-live.sh [SECONDS] [ROUNDS]   (defaults 5 and 3; root, BTF, cc, bpftool)
#   TALON_SKIP_BUILD=1 uses talon-cli/target/talon.jar as it is.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-5}
rounds=${2:-3}
out=$root/bench/out
mkdir -p "$out"
. "$root/bench/lib.sh"
need_live_tools
[ -n "${TALON_SKIP_BUILD:-}" ] || "$root/talon" build >/dev/null
jar=$root/talon-cli/target/talon.jar
# exec: the background job's pid is the JVM's, so SIGTERM reaches it (and its summary gets written)
talon_bg() { exec "$JAVA" --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC -jar "$jar" "$@"; }
cc -O2 -o "$out/loadgen" "$root/bench/loadgen.c"
printf -- '- required_engine_version: 0.57.0\n' > "$out/empty_rules.yaml"
quiet=(-o stdout_output.enabled=false -o syslog_output.enabled=false)

field() { awk -v k="$1" '{ for (i = 1; i < NF; i++) if ($i == k) print $(i + 1) }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

wait_started() { # pid errfile
  for _ in $(seq 1 300); do
    kill -0 "$1" 2>/dev/null || { echo "bench: talon exited early:" >&2; cat "$2" >&2; exit 1; }
    grep -q 'live detection started' "$2" && { sleep 1; return; }
    sleep 0.1
  done
  echo "bench: talon did not start within 30 s" >&2; exit 1
}

run_under() { # LABEL TALON_ARGS...
  local label=$1; shift
  : >"$out/d-$label.runs"
  for r in $(seq 1 "$rounds"); do
    "$out/loadgen" "$secs" >>"$out/d-base.runs"
    talon_bg detect "${quiet[@]}" "$@" 2>"$out/d-$label.err.$r" &
    local tp=$!
    wait_started "$tp" "$out/d-$label.err.$r"
    "$out/loadgen" "$secs" >>"$out/d-$label.runs"
    kill -TERM "$tp"; wait "$tp" || true
  done
}

: >"$out/d-base.runs"
printf 'load: open/read/close loop, %s s x %s rounds, %s CPUs, kernel %s, load average %s\n\n' \
  "$secs" "$rounds" "$(nproc)" "$(uname -r)" "$(cut -d' ' -f1-3 /proc/loadavg)"
run_under norules -R "$out/empty_rules.yaml"
run_under stable

bw=$(field per_second <"$out/d-base.runs" | median)
bc=$(field per_cpu_second <"$out/d-base.runs" | median)
printf '(a) alone                      %9.0f it/s wall  %9.0f it/s CPU\n' "$bw" "$bc"
report() { # LABEL TITLE
  local w c ev d
  w=$(field per_second <"$out/d-$1.runs" | median)
  c=$(field per_cpu_second <"$out/d-$1.runs" | median)
  ev=$(cat "$out/d-$1".err.* | sed -n 's/^Events processed: //p' | median)
  d=$(cat "$out/d-$1".err.* | sed -n 's/.*dropped: \([0-9]*\).*/\1/p' | awk '{ s += $1 } END { print s + 0 }')
  awk -v l="$2" -v w="$w" -v c="$c" -v bw="$bw" -v bc="$bc" -v ev="$ev" -v d="$d" 'BEGIN {
    printf "%s %9.0f it/s wall  %9.0f it/s CPU  slowdown %5.1f%% wall %5.1f%% CPU; events %d per run, drops %d (all rounds)\n",
      l, w, c, (bw - w) / bw * 100, (bc - c) / bc * 100, ev, d }'
}
report norules "(b) detect, no rules          "
report stable  "(c) detect, stable rules      "
