#!/usr/bin/env bash
# Run icecuber's ARC-solution (top-quarks/ARC-solution, the 2020 Kaggle winner, built outside this
# repository: see docs/benchmarks.md, "icecuber side by side") on a directory of ARC task files,
# blind, and score its answers the way `batt eval` scores batt's.
#
#   bench/icecuber.sh ICECUBER [TASK_DIR] [DEPTH]
#
#   ICECUBER  its built `run` program, or the build directory holding it. It must be built with
#             `eval = 1` in src/runner.cpp (then it reads ./dataset/test under its working
#             directory and never looks for test outputs).
#   TASK_DIR  a directory of <task>.json files (default /work/shared/arc/arc-agi-1/evaluation-dev)
#   DEPTH     its search depth, `./run <i> <depth>` (default 2; 3 is much slower)
#
# Environment: ICE_TIMEOUT=S kills a test input's run after S seconds (default 0: no limit);
# ICE_MEM_MB=N caps its address space (default 0: no cap); ICE_KEEP=1 keeps the work directory;
# ICE_JSON=FILE also writes the result, with per-task figures, as JSON.
#
# The tasks are copied into a temporary directory with their train pairs and test inputs only.
# icecuber runs once per test input (one process, one core, one after another) and writes up to 3
# candidates with scores; the 2 best are the 2 attempts (within all 3 is printed apart: its README
# and the 2020 Kaggle contest counted 3). CPU-seconds (user + system, from /usr/bin/time) are
# summed over a task's test inputs. Only then are the original test outputs read.
set -euo pipefail

ice=${1:?usage: bench/icecuber.sh ICECUBER [TASK_DIR] [DEPTH]}
tasks=${2:-/work/shared/arc/arc-agi-1/evaluation-dev}
depth=${3:-2}
timeout_s=${ICE_TIMEOUT:-0}
mem_mb=${ICE_MEM_MB:-0}

