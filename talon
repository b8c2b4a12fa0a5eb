#!/usr/bin/env bash
# Talon launcher: finds JDK 25, installs the Debian build packages it needs, builds on first use
# (or when a source is newer than the jar), then runs the CLI.
#   ./talon test          run the whole test suite
#   ./talon build         (re)build without running anything
#   ./talon <command> ... run a Talon command (inspect, detect, ...)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
jar="$root/talon-cli/target/talon.jar"

die() { echo "talon: $*" >&2; exit 1; }

# the JDK's release file names its version; asking the JVM itself costs a JVM start (~0.1 s) on every run
java_major() {
  local v=""
  [ -r "$1/release" ] && v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release")
  [ -n "$v" ] || v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  echo "$v"
}

find_jdk() {
  local c
  for c in ${JAVA_HOME:-} /usr/lib/jvm/temurin-25-jdk* /usr/lib/jvm/*-25-* /usr/lib/jvm/jdk-25*; do
    [ -n "$c" ] && [ -x "$c/bin/javac" ] && [ "$(java_major "$c")" = 25 ] && { echo "$c"; return; }
  done
  return 1
}

JAVA_HOME=$(find_jdk) || die "JDK 25 not found: install Temurin 25 under /usr/lib/jvm or set JAVA_HOME to a JDK 25"
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"

# Debian packages the build needs, each with a file or command that proves it is installed.
build_packages='
maven mvn
clang clang
llvm llvm-strip
libbpf-dev /usr/include/bpf/bpf_helpers.h
bpftool bpftool
libelf-dev /usr/include/libelf.h
zlib1g-dev /usr/include/zlib.h'
# The tests also compare Talon with Debian's sysdig 0.29.3, the oracle for capture files.
test_packages='
sysdig sysdig'

# need_packages LIST [apt-get options...]: installs the packages of LIST that are missing.
need_packages() {
  local list=$1 missing=() pkg probe
  shift
  while read -r pkg probe; do
    [ -z "$pkg" ] && continue
    [ -e "$probe" ] || command -v "$probe" >/dev/null 2>&1 || missing+=("$pkg")
  done <<<"$list"
  [ ${#missing[@]} -eq 0 ] && return
  if [ "$(id -u)" != 0 ]; then
    die "missing packages: ${missing[*]} (run as root, or: apt-get install ${missing[*]})"
  fi
  echo "talon: installing packages: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 && apt-get install -y -qq "$@" "${missing[@]}" >&2 \
    || die "apt-get could not install: ${missing[*]}"
}

mvn_() { (cd "$root" && mvn -B -q -Dstyle.color=never "$@"); }

stale() {
  [ -f "$jar" ] || return 0
  [ -n "$(cd "$root" && find . -path ./bench -prune -o -path '*/target' -prune -o \
      \( -name '*.java' -o -name pom.xml -o -name '*.c' -o -name '*.h' -o -name '*.sh' -o -path '*/src/main/resources/*' \) \
      -newer "$jar" -print -quit)" ]
}

build() {
  need_packages "$build_packages"
  echo "talon: building (first use or sources changed)..." >&2
  mvn_ -DskipTests package >&2 || die "build failed"
}

case "${1:-}" in
  test)
    shift
    need_packages "$build_packages"
    need_packages "$test_packages" --no-install-recommends
    cd "$root" && exec mvn -B -Dstyle.color=never verify "$@"
    ;;
  build)
    build
    ;;
  *)
    stale && build
    # the build leaves a JVM AOT cache beside the jar (classes pre-linked, method profiles): use it when it is
    # as new as the jar; the JVM ignores a stale or unreadable one, silently
    # (talon detect has one of its own, trained on detection alone: see AotTraining)
    aot=()
    cache="${jar%.jar}.aot"
    [ "${1:-}" = detect ] && [ -f "${jar%.jar}-detect.aot" ] && cache="${jar%.jar}-detect.aot"
    [ -f "$cache" ] && ! [ "$jar" -nt "$cache" ] && aot=(-XX:AOTCache="$cache")
    # file names and arguments reach Java decoded by the locale: without one (root shells often have none)
    # a non-ASCII name would come through as '?', with UTF-8 its bytes come back exactly
    [ -n "${LC_ALL:-}${LC_CTYPE:-}${LANG:-}" ] || export LC_CTYPE=C.UTF-8
    # snakeyaml parses the rules files once, at start-up: compiled only after 100 times the usual number of calls,
    # its JIT work (0.36 s of C1 and C2 time on a run of the stable rules, queued ahead of the event loop's) no
    # longer delays the hot code's; talon detect -r on 3M events: median 0.85 -> 0.78 s (bench/DETECT.md)
    exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC -Xlog:aot=off -Xlog:cds=off \
      -XX:CompileCommand=quiet -XX:CompileCommand=CompileThresholdScaling,org.snakeyaml.*::*,100.0 \
      "${aot[@]}" -jar "$jar" "$@"
    ;;
esac
