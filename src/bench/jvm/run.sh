#!/usr/bin/env bash
# One node on a given JVM, for comparing JVMs (docs/benchmarks.md). The node listens on 127.0.0.50 only.
#   src/bench/jvm/run.sh start LABEL JAVA [JVM options...]
#       start to ready of the node restarting on its data (as a pod restarts), and its resident memory then;
#       TRAIN=1 adds a short training load before stopping (for -XX:AOTCacheOutput)
#   src/bench/jvm/run.sh first-minute LABEL JAVA [JVM options...]
#       the first 20 s of load right after ready, then the next 20 s: node-signed messages from Debian's wrk, 8
#       connections, auto-mining on; copy a fresh data directory into HOME_DIR before each run to compare like with like
# e.g. src/bench/jvm/run.sh start jdk25-aot /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -XX:AOTCache=podchain.aot
# HOME_DIR (default /tmp/podchain-jvm-bench) keeps the node's data between runs.
set -euo pipefail
mode="$1"; label="$2"; java="$3"; shift 3
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/../../../target/quarkus-app/quarkus-run.jar"
home="${HOME_DIR:-/tmp/podchain-jvm-bench}"; mkdir -p "$home"
api="http://127.0.0.50:18080"
export QUARKUS_HTTP_HOST=127.0.0.50 QUARKUS_HTTP_PORT=18080 QUARKUS_MANAGEMENT_HOST=127.0.0.50 QUARKUS_MANAGEMENT_PORT=19000
export PODCHAIN_EMBEDDED_DATABASE_DATA_DIR="$home/data"
case "$mode" in
  start) heap=512m; export PODCHAIN_MINING_AUTO=false ;;
  first-minute) heap=1g; export PODCHAIN_MINING_AUTO=true \
      PODCHAIN_API_CLIENT_REQUESTS_PER_SECOND=1000000 PODCHAIN_API_CLIENT_CONCURRENT_REQUESTS=100000 PODCHAIN_API_CLIENT_CONNECTIONS=100000 ;;
  *) echo "usage: $0 start|first-minute LABEL JAVA [JVM options...]" >&2; exit 2 ;;
esac

started=$(date +%s%N)
(cd "$home" && exec "$java" "-Xmx$heap" "$@" -jar "$jar" > "$home/$label.log" 2>&1) &
pid=$!
# the node stops with the script, whatever ends it
trap 'kill -TERM "$pid" 2> /dev/null || true; wait "$pid" 2> /dev/null || true' EXIT
until curl -sf "http://127.0.0.50:19000/q/health/ready" > /dev/null 2>&1; do
  kill -0 "$pid" 2> /dev/null || { echo "$label: node exited" >&2; tail -5 "$home/$label.log" >&2; exit 1; }
  sleep 0.05
done
ready=$(( ($(date +%s%N) - started) / 1000000 ))

if [ "$mode" = start ]; then
  rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$pid/status")
  if [ "${TRAIN:-}" = 1 ]; then
    # messages submitted and mined, blocks and pages read
    for i in $(seq 1 300); do
      curl -s -o /dev/null -X POST -H 'Content-Type: application/json' \
          -d "{\"recipient\":\"aot\",\"content\":\"m$i\"}" "$api/api/messages"
    done
    for _ in $(seq 1 5); do curl -s -o /dev/null -X POST "$api/api/mine"; done
    for _ in $(seq 1 50); do
      curl -s -o /dev/null "$api/api/blocks?fromHeight=0&limit=100"
      curl -s -o /dev/null "$api/api/chain"
    done
  fi
  echo "$label ready_ms=$ready rss_mb=$rss"
else
  twenty_seconds() {
    wrk -t2 -c8 -d20s -s "$here/../wrk-messages.lua" "$api" \
        | awk '/Requests\/sec/ {print $2} /Non-2xx/ {print "non2xx=" $NF}' | tr '\n' ' '
  }
  first=$(twenty_seconds)
  second=$(twenty_seconds)
  echo "$label first20s=$first second20s=$second"
fi
