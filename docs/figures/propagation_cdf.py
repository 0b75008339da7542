#!/usr/bin/env python3
"""Plots the simulator's block arrival CDFs (files written by `sim/run.sh ... --cdf FILE`) into one PNG.

    python3 docs/figures/propagation_cdf.py OUT.png LABEL=FILE.csv [LABEL=FILE.csv ...]

Each CSV has the columns share,ms: the share of (block, node) pairs that had stored the block within ms of its
mining. Needs matplotlib (Debian: python3-matplotlib); the simulator and the tests do not.
"""
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main(out, series):
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=120)
    for item in series:
        label, path = item.split("=", 1)
        with open(path, newline="") as f:
            rows = [(float(r["share"]), float(r["ms"])) for r in csv.DictReader(f)]
        ax.plot([ms / 1000 for _, ms in rows], [share for share, _ in rows], label=label)
    ax.set_xscale("log")
    ax.set_xlabel("seconds after mining (log scale)")
    ax.set_ylabel("share of (block, node) pairs with the block")
    ax.set_ylim(0, 1)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(loc="lower right")
    ax.set_title("Block arrival, podchain's protocol in the simulator")
    fig.tight_layout()
    fig.savefig(out)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
