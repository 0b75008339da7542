#!/usr/bin/env bash
# Start to ready of one node restarting on its data (as a pod restarts), for comparing JVMs (docs/benchmarks.md):
#   src/bench/jvm/start.sh LABEL JAVA [JVM options...]     e.g. ... jdk25-aot /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -XX:AOTCache=podchain.aot
# HOME_DIR (default /tmp/podchain-jvm-bench) keeps the node's data between runs; TRAIN=1 adds a short training load
# before stopping (for -XX:AOTCacheOutput). The node listens on 127.0.0.50 only.
set -euo pipefail
label="$1"; java="$2"; shift 2
jar="$(cd "$(dirname "$0")/../../.." && pwd)/target/quarkus-app/quarkus-run.jar"
home="${HOME_DIR:-/tmp/podchain-jvm-bench}"; mkdir -p "$home"
export QUARKUS_HTTP_HOST=127.0.0.50 QUARKUS_HTTP_PORT=18080 QUARKUS_MANAGEMENT_HOST=127.0.0.50 QUARKUS_MANAGEMENT_PORT=19000
export PODCHAIN_EMBEDDED_DATABASE_DATA_DIR="$home/data" PODCHAIN_MINING_AUTO=false
start=$(date +%s%N)
(cd "$home" && exec "$java" -Xmx512m "$@" -jar "$jar" > "$home/$label.log" 2>&1) &
pid=$!
until curl -sf "http://127.0.0.50:19000/q/health/ready" > /dev/null 2>&1; do
  kill -0 "$pid" 2>/dev/null || { echo "$label: node exited"; tail -5 "$home/$label.log"; exit 1; }
  sleep 0.05
done
ready=$(( ($(date +%s%N) - start) / 1000000 ))
rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$(pgrep -P "$pid" java || echo "$pid")/status" 2>/dev/null || echo "?")
if [ "${TRAIN:-}" = 1 ]; then
  # a short training run: messages submitted and mined, blocks and pages read
  for i in $(seq 1 300); do
    curl -s -o /dev/null -X POST -H 'Content-Type: application/json' -d "{\"recipient\":\"aot\",\"content\":\"m$i\"}" "http://127.0.0.50:18080/api/messages"
  done
  for i in $(seq 1 5); do curl -s -o /dev/null -X POST "http://127.0.0.50:18080/api/mine"; done
  for i in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.50:18080/api/blocks?fromHeight=0&limit=100"; curl -s -o /dev/null "http://127.0.0.50:18080/api/chain"; done
fi
kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
echo "$label ready_ms=$ready rss_mb=$rss"
