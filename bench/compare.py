"""Side-by-side table of two benchmark outputs (JSON lines {"case", "ns"}): batt vs reference.

Usage: python3 bench/compare.py BATT.jsonl REFERENCE.jsonl
"""
import json
import math
import sys


def load(path):
    with open(path) as fh:
        return {r["case"]: r["ns"] for r in map(json.loads, filter(str.strip, fh))}


def fmt(ns):
    return f"{ns / 1e6:.2f} ms" if ns >= 1e6 else f"{ns / 1e3:.2f} µs" if ns >= 1e3 else f"{ns:.0f} ns"


def main():
    batt, ref = load(sys.argv[1]), load(sys.argv[2])
    print("| case | reference Python | batt | speed-up |")
    print("|---|---:|---:|---:|")
    ratios = []
    for case, ns in batt.items():
        if case not in ref:
            continue
        r = ref[case] / ns
        ratios.append(r)
        print(f"| `{case}` | {fmt(ref[case])} | {fmt(ns)} | {r:,.0f}x |")
    geo = math.exp(sum(map(math.log, ratios)) / len(ratios))
    objects = [ref[c] / batt[c] for c in batt if c.startswith("objects(") and c in ref]
    print()
    mean = sum(ratios) / len(ratios)
    print(f"Mean speed-up over {len(ratios)} cases: **{mean:,.0f}x** (geometric mean {geo:,.0f}x); "
          f"`objects` (all flag combinations): {min(objects):,.0f}x to {max(objects):,.0f}x.")


if __name__ == "__main__":
    main()
