#!/usr/bin/env bash
# fe-backup build entry point. Commands:
#   ./build.sh [build]        install dependencies, configure and build (build/)
#   ./build.sh deps           install every Debian/npm package the project needs (idempotent)
#   ./build.sh test [--asan]  build, run every ctest test, then the fuzz smoke (20 s per target)
#   ./build.sh fuzz [SECS]    longer fuzz runs (default 600 s per target)
#   ./build.sh bench          build Release and run the benchmarks (not part of the tests)
#   ./build.sh demo [stop]    start a local cluster (1 fe + 3 be) and run the documented examples
#   ./build.sh clean          remove build directories
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
JOBS=${JOBS:-$(nproc)}

APT_PACKAGES=(
  cmake ninja-build pkg-config g++ clang lld
  antlr4 libantlr4-runtime-dev uuid-dev default-jre-headless
  thrift-compiler libthrift-dev libboost-dev libevent-dev
  libgoogle-glog-dev libgflags-dev libgtest-dev libgmock-dev libbenchmark-dev
  libssl-dev libsqlite3-dev nlohmann-json3-dev libcurl4-openssl-dev libcpp-httplib-dev
  mariadb-client python3 python3-pymysql python3-pytest libmariadb-java
  mariadb-server
  libxml2-dev awscli python3-botocore nodejs
)
# The S3 test server (npm, pinned), installed into a git-ignored folder of the checkout.
S3RVER_VERSION=3.7.1
S3RVER_DIR=$ROOT/tools/s3

log() { printf '[build.sh] %s\n' "$*" >&2; }

cmd_deps() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    log "installing: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  local have
  have=$(node -p "require('$S3RVER_DIR/node_modules/s3rver/package.json').version" 2>/dev/null || true)
  if [ "$have" != "$S3RVER_VERSION" ]; then
    command -v npm >/dev/null || { log "npm is missing (it comes with node 20 on the project image)"; exit 1; }
    log "installing s3rver@$S3RVER_VERSION into tools/s3"
    mkdir -p "$S3RVER_DIR"
    (cd "$S3RVER_DIR" && npm install --no-audit --no-fund --no-save --prefix . "s3rver@$S3RVER_VERSION" >/dev/null)
  fi
}

configure() {  # configure DIR [cmake args...]
  local dir=$1; shift
  if [ ! -f "$dir/build.ninja" ]; then
    cmake -S "$ROOT" -B "$dir" -G Ninja "$@" >/dev/null
  fi
}

cmd_build() {
  cmd_deps
  local type=${BUILD_TYPE:-RelWithDebInfo}
  configure build -DCMAKE_BUILD_TYPE="$type"
  cmake --build build -j "$JOBS"
}

build_asan() {
  cmd_deps
  configure build-asan -DCMAKE_BUILD_TYPE=Debug -DFEB_ASAN=ON
  cmake --build build-asan -j "$JOBS"
}

build_fuzz() {
  cmd_deps
  configure build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFEB_FUZZ=ON \
    -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++
  cmake --build build-fuzz -j "$JOBS" --target fuzz_targets
}

fuzz_one() {  # fuzz_one TARGET SECONDS: one fuzz target; build-fuzz/<name>.log and .rc
  local f=$1 secs=$2 rc=0
  local name; name=$(basename "$f")
  local seeds="$ROOT/test/fuzz/corpus/${name%_fuzz}"
  local corpus="build-fuzz/corpus/$name"
  mkdir -p "$corpus"
  "$f" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    "$corpus" $( [ -d "$seeds" ] && echo "$seeds" ) > "build-fuzz/$name.log" 2>&1 || rc=$?
  echo "$rc" > "build-fuzz/$name.rc"
}

run_fuzz() {  # run_fuzz SECONDS: every target, $JOBS at a time (each fuzzer is one process)
  local secs=$1 failed=0 running=0
  local -a targets=()
  mkdir -p build-fuzz/corpus
  for f in build-fuzz/fuzz/*_fuzz; do [ -x "$f" ] && targets+=("$f"); done
  for f in "${targets[@]}"; do
    rm -f "build-fuzz/$(basename "$f").rc"
    if [ "$running" -ge "$JOBS" ]; then wait -n || true; running=$((running - 1)); fi
    log "fuzz $(basename "$f") for ${secs}s"
    fuzz_one "$f" "$secs" &
    running=$((running + 1))
  done
  wait || true
  for f in "${targets[@]}"; do
    local name; name=$(basename "$f")
    if [ "$(cat "build-fuzz/$name.rc" 2>/dev/null)" != 0 ]; then
      log "FUZZ FAILURE in $name:"; tail -n 60 "build-fuzz/$name.log" >&2; failed=1
    else
      grep -E '^stat::number_of_executed_units' "build-fuzz/$name.log" | sed "s/^/[$name] /" >&2 || true
    fi
  done
  return $failed
}

cmd_test() {
  local dir=build
  if [ "${1:-}" = "--asan" ]; then build_asan; dir=build-asan; else cmd_build; fi
  (cd "$dir" && ctest --output-on-failure -j "$JOBS" --timeout 600)
  build_fuzz
  run_fuzz "${FUZZ_SECONDS:-20}"
}

cmd_bench() {
  cmd_deps
  configure build-bench -DCMAKE_BUILD_TYPE=Release -DFEB_BENCH=ON
  cmake --build build-bench -j "$JOBS"
  local any=0
  for b in build-bench/bench/*_bench; do
    [ -x "$b" ] || continue
    any=1; log "bench $(basename "$b")"; "$b"
  done
  for s in test/bench/*.sh; do
    [ -x "$s" ] || continue
    any=1; log "bench $(basename "$s")"; BUILD_DIR="$ROOT/build-bench" "$s"
  done
  [ $any = 1 ] || log "no benchmarks built"
}

cmd_demo() {
  if [ -x scripts/demo.sh ]; then
    [ "${1:-}" = stop ] || cmd_build
    exec scripts/demo.sh "$@"
  fi
  echo "demo: not yet available (the backup module end to end is issue 5)." >&2
  exit 2
}

case "${1:-build}" in
  deps)  cmd_deps ;;
  build) cmd_build ;;
  test)  shift; cmd_test "$@" ;;
  fuzz)  build_fuzz; run_fuzz "${2:-600}" ;;
  bench) cmd_bench ;;
  demo)  shift; cmd_demo "$@" ;;
  clean) rm -rf build build-asan build-fuzz build-bench ;;
  -h|--help|help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) echo "unknown command: $1 (see ./build.sh --help)" >&2; exit 2 ;;
esac
