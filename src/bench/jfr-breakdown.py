#!/usr/bin/env python3
"""Where the nodes' Java CPU goes during a benchmark, from JFR execution samples.

Record while a benchmark runs (the nodes inherit the environment):
    JAVA_TOOL_OPTIONS="-XX:StartFlightRecording=filename=/tmp/jfr/,dumponexit=true,settings=profile" \
        src/bench/run.sh propagation 150 300
then:
    src/bench/jfr-breakdown.py /tmp/jfr/hotspot-pid-*.jfr
Each sample counts for the first frame from the top that is not the JDK's (so a HashMap lookup made by Hibernate
counts as Hibernate). Only the second half of each recording counts (start-up is left out); recordings of the
benchmark's own JVM (no quarkus-run.jar) are skipped. Native code (libsecp256k1) is not in these samples.
"""
import collections
import json
import subprocess
import sys

CATEGORIES = [
    ("org.postgresql", "PostgreSQL driver"), ("io.agroal", "connection pool"), ("org.hibernate", "Hibernate"),
    ("com.arjuna", "transactions (Narayana)"), ("io.quarkus.narayana", "transactions (Narayana)"),
    ("com.fasterxml.jackson", "JSON (Jackson)"), ("io.netty", "Netty"), ("io.vertx", "Vert.x"),
    ("io.quarkus", "Quarkus"), ("io.smallrye", "SmallRye/Mutiny"), ("org.bouncycastle", "BouncyCastle"),
    ("io.podchain.noise", "podchain noise (channel)"), ("io.podchain.chain", "podchain chain"),
    ("io.podchain.store", "podchain store"), ("io.podchain.p2p", "podchain p2p"), ("io.podchain", "podchain other"),
    ("org.jboss", "JBoss logging/threads"), ("com.github.benmanes", "Caffeine"), ("io.micrometer", "Micrometer"),
]


def category(type_name):
    name = type_name.replace("/", ".")
    for prefix, label in CATEGORIES:
        if name.startswith(prefix):
            return label
    return None


def events(path, kind):
    out = subprocess.run(["jfr", "print", "--json", "--events", kind, path], check=True, capture_output=True,
                         text=True).stdout
    return json.loads(out)["recording"]["events"]


counts = collections.Counter()
for path in sys.argv[1:]:
    info = events(path, "jdk.JVMInformation")
    if not info or "quarkus-run.jar" not in info[0]["values"].get("javaArguments", ""):
        continue
    samples = events(path, "jdk.ExecutionSample")
    if not samples:
        continue
    cut = sorted(e["values"]["startTime"] for e in samples)[len(samples) // 2]
    for sample in samples:
        if sample["values"]["startTime"] < cut:
            continue
        stack = sample["values"].get("stackTrace") or {"frames": []}
        label = next((c for c in (category(f["method"]["type"]["name"]) for f in stack["frames"]) if c), "JDK only")
        counts[label] += 1
total = sum(counts.values())
print(f"{total} samples")
for label, n in counts.most_common():
    print(f"{label:32s} {n:6d} {100 * n / total:5.1f} %")
