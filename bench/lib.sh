# Shared helpers for the bench scripts (sourced).
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA=$JAVA_HOME/bin/java
[ -x "$JAVA" ] || JAVA=$(ls -d /usr/lib/jvm/temurin-25-jdk*/bin/java | head -1)

# best wall-clock seconds of 3 runs of a shell command
best_of_3() {
  local best="" s e t
  for _ in 1 2 3; do
    s=$(date +%s%N); bash -c "$1"; e=$(date +%s%N)
    t=$(( (e - s) / 1000 ))
    if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
  done
  echo "$best"
}

# compare COUNT UNIT SYSDIG_CMD TALON_CMD: prints both rates and the ratio
compare() {
  local n=$1 unit=$2 us_s us_t
  us_s=$(best_of_3 "$3")
  us_t=$(best_of_3 "$4")
  awk -v n="$n" -v s="$us_s" -v t="$us_t" -v u="$unit" 'BEGIN {
    rs = n / (s / 1e6); rt = n / (t / 1e6);
    printf "    sysdig %10.0f %s  (%.2f s)\n", rs, u, s / 1e6;
    printf "    talon  %10.0f %s  (%.2f s)\n", rt, u, t / 1e6;
    printf "    ratio  talon/sysdig = %.2fx\n", rt / rs }'
}

# large_capture FIXTURE EVENTS: builds bench/out/large.scap by repeating FIXTURE's event blocks up to EVENTS,
# reads it once so the page cache is warm for every tool, and sets $big and $events.
large_capture() {
  big=$out/large.scap
  events=$("$JAVA" "$root/bench/MakeLargeCapture.java" "$1" "$big" "$2")
  echo "capture: $big ($events events from $(basename "$1"), $(du -h "$big" | cut -f1))"
  cat "$big" >/dev/null
}

# need_live_tools: the live benchmarks capture with the probe and compile bench/loadgen.c.
need_live_tools() {
  [ "$(id -u)" = 0 ] || { echo "bench: live capture needs root" >&2; exit 1; }
  command -v cc >/dev/null || { echo "bench: cc not found (apt-get install gcc)" >&2; exit 1; }
  command -v bpftool >/dev/null || { echo "bench: bpftool not found (apt-get install bpftool)" >&2; exit 1; }
}

# same_output SYSDIG_OUT TALON_OUT: compares the two outputs after the schema renames documented in
# talon-cli's SysdigDifferentialTest (sysdig 0.29.3's 2022 event table: execve 'pgid' is 'vpgid' now,
# sigreturn is rt_sigreturn, lseek's offset is unsigned), and says whether they are identical or where they differ.
same_output() {
  local s=$1 t=$2
  if cmp -s "$s" "$t" || cmp -s <(perl -Mbigint -pe 's/ pgid=/ vpgid=/; s/ sigreturn / rt_sigreturn /; s/^sigreturn$/rt_sigreturn/;
      s/( offset=)-(\d+)/$1 . (2**64 - $2)/e' "$s") "$t"; then
    echo "    outputs identical ($(wc -l < "$t") lines, after the documented schema renames)"
  else
    echo "    OUTPUTS DIFFER: diff $s $t"
  fi
}
