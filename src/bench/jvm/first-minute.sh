#!/usr/bin/env bash
# The first 20 s of load right after ready, then the next 20 s: node-signed messages from wrk (Debian's), 8
# connections, auto-mining on (docs/benchmarks.md). Same arguments and HOME_DIR as start.sh; copy a fresh data
# directory into HOME_DIR before each run to compare like with like.
set -euo pipefail
label="$1"; java="$2"; shift 2
jar="$(cd "$(dirname "$0")/../../.." && pwd)/target/quarkus-app/quarkus-run.jar"
lua="$(cd "$(dirname "$0")" && pwd)/wrk-messages.lua"
home="${HOME_DIR:-/tmp/podchain-jvm-bench}"; mkdir -p "$home"
export QUARKUS_HTTP_HOST=127.0.0.50 QUARKUS_HTTP_PORT=18080 QUARKUS_MANAGEMENT_HOST=127.0.0.50 QUARKUS_MANAGEMENT_PORT=19000
export PODCHAIN_EMBEDDED_DATABASE_DATA_DIR="$home/data" PODCHAIN_MINING_AUTO=true
export PODCHAIN_API_CLIENT_REQUESTS_PER_SECOND=1000000 PODCHAIN_API_CLIENT_CONCURRENT_REQUESTS=100000
(cd "$home" && exec "$java" -Xmx1g "$@" -jar "$jar" > "$home/$label.log" 2>&1) &
pid=$!
until curl -sf "http://127.0.0.50:19000/q/health/ready" > /dev/null 2>&1; do sleep 0.05; done
first=$(wrk -t2 -c8 -d20s -s "$lua" "http://127.0.0.50:18080" | awk '/Requests\/sec/ {print $2} /Non-2xx/ {print "non2xx=" $NF}' | tr '\n' ' ')
second=$(wrk -t2 -c8 -d20s -s "$lua" "http://127.0.0.50:18080" | awk '/Requests\/sec/ {print $2} /Non-2xx/ {print "non2xx=" $NF}' | tr '\n' ' ')
kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
echo "$label first20s=$first second20s=$second"
