"""Times the reference Python arc-dsl running its own solvers.py on every train and test pair.

Usage: python3 bench/validate_reference.py ARC_DSL_DIR ARC_TRAINING_DIR
Prints one JSON object: {"seconds": ..., "tasks": N, "solved": K, "pairs": P, "pairs_ok": Q}.
"""
import json
import os
import sys
import time


def main():
    dsl_dir, arc_dir = sys.argv[1], sys.argv[2]
    sys.path.insert(0, dsl_dir)
    import solvers

    tasks = {}
    for f in sorted(os.listdir(arc_dir)):
        with open(os.path.join(arc_dir, f)) as fh:
            tasks[f[:-5]] = json.load(fh)
    as_grid = lambda rows: tuple(tuple(r) for r in rows)
    jobs = []
    for name in sorted(n for n in dir(solvers) if n.startswith("solve_")):
        t = tasks.get(name[len("solve_"):])
        if t is None:
            continue
        pairs = [(as_grid(p["input"]), as_grid(p["output"])) for p in t["train"] + t["test"]]
        jobs.append((getattr(solvers, name), pairs))
    t0 = time.perf_counter()
    solved = pairs_ok = pairs = 0
    for fn, ps in jobs:
        ok = True
        for i, o in ps:
            pairs += 1
            try:
                good = fn(i) == o
            except Exception:
                good = False
            pairs_ok += good
            ok = ok and good
        solved += ok
    seconds = time.perf_counter() - t0
    print(json.dumps({"seconds": seconds, "tasks": len(jobs), "solved": solved, "pairs": pairs, "pairs_ok": pairs_ok}))


if __name__ == "__main__":
    main()
