// `batt run`: searches programs for ARC tasks through the services. By default it starts all
// four in this process on loopback ports (nothing to set up); stages given remote addresses
// are used there instead; `--orchestrator` hands the whole run to a remote orchestrator.
import { OrchestratorServiceClient, type RunEvent, RunRequest, type RunSummary } from '@batt/proto';
import { quote, quoteList } from '@batt/arc-data';
import { clientOptions, clientSecurity, defaultWorkers, flagNumber, type Hosted, logger, type RunningService, type Security, SECURITY_OPTIONS, SECURITY_USAGE, securityFrom } from '@batt/rpc';
import * as grpc from '@grpc/grpc-js';

import type { Command, Io } from '../command.js';
import { parseOptions, UsageError } from '../command.js';
import { loadData, storeDir } from '../data.js';
import { type StageName, startStage } from '../embedded.js';
import { DEFAULT_BUDGET_S, DEFAULT_CONCURRENCY, DEFAULT_SEEDS_PER_BATT, Orchestrator } from '../orchestrator.js';
import { Progress } from '../run/progress.js';
import { WORK_PER_BUDGET_S } from '../run/search.js';
import { endpointsFrom, localStages, remoteStages, type Stages } from '../run/stages.js';
import { startOrchestrator } from '../service.js';
import { battVersion } from '../version.js';

