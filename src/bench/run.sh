#!/usr/bin/env bash
# Runs podchain's benchmarks (never part of the test phase).
#   src/bench/run.sh            JMH: mining hash rate vs plain SHA-256, block validation rate
#   src/bench/run.sh append     append cost at height 100,000 vs 1,000 against a real node and PostgreSQL
#   src/bench/run.sh propagation [blocks] [warm-up blocks]   block propagation across 5 local nodes (p50, p99)
#   src/bench/run.sh sync [blocks]          a fresh node syncing a chain, against the signature-verification bound
#   src/bench/run.sh load rate|load N [messages] [nodes]   client-signed messages at N/s (rate) or N in flight (load)
#   src/bench/run.sh load wrk C [seconds] [nodes]   node-signed messages from wrk, C connections per node, fresh nodes
# JMH options may follow, e.g.: src/bench/run.sh jmh -f 1 -wi 2 -i 3 MiningBench
set -euo pipefail
cd "$(dirname "$0")/../.."
mode="${1:-jmh}"
[ $# -gt 0 ] && shift
# the benchmarks are test sources of the system-tests module (profile "bench"); the node and the CLI are packaged
# into target/ on the way
./mvnw -q -B -ntp -Pbench -DskipTests package \
  dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="system-tests/target/test-classes:$(cat system-tests/target/bench.classpath)"
case "$mode" in
  jmh) exec java -cp "$cp" org.openjdk.jmh.Main -f 1 -wi 3 -w 2s -i 5 -r 2s "${@:-io.podchain.bench}" ;;
  append) exec java -cp "$cp" -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Dpodchain.app.jar=target/quarkus-app/quarkus-run.jar io.podchain.bench.AppendCostBench "$@" ;;
  propagation|sync) exec java -cp "$cp" -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Dpodchain.node.heap=1g \
      -Dpodchain.app.jar=target/quarkus-app/quarkus-run.jar io.podchain.bench.NetworkBench "$mode" "$@" ;;
  load) exec java -cp "$cp" -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Dpodchain.node.heap=1g \
      -Dpodchain.app.jar=target/quarkus-app/quarkus-run.jar io.podchain.bench.LoadBench "$@" ;;
  *) echo "usage: $0 [jmh|append|propagation|sync|load] [options]" >&2; exit 2 ;;
esac
