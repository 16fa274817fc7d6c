"""Times the reference Python DSL (michaelhodel/arc-dsl) on the cases of benches/prims.rs.

Usage: python3 bench/dsl_reference.py ARC_DSL_DIR ARC_TRAINING_DIR   (prints JSON lines)
The reference is imported from a checkout you provide; batt ships none of its code.
"""
import json
import sys
import timeit


def main():
    dsl_dir, arc_dir = sys.argv[1], sys.argv[2]
    sys.path.insert(0, dsl_dir)
    import dsl
    from constants import T, F

    def grid(task, pair):
        with open(f"{arc_dir}/{task}.json") as fh:
            return tuple(tuple(r) for r in json.load(fh)["train"][pair]["input"])

    busy, sparse = grid("3631a71a", 3), grid("a64e4611", 0)
    objs = dsl.objects(busy, T, F, F)
    obj = dsl.argmax(objs, dsl.size)
    small = dsl.normalize(dsl.first(dsl.sizefilter(objs, 4)))
    ix = dsl.toindices(obj)
    cases = []
    for u in (F, T):
        for d in (F, T):
            for b in (F, T):
                name = "objects(busy, %s, %s, %s)" % tuple("T" if x else "F" for x in (u, d, b))
                cases.append((name, dsl.objects, (busy, u, d, b)))
    cases += [
        ("objects(sparse, T, F, T)", dsl.objects, (sparse, T, F, T)),
        ("fill(busy, 3, indices)", dsl.fill, (busy, 3, ix)),
        ("paint(busy, obj)", dsl.paint, (busy, obj)),
        ("shift(obj, (2, 3))", dsl.shift, (obj, (2, 3))),
        ("occurrences(busy, small)", dsl.occurrences, (busy, small)),
        ("rot90(busy)", dsl.rot90, (busy,)),
        ("hmirror(busy)", dsl.hmirror, (busy,)),
        ("dmirror(busy)", dsl.dmirror, (busy,)),
        ("palette(busy)", dsl.palette, (busy,)),
        ("mostcolor(busy)", dsl.mostcolor, (busy,)),
        ("colorcount(busy, 0)", dsl.colorcount, (busy, 0)),
        ("partition(busy)", dsl.partition, (busy,)),
        ("fgpartition(sparse)", dsl.fgpartition, (sparse,)),
        ("upscale(busy, 2)", dsl.upscale, (busy, 2)),
        ("replace(busy, 0, 5)", dsl.replace, (busy, 0, 5)),
        ("crop(busy, (5, 5), (10, 10))", dsl.crop, (busy, (5, 5), (10, 10))),
        ("asobject(busy)", dsl.asobject, (busy,)),
        ("toindices(obj)", dsl.toindices, (obj,)),
        ("normalize(obj)", dsl.normalize, (obj,)),
        ("backdrop(obj)", dsl.backdrop, (obj,)),
        ("box(obj)", dsl.box, (obj,)),
        ("compress(sparse)", dsl.compress, (sparse,)),
        ("sizefilter(objs, 4)", dsl.sizefilter, (objs, 4)),
        ("merge(objs)", dsl.merge, (objs,)),
    ]
    for name, fn, args in cases:
        t = timeit.Timer(lambda: fn(*args))
        n, _ = t.autorange()
        best = sorted(t.repeat(5, n))[2] / n
        print(json.dumps({"case": name, "ns": best * 1e9}), flush=True)


if __name__ == "__main__":
    main()
