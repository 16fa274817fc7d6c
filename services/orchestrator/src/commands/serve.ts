// `batt serve <service>`: runs one service until SIGTERM/SIGINT, then drains and exits.
import { DEFAULT_DRAIN_S, DEFAULT_HOST, defaultWorkers, EXIT_MARGIN_S, logger, numberSetting, SECURITY_OPTIONS, SECURITY_USAGE, securityFrom } from '@batt/rpc';

import { quote } from '@batt/arc-data';
import { cancelAllCalls } from '@batt/native';

import type { Command } from '../command.js';
import { parseOptions, UsageError } from '../command.js';
import { loadData, storeDir } from '../data.js';
import { DEFAULT_PORTS, startStage } from '../embedded.js';
import { DEFAULT_CONCURRENCY, DEFAULT_STAGE_TIMEOUT_S, Orchestrator } from '../orchestrator.js';
import { type Endpoints, endpointsFrom, remoteStages } from '../run/stages.js';
import { startOrchestrator } from '../service.js';
import { battVersion } from '../version.js';

const SERVICES = ['generation', 'scoring', 'validation', 'orchestrator'] as const;

export const serve: Command = {
  name: 'serve',
  summary: 'run one gRPC service (generation, scoring, validation or orchestrator)',
  usage: [
    'batt serve <generation|scoring|validation|orchestrator> [options]',
    '',
    'Every option can also come from the environment variable in brackets.',
    `  --host H             interface to listen on, gRPC and /metrics [BATT_HOST] (default ${DEFAULT_HOST}; 0.0.0.0 for every interface)`,
    `  --port N             gRPC port [BATT_PORT] (default: orchestrator ${DEFAULT_PORTS.orchestrator}, generation ${DEFAULT_PORTS.generation}, scoring ${DEFAULT_PORTS.scoring}, validation ${DEFAULT_PORTS.validation})`,
    '  --metrics-port N     Prometheus /metrics port [BATT_METRICS_PORT] (default 9464; 0 turns it off)',
    `  --drain-s S          on SIGTERM, new calls get UNAVAILABLE and in-flight calls get this long; then the process exits [BATT_DRAIN_S] (default ${DEFAULT_DRAIN_S})`,
    '  --max-message-mb N   largest gRPC message sent or accepted [BATT_MAX_MESSAGE_MB] (default 64)',
    'Security (the orchestrator calls its stage services with the same settings):',
    ...SECURITY_USAGE,
    '  generation, scoring, validation:',
    `  --workers N          worker threads [BATT_WORKERS] (default: usable CPUs, cgroup quota included; here ${defaultWorkers()})`,
    '  --queue N            requests that may wait for a worker; more get RESOURCE_EXHAUSTED [BATT_QUEUE] (default 4 x workers)',
    '  --max-call-s S       longest one call may work, whatever deadline it came with [BATT_MAX_CALL_S] (default 300)',
    '  orchestrator:',
    '  --generation T,...   generation targets: host:port or dns:///name:port [BATT_GENERATION]',
    '  --scoring T,...      scoring targets [BATT_SCORING]',
    '  --validation T,...   validation targets [BATT_VALIDATION]',
    '  --store DIR          store directory [BATT_STORE] (default ./.batt)',
    '  --data PATH          tasks [BATT_DATA] (default: bundled ARC-AGI-1 training)',
    `  --concurrency N      tasks searched side by side [BATT_CONCURRENCY] (default ${DEFAULT_CONCURRENCY})`,
    `  --stage-timeout-s S  longest a stage call may take [BATT_STAGE_TIMEOUT_S] (default ${DEFAULT_STAGE_TIMEOUT_S})`,
    '',
    'Logs are JSON lines on stdout (level: BATT_LOG_LEVEL, default info). Health: grpc.health.v1.',
  ].join('\n'),

  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, {
      host: { type: 'string' },
      port: { type: 'string' },
      'metrics-port': { type: 'string' },
      'drain-s': { type: 'string' },
      'max-message-mb': { type: 'string' },
      workers: { type: 'string' },
      queue: { type: 'string' },
      'max-call-s': { type: 'string' },
      generation: { type: 'string' },
      scoring: { type: 'string' },
      validation: { type: 'string' },
      store: { type: 'string' },
      data: { type: 'string' },
      concurrency: { type: 'string' },
      'stage-timeout-s': { type: 'string' },
      ...SECURITY_OPTIONS,
    });
    const name = positionals[0] as (typeof SERVICES)[number] | undefined;
    if (!name || !SERVICES.includes(name)) throw new UsageError(`which service? one of ${SERVICES.join(', ')}`, true);
    if (positionals.length > 1) throw new UsageError(`unexpected argument ${quote(positionals[1]!)}`, true);
    const metricsPort = numberSetting(values['metrics-port'], 'BATT_METRICS_PORT', 9464, 'metricsPort');
    const settings = {
      host: values.host || process.env.BATT_HOST || DEFAULT_HOST,
      port: numberSetting(values.port, 'BATT_PORT', DEFAULT_PORTS[name], 'port'),
      metricsPort: metricsPort === 0 ? undefined : metricsPort,
      drainS: numberSetting(values['drain-s'], 'BATT_DRAIN_S', DEFAULT_DRAIN_S, 'drainS'),
      maxMessageBytes: numberSetting(values['max-message-mb'], 'BATT_MAX_MESSAGE_MB', 64, 'maxMessageMb') * 1024 * 1024,
      security: securityFrom(values),
      log: logger(name),
    };
    const stop = async (service: { shutdown(): Promise<void> }) => {
      await new Promise<void>((resolve) => {
        process.once('SIGTERM', () => resolve());
        process.once('SIGINT', () => resolve());
      });
      // Worker.terminate() cannot interrupt a native call, so a pool can take as long as its
      // longest call to close: past the drain (and a margin for the store and the pool), the
      // process exits anyway, and whatever runs it (batt run, Kubernetes) starts a fresh one.
      let closed = false;
      setTimeout(() => {
        if (closed) return;
        settings.log.warn({ drainS: settings.drainS }, 'calls still running after the drain: exiting anyway');
        // process.exit joins every worker thread, which waits for its native call to return.
        cancelAllCalls();
        process.exit(1);
      }, (settings.drainS + EXIT_MARGIN_S) * 1000).unref();
      await service.shutdown();
      closed = true;
      return 0;
    };
    if (name !== 'orchestrator') {
      const workers = numberSetting(values.workers, 'BATT_WORKERS', defaultWorkers(), 'workers');
      const svc = await startStage(name, {
        ...settings,
        workers,
        queue: numberSetting(values.queue, 'BATT_QUEUE', 4 * workers, 'queue'),
        maxCallS: numberSetting(values['max-call-s'], 'BATT_MAX_CALL_S', 300, 'maxCallS'),
      });
      io.err(`batt ${name} serving on ${settings.host}:${svc.port}`);
      return await stop(svc);
    }
    const endpoints = endpointsFrom(values);
    const missing = (Object.keys(endpoints) as (keyof Endpoints)[]).filter((k) => endpoints[k].length === 0).map((k) => `--${k} (or BATT_${k.toUpperCase()})`);
    if (missing.length > 0) throw new UsageError(`the orchestrator needs the other services' addresses: ${missing.join(', ')}`);
    const store = storeDir(values.store, { write: true });
    const data = loadData(values.data ?? process.env.BATT_DATA, io);
    const orch = new Orchestrator({
      stages: remoteStages(endpoints, { maxMessageBytes: settings.maxMessageBytes, security: settings.security }),
      storeDir: store,
      dataDir: data.dir,
      tasks: data.load.tasks,
      concurrency: numberSetting(values.concurrency, 'BATT_CONCURRENCY', DEFAULT_CONCURRENCY, 'concurrency'),
      stageTimeoutS: numberSetting(values['stage-timeout-s'], 'BATT_STAGE_TIMEOUT_S', DEFAULT_STAGE_TIMEOUT_S, 'stageTimeoutS'),
      version: battVersion(),
    });
    const svc = await startOrchestrator(orch, settings);
    io.err(`batt orchestrator serving on ${settings.host}:${svc.port}`);
    return await stop(svc);
  },
};
