#!/usr/bin/env bash
# The deterministic simulator: N nodes of the kernel's protocol on virtual time, one JSON line at the end.
#   sim/run.sh --nodes 100 --topology wan --minutes 10 --seed 1 [--block-time 2] [--rate 10] [--faults none]
# Builds the simulator (and what it is built on) when its jar is missing or older than the sources.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/sim/target/podchain-sim.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$root/sim/src" "$root/kernel/src/main" "$root/core/src/main" -newer "$jar" -type f -print -quit)" ]; then
  (cd "$root" && ./mvnw -B -ntp -q -pl sim -am install -DskipTests) >&2
fi
exec java -Xss4m -XX:+UseParallelGC -jar "$jar" "$@"