if [[ -d $ice ]]; then ice=$ice/run; fi
[[ -x $ice ]] || { echo "icecuber.sh: no executable at $ice" >&2; exit 2; }
ice=$(cd "$(dirname "$ice")" && pwd)/$(basename "$ice")
[[ -d $tasks ]] || { echo "icecuber.sh: no task directory $tasks" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "icecuber.sh: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
[[ $depth =~ ^[0-9]+$ ]] || { echo "icecuber.sh: depth must be a number" >&2; exit 2; }
command -v python3 >/dev/null || { echo "icecuber.sh: needs python3" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/icecuber.XXXXXX")
if [[ ${ICE_KEEP:-0} == 1 ]]; then echo "work directory: $work" >&2; else trap 'rm -rf "$work"' EXIT; fi
mkdir -p "$work/dataset/test" "$work/output" "$work/log"
ln -s test "$work/dataset/evaluation"   # a build left at eval = 0 reads this name

# Blind copy: train pairs and test inputs only, written in the compact form its reader expects.
n=$(python3 - "$tasks" "$work/dataset/test" <<'PY'
import json, os, re, sys
src, dst = sys.argv[1:]
n = 0
for f in sorted(os.listdir(src)):
    if not f.endswith('.json'):
        continue
    if not re.fullmatch(r'[a-z0-9]{8}\.json', f):
        sys.exit(f'icecuber.sh: {f}: icecuber needs 8-character [a-z0-9] task ids')
    t = json.load(open(os.path.join(src, f)))
    blind = {'train': [{'input': p['input'], 'output': p['output']} for p in t['train']],
             'test': [{'input': p['input']} for p in t['test']]}
    json.dump(blind, open(os.path.join(dst, f), 'w'), separators=(',', ':'))
    n += len(t['test'])
print(n)
PY
)
ntasks=$(find "$work/dataset/test" -name '*.json' | wc -l)
echo "icecuber depth $depth on $ntasks tasks ($n test inputs) from $tasks" >&2

# One process per test input; its index is the position in its own (directory) order, so which
# task it is comes from the header line of the answer file it writes.
start=$(date +%s.%N)
for ((i = 0; i < n; i++)); do
  cmd=("$ice" "$i" "$depth")
  if [[ $timeout_s != 0 ]]; then cmd=(timeout -s KILL "$timeout_s" "${cmd[@]}"); fi
  rc=0
  (cd "$work" && { [[ $mem_mb == 0 ]] || ulimit -v $((mem_mb * 1024)); } &&
    exec /usr/bin/time -f '%U %S %M' -o "log/$i.time" "${cmd[@]}") >"$work/log/$i.out" 2>"$work/log/$i.err" || rc=$?
  echo "$rc" >"$work/log/$i.rc"
  if (( (i + 1) % 20 == 0 || i + 1 == n )); then echo "  $((i + 1)) / $n" >&2; fi
done
end=$(date +%s.%N)

python3 - "$tasks" "$work" "$n" "$depth" "$start" "$end" "${ICE_JSON:-}" <<'PY'
import json, os, sys
tasks, work, n, depth, start, end, json_out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], float(sys.argv[5]), float(sys.argv[6]), sys.argv[7]
wall = end - start

def grid(s):  # |012|345| -> [[0,1,2],[3,4,5]]
    return [[int(c) for c in row] for row in s.strip('|').split('|')]

answers, cpu, crashed = {}, {}, []
for i in range(n):
    rc = int(open(f'{work}/log/{i}.rc').read())
    try:  # last line: GNU time's "user sys maxrss" (a killed run leaves a note line before it)
        u, s, _ = open(f'{work}/log/{i}.time').read().split('\n')[-2].split()
        secs = float(u) + float(s)
    except (OSError, ValueError, IndexError):
        secs = 0.0
    path = f'{work}/output/answer_{i}_{depth}.csv'
    if rc != 0 or not os.path.exists(path):
        crashed.append(i)
        cpu.setdefault(('?', i), secs)
        continue
    lines = open(path).read().split('\n')
    tid, k = lines[0].rsplit('_', 1)
    cands = [(float(l.split()[1]), l.split()[0]) for l in lines[1:] if l.strip()]
    cands.sort(key=lambda c: -c[0])  # stable: best score first, its own order among ties
    answers[(tid, int(k))] = [grid(img) for _, img in cands[:3]]
    cpu[tid] = cpu.get(tid, 0.0) + secs

r = {'tasks': 0, 'testOutputs': 0, 'right': 0, 'right3': 0, 'tasksRight': 0, 'crashed': len(crashed), 'perTask': {}}
for f in sorted(os.listdir(tasks)):
    if not f.endswith('.json'):
        continue
    tid = f[:-5]
    want = [p['output'] for p in json.load(open(os.path.join(tasks, f)))['test']]
    right = sum(any(a == w for a in answers.get((tid, k), [])[:2]) for k, w in enumerate(want))
    r['right3'] += sum(any(a == w for a in answers.get((tid, k), [])) for k, w in enumerate(want))
    r['tasks'] += 1
    r['testOutputs'] += len(want)
    r['right'] += right
    r['tasksRight'] += right == len(want)
    r['perTask'][tid] = {'right': right, 'of': len(want), 'cpuS': round(cpu.get(tid, 0.0), 2)}
per = sorted(t['cpuS'] for t in r['perTask'].values())
r['cpuS'] = sum(cpu.values())
r['cpuSPerTask'] = r['cpuS'] / max(r['tasks'], 1)
r['cpuSMedian'] = per[len(per) // 2] if per else 0.0
r['cpuSMax'] = per[-1] if per else 0.0
r['wallS'] = wall
r['depth'] = int(depth)

pct = lambda a, b: f'{100 * a / b:.1f}%' if b else '-'
print(f"icecuber depth {depth}: {r['tasks']} tasks, {r['testOutputs']} test outputs")
print(f"test outputs right within 2 attempts: {r['right']} of {r['testOutputs']} ({pct(r['right'], r['testOutputs'])}); tasks all right: {r['tasksRight']}")
print(f"(within its 3 candidates, as its own README counts: {r['right3']} of {r['testOutputs']} ({pct(r['right3'], r['testOutputs'])}))")
print(f"CPU: {r['cpuS']:.1f} s in all, {r['cpuSPerTask']:.2f} s per task (median {r['cpuSMedian']:.2f}, max {r['cpuSMax']:.2f}); wall {wall:.1f} s")
if crashed:
    print(f"runs that failed or were killed (no answer): {len(crashed)} (test input indices {crashed[:20]}{' ...' if len(crashed) > 20 else ''})")
if json_out:
    json.dump(r, open(json_out, 'w'), indent=1)
PY
