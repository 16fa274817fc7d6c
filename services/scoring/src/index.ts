// The scoring service: a gRPC shell around `stage.ts` on its own worker pool.
import { ScoringServiceService } from '@batt/proto';
import type { ServiceSpec } from '@batt/rpc';

export { score } from './stage.js';

export const scoringSpec: ServiceSpec = {
  name: 'scoring',
  grpcName: 'batt.v1.ScoringService',
  definition: ScoringServiceService,
  worker: new URL('./worker.js', import.meta.url).href,
};