export const run: Command = {
  name: 'run',
  summary: 'search programs for ARC tasks (the main job)',
  usage: [
    'batt run [--data PATH] [--tasks ID,...] [--limit N] [--budget-s SECONDS] [--seed N] [--store DIR] [--json]',
    '',
    '  --data PATH        tasks: a directory of <id>.json or a Kaggle *_challenges.json (default: bundled ARC-AGI-1 training)',
    '  --tasks ID,...     only these tasks',
    '  --limit N          only the first N tasks',
    `  --budget-s S       search per task, in seconds of work: DSL fuel, so the same at any load (default ${DEFAULT_BUDGET_S}); a task stops early once solved`,
    '  --rounds N         exactly N rounds per task instead of the time budget (reproducible)',
    '  --seed N           random seed (default 0): same seed, data and store reproduce the same candidates',
    '  --store DIR        the store directory (default: $BATT_STORE or ./.batt)',
    '  --no-seeds         enumeration only: do not draw stored solvers as seeds (nor import the bundled ones)',
    `  --seeds-per-batt K seed solvers per population batt (default ${DEFAULT_SEEDS_PER_BATT})`,
    `  --concurrency N    tasks searched side by side (default ${DEFAULT_CONCURRENCY})`,
    '  --json             print the summary as JSON',
    '  --report FILE      also write the HTML report of this run (as batt report --out FILE)',
    '',
    'Services (default: all four started in this process on loopback ports):',
    '  --generation T,... use these generation services (host:port or dns:///name:port; several are balanced by calls in flight) [BATT_GENERATION]',
    '  --scoring T,...    use these scoring services [BATT_SCORING]',
    '  --validation T,... use these validation services [BATT_VALIDATION]',
    '  --workers N        worker threads of each embedded stage service (default: usable CPUs)',
    '  --orchestrator T   hand the run to this orchestrator (its own --data and --store apply)',
    '  --in-process       no services: call the stages directly in this thread (the benchmark baseline)',
    'Security of the services named above (the ones started here listen on loopback only, without either):',
    ...SECURITY_USAGE.filter((l) => !l.includes('--tls-verify-clients')),
    '',
    'Search never reads test outputs. Predictions come from the stored solvers (see batt submit).',
  ].join('\n'),

  async run(argv, io) {
    const cpu0 = process.cpuUsage();
    const { values, positionals } = parseOptions(argv, {
      data: { type: 'string' },
      tasks: { type: 'string' },
      limit: { type: 'string' },
      'budget-s': { type: 'string' },
      rounds: { type: 'string' },
      seed: { type: 'string' },
      store: { type: 'string' },
      'no-seeds': { type: 'boolean' },
      'seeds-per-batt': { type: 'string' },
      concurrency: { type: 'string' },
      json: { type: 'boolean' },
      report: { type: 'string' },
      generation: { type: 'string' },
      scoring: { type: 'string' },
      validation: { type: 'string' },
      workers: { type: 'string' },
      orchestrator: { type: 'string' },
      'in-process': { type: 'boolean' },
      ...SECURITY_OPTIONS,
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${quote(positionals[0]!)}`, true);
    // Every number is checked against LIMITS here, before a service starts (the orchestrator
    // checks the same table again for requests that come over gRPC).
    if (values.report !== undefined && values.orchestrator) throw new UsageError('--report needs the store on this machine; with --orchestrator, run batt report where its store is');
    const req: RunRequest = RunRequest.fromPartial({
      taskIds: values.tasks?.split(',').map((s) => s.trim()).filter(Boolean) ?? [],
      limit: flagNumber('limit', values.limit, 'limit') ?? 0,
      budgetS: flagNumber('budget-s', values['budget-s'], 'budgetS') ?? DEFAULT_BUDGET_S,
      rounds: flagNumber('rounds', values.rounds, 'rounds') ?? 0,
      seed: flagNumber('seed', values.seed, 'seed') ?? 0,
      noSeeds: Boolean(values['no-seeds']),
      seedsPerBatt: flagNumber('seeds-per-batt', values['seeds-per-batt'], 'seedsPerBatt') ?? DEFAULT_SEEDS_PER_BATT,
      concurrency: flagNumber('concurrency', values.concurrency, 'concurrency') ?? 0,
    });
    if (req.budgetS === 0) req.budgetS = 1e-9; // 0 means "default" on the wire; here it means one round
    const security: Security = securityFrom(values);
    const workers = flagNumber('workers', values.workers, 'workers') ?? defaultWorkers();
    // The store is checked before anything starts; a remote orchestrator uses its own.
    const store = values.orchestrator ? undefined : storeDir(values.store, { write: true });
    const progress = new Progress(0, (s) => process.stderr.write(s), Boolean(process.stderr.isTTY) && !values.json);
    let solvedSoFar = 0;
    const onEvent = (ev: RunEvent) => {
      if (ev.note) io.err(ev.note);
      if (ev.task) {
        solvedSoFar = ev.task.solvedSoFar;
        progress.total = ev.task.total;
        progress.update(ev.task.done, ev.task.solvedSoFar);
        if (ev.task.error) io.err(`task ${ev.task.taskId}: ${ev.task.error}`);
      }
    };

    let summary: RunSummary | undefined;
    let interrupted = false;
    const cleanup: (() => Promise<void> | void)[] = [];
    let onSignal = () => {
      interrupted = true;
    };
    const signal = () => onSignal();
    process.on('SIGINT', signal);
    process.on('SIGTERM', signal);
    try {
      if (values.orchestrator) {
        summary = await remoteRun(values.orchestrator, security, req, onEvent, (cancel) => (onSignal = () => ((interrupted = true), cancel())));
      } else {
        const data = loadData(values.data, io);
        if (req.taskIds.length > 0) {
          const missing = req.taskIds.filter((id) => !data.tasks.has(id));
          if (missing.length > 0) throw new UsageError(`no such task(s) in ${data.dir}: ${quoteList(missing)}`);
        }
        if (data.load.tasks.length === 0) throw new UsageError(`no tasks to search in ${data.dir}`);
        let stages: Stages;
        if (values['in-process']) stages = localStages();
        else {
          const log = logger('run', process.env.BATT_LOG_LEVEL ?? 'warn', process.stderr);
          const endpoints = endpointsFrom(values);
          const missing = (['generation', 'scoring', 'validation'] as StageName[]).filter((name) => endpoints[name].length === 0);
          const started = await Promise.all(missing.map((name) => startStage(name, { host: '127.0.0.1', port: 0, drainS: 5, log: log.child({ service: name }), workers })));
          started.forEach((svc: RunningService, k) => {
            cleanup.push(() => svc.shutdown());
            endpoints[missing[k]!] = [`127.0.0.1:${svc.port}`];
          });
          if (!values.json) io.err(`services: ${(['generation', 'scoring', 'validation'] as StageName[]).map((n) => `${n} ${endpoints[n].join(',')}${missing.includes(n) ? ` (started here, ${workers} workers)` : ''}`).join('; ')}`);
          const remote = remoteStages(endpoints, { security, embedded: missing });
          stages = remote;
          // Fail fast on a wrong address instead of retrying every task until its deadline.
          await remote.waitReady(Date.now() + 10_000).catch((e: Error) => {
            remote.close();
            throw e;
          });
        }
        const orch = new Orchestrator({
          stages,
          storeDir: store!,
          dataDir: data.dir,
          tasks: data.load.tasks,
          concurrency: values['in-process'] ? 1 : DEFAULT_CONCURRENCY,
          version: battVersion(),
        });
        onSignal = () => {
          interrupted = true;
          orch.stop();
        };
        if (values['in-process']) {
          cleanup.push(() => orch.close());
          summary = await orch.run(req, onEvent);
        } else {
          const log = logger('orchestrator', process.env.BATT_LOG_LEVEL ?? 'warn', process.stderr);
          const hosted: Hosted = await startOrchestrator(orch, { host: '127.0.0.1', port: 0, drainS: 5, log });
          cleanup.unshift(() => hosted.shutdown());
          summary = await remoteRun(`127.0.0.1:${hosted.port}`, {}, req, onEvent, () => {});
        }
      }
    } finally {
      process.off('SIGINT', signal);
      process.off('SIGTERM', signal);
      for (const c of cleanup) await c();
    }
    if (!summary) {
      io.err('interrupted: the run was cancelled before its summary');
      return 130;
    }
    progress.finish(summary.searched, solvedSoFar);
    const out = {
      runId: summary.runId,
      store: summary.store,
      data: summary.data,
      tasks: summary.tasks,
      searched: summary.searched,
      interrupted: summary.interrupted,
      solved: summary.solved,
      testInputs: summary.testInputs,
      predicted: summary.predicted,
      candidates: summary.candidates!,
      phasesMs: {
        generation: Math.round(summary.phases!.generationMs),
        scoring: Math.round(summary.phases!.scoringMs),
        dedup: Math.round(summary.phases!.dedupMs),
        validation: Math.round(summary.phases!.validationMs),
        store: Math.round(summary.phases!.storeMs),
      },
      wallMs: Math.round(summary.wallMs),
      // CPU time of this process, all threads: the embedded services' workers included, remote
      // services (and a remote orchestrator's work) not.
      cpuS: cpuSeconds(process.cpuUsage(cpu0)),
    };
    if (values.json) io.out(JSON.stringify(out));
    else printSummary(out, io);
    if (!values.orchestrator) {
      // Loaded only now: a run without --report does not load the report code.
      const { reportHint, writeReport } = await import('./report.js');
      if (values.report !== undefined) {
        const r = writeReport({ store: values.store, data: values.data, run: summary.runId, out: values.report }, io);
        io.err(`wrote ${values.report}: ${r.tasks} tasks (${r.fitted} fitted), ${(r.bytes / 1e6).toFixed(2)} MB`);
      } else if (!values.json) io.err(reportHint(storeDir(values.store)));
    }
    if (summary.interrupted || interrupted) return 130;
    // A failed stage call (a full disk, a lost service) lost that task's results: say so in the
    // exit code too, not only in the summary (deadlines are not failures).
    if (summary.candidates!.errors > 0) {
      io.err(`batt run: ${summary.candidates!.errors} stage calls failed (see the messages above); their tasks' results were not stored`);
      return 1;
    }
    return 0;
  },
};

const cpuSeconds = (u: NodeJS.CpuUsage) => Math.round((u.user + u.system) / 1e4) / 100;

/** Streams a run from an orchestrator; resolves to its summary (undefined if cancelled). */
function remoteRun(target: string, security: Security, req: RunRequest, onEvent: (e: RunEvent) => void, onCancel: (cancel: () => void) => void): Promise<RunSummary | undefined> {
  const { credentials, interceptors } = clientSecurity(security);
  const client = new OrchestratorServiceClient(target, credentials, { ...clientOptions(), interceptors });
  return new Promise((resolve, reject) => {
    let summary: RunSummary | undefined;
    const call = client.run(req);
    onCancel(() => call.cancel());
    call.on('data', (ev: RunEvent) => {
      if (ev.summary) summary = ev.summary;
      onEvent(ev);
    });
    call.on('error', (e: grpc.ServiceError) => {
      client.close();
      if (e.code === grpc.status.CANCELLED) resolve(undefined);
      else if (e.code === grpc.status.INVALID_ARGUMENT) reject(new UsageError(e.details));
      else reject(new Error(`orchestrator at ${target}: ${e.details || e.message}`));
    });
    call.on('end', () => {
      client.close();
      resolve(summary);
    });
  });
}

function printSummary(
  s: {
    tasks: number;
    searched: number;
    solved: number;
    testInputs: number;
    predicted: number;
    interrupted: boolean;
    candidates: { rounds: number; generated: number; scored: number; unique: number; validated: number; stored: number; timeouts: number; errors: number; work: number };
    phasesMs: Record<string, number>;
    wallMs: number;
    cpuS: number;
    store: string;
    runId: string;
  },
  io: Io,
): void {
  const total = Object.values(s.phasesMs).reduce((a, b) => a + b, 0) || 1;
  io.out('phase        time      share');
  for (const [k, v] of Object.entries(s.phasesMs)) io.out(`${k.padEnd(12)} ${(v / 1000).toFixed(2).padStart(7)} s  ${((100 * v) / total).toFixed(1).padStart(5)}%`);
  io.out(`wall         ${(s.wallMs / 1000).toFixed(2).padStart(7)} s   (CPU ${s.cpuS.toFixed(2)} s; DSL fuel ${(s.candidates.work / WORK_PER_BUDGET_S).toFixed(2)} budget-s)`);
  io.out('');
  if (s.interrupted) io.out(`interrupted after ${s.searched} of ${s.tasks} tasks`);
  io.out(`tasks with a solver for all demo pairs: ${s.solved} of ${s.tasks}`);
  io.out(`test predictions made: ${s.predicted} of ${s.testInputs} test inputs`);
  const c = s.candidates;
  io.out(`candidates: ${c.generated} generated, ${c.scored} scored, ${c.unique} unique, ${c.validated} validated, ${c.stored} stored (${c.rounds} rounds)`);
  if (c.timeouts || c.errors) io.out(`stage calls: ${c.timeouts} hit their deadline (stopped, not failed), ${c.errors} failed`);
  io.out(`store: ${s.store} (run ${s.runId})`);
}
