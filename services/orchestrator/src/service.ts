// The orchestrator as a gRPC service: a thin shell over Orchestrator (runs stream their
// progress; solvers and submissions come from its store).
import { OrchestratorServiceService, type RunEvent, type RunRequest } from '@batt/proto';
import { CallError, deadlineAtMs, host, type Hosted, type Logger, type Security, serviceMetrics } from '@batt/rpc';
import * as grpc from '@grpc/grpc-js';
import { Counter } from 'prom-client';

import { type Orchestrator, RunRequestError } from './orchestrator.js';

export interface OrchestratorServeOptions {
  host: string;
  port: number;
  metricsPort?: number;
  drainS: number;
  maxMessageBytes?: number;
  security?: Security;
  log: Logger;
}

export async function startOrchestrator(orch: Orchestrator, opts: OrchestratorServeOptions): Promise<Hosted> {
  const metrics = serviceMetrics('orchestrator');
  const tasks = new Counter({ name: 'batt_tasks_total', help: 'Tasks searched, by outcome', labelNames: ['outcome'], registers: [metrics.registry] });
  const count = (method: string, code: grpc.status) => metrics.requests.inc({ method, code: grpc.status[code] });
  const fail = (method: string, e: unknown, cb: (err: grpc.ServiceError | null) => void) => {
    const code = e instanceof RunRequestError ? grpc.status.INVALID_ARGUMENT : grpc.status.INTERNAL;
    count(method, code);
    cb({ code, details: (e as Error).message } as grpc.ServiceError);
  };

  const handlers: grpc.UntypedServiceImplementation = {
    run(call: grpc.ServerWritableStream<RunRequest, RunEvent>) {
      const stop = metrics.latency.startTimer({ method: 'run' });
      if (orch.busy) {
        count('run', grpc.status.RESOURCE_EXHAUSTED);
        call.emit('error', { code: grpc.status.RESOURCE_EXHAUSTED, details: 'a run is already in progress on this orchestrator; retry later' });
        return;
      }
      // Only the caller of the run in progress may stop it by going away.
      let open = true;
      call.on('cancelled', () => {
        open = false;
        orch.stop();
      });
      const runDeadline = deadlineAtMs(call.getDeadline());
      metrics.inFlight.inc();
      orch
        .run(
          call.request,
          (ev) => {
            if (ev.task) tasks.inc({ outcome: ev.task.error ? 'error' : ev.task.solved ? 'solved' : ev.task.timeouts > 0 ? 'timeout' : 'unsolved' });
            if (open) call.write(ev);
          },
          runDeadline,
        )
        .then(
          () => {
            count('run', grpc.status.OK);
            if (open) call.end();
          },
          (e: Error) => {
            const code = e instanceof RunRequestError ? grpc.status.INVALID_ARGUMENT : e instanceof CallError ? e.code : grpc.status.INTERNAL;
            count('run', code);
            opts.log.error({ err: e.message }, 'run failed');
            if (open) call.emit('error', { code, details: e.message });
          },
        )
        .finally(() => {
          stop();
          metrics.inFlight.dec();
        });
    },
    listSolvers(call: grpc.ServerUnaryCall<{ taskId: string; solvedOnly: boolean }, unknown>, cb: grpc.sendUnaryData<unknown>) {
      try {
        const solvers = orch.solvers(call.request.taskId, call.request.solvedOnly);
        count('listSolvers', grpc.status.OK);
        cb(null, { solvers });
      } catch (e) {
        fail('listSolvers', e, cb);
      }
    },
    getSolver(call: grpc.ServerUnaryCall<{ hash: string }, unknown>, cb: grpc.sendUnaryData<unknown>) {
      let s;
      try {
        s = orch.solver(call.request.hash); // a malformed hash is INVALID_ARGUMENT, not NOT_FOUND
      } catch (e) {
        fail('getSolver', e, cb);
        return;
      }
      count('getSolver', s ? grpc.status.OK : grpc.status.NOT_FOUND);
      if (s) cb(null, s);
      else cb({ code: grpc.status.NOT_FOUND, details: `no stored solver with hash ${call.request.hash}` });
    },
    submission(call: grpc.ServerUnaryCall<{ taskIds: string[] }, unknown>, cb: grpc.sendUnaryData<unknown>) {
      try {
        const s = orch.submission(call.request.taskIds);
        count('submission', grpc.status.OK);
        cb(null, { json: JSON.stringify(s.json), tasks: s.tasks, predicted: s.predicted, testInputs: s.testInputs });
      } catch (e) {
        fail('submission', e, cb);
      }
    },
  };
  return host({
    name: 'orchestrator',
    grpcName: 'batt.v1.OrchestratorService',
    definition: OrchestratorServiceService,
    handlers,
    host: opts.host,
    port: opts.port,
    metricsPort: opts.metricsPort,
    registry: metrics.registry,
    drainS: opts.drainS,
    maxMessageBytes: opts.maxMessageBytes,
    security: opts.security,
    // No connection recycling: a Run on a connection that got a GOAWAY is dropped at the next
    // keepalive ping (grpc-node#3068; see channel.ts). One orchestrator: nothing to rebalance.
    log: opts.log,
    // A run in progress stops starting tasks; the ones in flight finish and the summary is sent.
    draining: () => orch.stop(),
    // The store closes only once the run writing to it has stopped (orch.close waits for it).
    stopped: async () => {
      await orch.close();
      orch.opts.stages.close();
    },
  });
}
