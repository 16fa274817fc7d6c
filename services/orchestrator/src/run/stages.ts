// The three stages as the orchestrator sees them: either remote services (gRPC, balanced and
// retried) or the same stage functions called in this thread (`--in-process`, the baseline
// the services are benchmarked against). Same requests, same replies, only the transport differs.
import { generate } from '@batt/generation-service';
import {
  type GenerateRequest,
  type GenerateResponse,
  GenerationServiceService,
  type ScoreRequest,
  type ScoreResponse,
  ScoringServiceService,
  type ValidateRequest,
  type ValidateResponse,
  ValidationServiceService,
} from '@batt/proto';
import { BalancedClient, CallError, DeadlineExpired, type Security, targets, type UnaryMethod } from '@batt/rpc';
import { score } from '@batt/scoring-service';
import { validate } from '@batt/validation-service';
import * as grpc from '@grpc/grpc-js';

export interface Stages {
  /** `deadline`: epoch milliseconds; a stage that passes it rejects with a timeout. */
  generate(req: GenerateRequest, deadline: number): Promise<GenerateResponse>;
  score(req: ScoreRequest, deadline: number): Promise<ScoreResponse>;
  validate(req: ValidateRequest, deadline: number): Promise<ValidateResponse>;
  /** Resolves once every service answers (remote), or rejects naming the one that does not. */
  waitReady(deadline: number): Promise<void>;
  close(): void;
}

/** A stage that stopped at its deadline: counted as a timeout, never as an error. */
export function isTimeout(e: unknown): boolean {
  return e instanceof DeadlineExpired || (e instanceof CallError && e.code === grpc.status.DEADLINE_EXCEEDED);
}

export interface Endpoints {
  generation: string[];
  scoring: string[];
  validation: string[];
}

/** Targets from `--generation/--scoring/--validation`, else BATT_GENERATION/... (empty: none). */
export function endpointsFrom(flags: { generation?: string; scoring?: string; validation?: string }): Endpoints {
  return {
    generation: targets(flags.generation, 'BATT_GENERATION'),
    scoring: targets(flags.scoring, 'BATT_SCORING'),
    validation: targets(flags.validation, 'BATT_VALIDATION'),
  };
}

export interface RemoteOptions {
  maxMessageBytes?: number;
  /** TLS and token for the stage services called... */
  security?: Security;
  /** ...except these, started in this process on loopback without either. */
  embedded?: readonly (keyof Endpoints)[];
}

export function remoteStages(endpoints: Endpoints, o: RemoteOptions = {}): Stages {
  const client = (name: keyof Endpoints) => new BalancedClient(name, endpoints[name], o.maxMessageBytes, o.embedded?.includes(name) ? undefined : o.security);
  const gen = client('generation');
  const sc = client('scoring');
  const val = client('validation');
  const m = <Req, Res>(d: UnaryMethod<Req, Res>) => d;
  return {
    generate: (r, d) => gen.call(m<GenerateRequest, GenerateResponse>(GenerationServiceService.generate), r, d),
    score: (r, d) => sc.call(m<ScoreRequest, ScoreResponse>(ScoringServiceService.score), r, d),
    validate: (r, d) => val.call(m<ValidateRequest, ValidateResponse>(ValidationServiceService.validate), r, d),
    waitReady: async (deadline) => {
      for (const c of [gen, sc, val]) {
        try {
          await c.waitReady(deadline);
        } catch (e) {
          throw new CallError(grpc.status.UNAVAILABLE, `cannot reach the ${c.service} service at ${c.targets.join(', ')}: ${(e as Error).message}`);
        }
      }
    },
    close: () => [gen, sc, val].forEach((c) => c.close()),
  };
}

export function localStages(): Stages {
  const at = (deadline: number) => (Number.isFinite(deadline) ? deadline : undefined);
  // One turn of the event loop per call: N-API finalizers (which free the native buffers of
  // the replies) and signal handlers run there, and a loop of resolved promises never yields.
  const turn = () => new Promise((r) => setImmediate(r));
  return {
    generate: async (r, d) => (await turn(), generate(r, at(d)).reply),
    score: async (r, d) => (await turn(), score(r, at(d)).reply),
    validate: async (r, d) => (await turn(), validate(r, at(d)).reply),
    waitReady: async () => {},
    close: () => {},
  };
}
