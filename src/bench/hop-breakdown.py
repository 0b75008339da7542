#!/usr/bin/env python3
"""Where a propagation hop's time goes, from the nodes' podchain.BlockHop and podchain.BlockApply JFR events.

Record while the propagation benchmark runs (the nodes inherit the environment):
    JAVA_TOOL_OPTIONS="-XX:StartFlightRecording=filename=/tmp/jfr/,dumponexit=true,settings=default" \
        src/bench/run.sh propagation 200 500
then:
    src/bench/hop-breakdown.py --above-height 500 /tmp/jfr/hotspot-pid-*.jfr
Each block a node received from a peer is one hop: its wait in the peer's inbox, decode, the checks before the
relay (the block's own and its header against the tip), the relay, then the store (the chain's writer: the wait for
the chain lock, the checks against the stored chain, the writes, the commit). Blocks at or below --above-height
(the benchmark's warm-up) are left out. Percentiles are per stage, over all hops of all nodes.
"""
import argparse
import collections
import json
import re
import subprocess

DURATION = re.compile(r"^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$")
HOP_STAGES = ["queued", "decode", "checks", "relay", "untilRelayed", "store"]
APPLY_STAGES = ["lockWait", "storedChainChecks", "writes", "commit"]


def millis(value):
    match = DURATION.match(value)
    if not match:
        raise ValueError("not a duration: " + value)
    hours, minutes, seconds = (float(g) if g else 0.0 for g in match.groups())
    return (hours * 3600 + minutes * 60 + seconds) * 1000


def events(path):
    out = subprocess.run(["jfr", "print", "--json", "--events", "podchain.BlockHop,podchain.BlockApply", path],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--above-height", type=int, default=0)
    parser.add_argument("recordings", nargs="+")
    args = parser.parse_args()
    stages = collections.defaultdict(list)
    outcomes = collections.Counter()
    early = 0
    for path in args.recordings:
        applied = {}
        hops = []
        for event in events(path):
            values = event["values"]
            if values["height"] <= args.above_height:
                continue
            if event["type"] == "podchain.BlockApply":
                applied[values["block"]] = values
            else:
                hops.append(values)
        for hop in hops:
            outcomes[hop["outcome"]] += 1
            if hop["outcome"] != "CONNECTED":
                continue
            for stage in HOP_STAGES:
                value = millis(hop[stage])
                if stage == "untilRelayed":
                    if value == 0:
                        continue
                    early += 1
                stages[stage].append(value)
            apply = applied.get(hop["block"])
            if apply:
                for stage in APPLY_STAGES:
                    stages["store: " + stage].append(millis(apply[stage]))
    print("hops by outcome: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))
    print(f"relayed before the store: {early} of {outcomes['CONNECTED']} connected")
    print(f"{'stage (ms)':32} {'p50':>8} {'p90':>8} {'p99':>8} {'max':>8}")
    for stage in HOP_STAGES + ["store: " + s for s in APPLY_STAGES]:
        values = stages.get(stage)
        if values:
            print(f"{stage:32} {percentile(values, .5):8.2f} {percentile(values, .9):8.2f}"
                  f" {percentile(values, .99):8.2f} {max(values):8.2f}")


if __name__ == "__main__":
    main()
