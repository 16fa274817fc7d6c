// Starting services in this process: what `batt serve` runs, and what `batt run` starts on
// loopback for every stage it was not given remote endpoints for.
import { generationSpec } from '@batt/generation-service';
import { defaultWorkers, type Logger, type RunningService, type Security, type ServiceSpec, startService } from '@batt/rpc';
import { scoringSpec } from '@batt/scoring-service';
import { validationSpec } from '@batt/validation-service';

export const STAGE_SPECS: Record<'generation' | 'scoring' | 'validation', ServiceSpec> = {
  generation: generationSpec,
  scoring: scoringSpec,
  validation: validationSpec,
};

export const DEFAULT_PORTS = { orchestrator: 50050, generation: 50051, scoring: 50052, validation: 50053 } as const;

export type StageName = keyof typeof STAGE_SPECS;

export interface PoolSettings {
  workers?: number;
  queue?: number;
}

/** Starts a stage service; `workers` defaults to the CPUs this process may use, `queue` to 4 per worker. */
export async function startStage(name: StageName, o: { host: string; port: number; metricsPort?: number; drainS: number; maxMessageBytes?: number; maxCallS?: number; security?: Security; log: Logger } & PoolSettings): Promise<RunningService> {
  const workers = o.workers ?? defaultWorkers();
  return startService(STAGE_SPECS[name], { ...o, workers, queue: o.queue ?? 4 * workers });
}
