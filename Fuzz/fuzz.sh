#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/targets and runs each for FUZZ_SECONDS (see
# Fuzz/README.md). RStateCore is compiled once, instrumented and with -enable-testing so the
# harnesses reach internal types; each target links it with its harness. Everything goes to
# .build-fuzz/; a crash, a property failure or a hang is written to .build-fuzz/artifacts/
# and makes the run fail.
#   Fuzz/fuzz.sh            build, then run every target (or FUZZ_TARGETS)
#   Fuzz/fuzz.sh build      build only
set -euo pipefail
# Swift's own crash backtracer would race libFuzzer's handler.
export SWIFT_BACKTRACE=enable=no
cd "$(dirname "$0")/.."

SWIFTC=${SWIFTC:-swiftc}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
OUT=.build-fuzz
ALL_TARGETS=$(cd Fuzz/targets && ls *.swift | grep -v '^Support.swift$' | sed 's/\.swift$//')
TARGETS=${FUZZ_TARGETS:-$ALL_TARGETS}
INCLUDES=(-I Sources/CRStateHiredis -I Sources/CRStateOpenSSL -I Sources/CRStateZlib)
LIBS=(-lhiredis -lssl -lcrypto -lz)

# Longest input per target: room for real documents, small enough to stay fast.
max_len() {
  case "$1" in
    url | glob) echo 512 ;;
    tokenizer) echo 2048 ;;
    record | snapshot) echo 16384 ;;
    # Deep nesting (issue 14: 50,000 '[') needs long inputs.
    toml) echo 131072 ;;
    *) echo 4096 ;;
  esac
}

# A dictionary of the format's tokens, where one helps.
dict() {
  case "$1" in
    record | snapshot) echo Fuzz/dict/json.dict ;;
    *) [[ -f Fuzz/dict/$1.dict ]] && echo "Fuzz/dict/$1.dict" ;;
  esac
}

for target in $TARGETS; do
  [[ -f Fuzz/targets/$target.swift ]] || {
    echo "fuzz: no target '$target'; the targets are:" $ALL_TARGETS >&2
    exit 64
  }
done

mkdir -p "$OUT/core"
mapfile -t core_sources < <(find Sources/RStateCore -name '*.swift' | sort)
core=$OUT/core/RStateCore.o
resource=Sources/RStateCore/Namespaces/namespaces.toml
if [[ ! -f $core ]] || [[ -n $(find Sources/RStateCore -newer "$core" -type f | head -1) ]]; then
  # SwiftPM's embedInCode resource, generated the way SwiftPM does.
  {
    echo "struct PackageResources {"
    printf 'static let namespaces_toml: [UInt8] = ['
    od -An -v -tu1 "$resource" | tr -s ' \n' ',' | sed 's/^,//; s/,$//'
    echo "]"
    echo "}"
  } >"$OUT/core/embedded_resources.swift"
  echo "fuzz: compiling RStateCore with -sanitize=fuzzer,address"
  "$SWIFTC" -parse-as-library -module-name RStateCore -swift-version 6 -O -wmo -enable-testing \
    -sanitize=fuzzer,address \
    -enable-upcoming-feature ExistentialAny -enable-upcoming-feature InternalImportsByDefault \
    "${INCLUDES[@]}" -c "${core_sources[@]}" "$OUT/core/embedded_resources.swift" \
    -emit-module -emit-module-path "$OUT/core/RStateCore.swiftmodule" -o "$core.tmp"
  mv "$core.tmp" "$core"
fi

for target in $TARGETS; do
  binary=$OUT/$target
  if [[ ! -x $binary || $core -nt $binary || Fuzz/targets/$target.swift -nt $binary
    || Fuzz/targets/Support.swift -nt $binary ]]; then
    echo "fuzz: linking $target"
    "$SWIFTC" -parse-as-library -module-name "Fuzz_$target" -swift-version 6 -O \
      -sanitize=fuzzer,address -use-ld=lld -I "$OUT/core" "${INCLUDES[@]}" \
      Fuzz/targets/$target.swift Fuzz/targets/Support.swift "$core" "${LIBS[@]}" -o "$binary"
  fi
done

[[ ${1:-} == build ]] && exit 0

failed=()
summary=()
for target in $TARGETS; do
  corpus=$OUT/corpus/$target
  artifacts=$OUT/artifacts/$target
  log=$OUT/logs/$target.log
  mkdir -p "$corpus" "$artifacts" "$OUT/logs"
  echo "fuzz: $target for ${FUZZ_SECONDS}s (log $log)"
  # New inputs go to the first directory (.build-fuzz); the seeds in Fuzz/corpus are read only.
  options=()
  dictionary=$(dict "$target") && options+=(-dict="$dictionary")
  status=0
  "$OUT/$target" "$corpus" "Fuzz/corpus/$target" "${options[@]}" -max_total_time="$FUZZ_SECONDS" \
    -rss_limit_mb=2048 -timeout=10 -max_len="$(max_len "$target")" -print_final_stats=1 \
    -artifact_prefix="$artifacts/" >"$log" 2>&1 || status=$?
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  summary+=("$(printf '%-10s %9s execs/s %12s runs' "$target" "${rate:-?}" "${runs:-?}")")
  if [[ $status -ne 0 ]]; then
    failed+=("$target")
    echo "fuzz: $target FAILED (exit $status); its inputs are in $artifacts:" >&2
    grep -E 'ERROR|fuzz property failed|Fatal error|Test unit written|SUMMARY' "$log" | head -20 >&2 || true
  fi
done
printf '%s\n' "${summary[@]}"
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzz: failures in ${failed[*]}; reproduce with .build-fuzz/TARGET ARTIFACT" >&2
  exit 1
fi
