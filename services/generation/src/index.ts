// The generation service: a gRPC shell around `stage.ts` on its own worker pool.
import { GenerationServiceService } from '@batt/proto';
import type { ServiceSpec } from '@batt/rpc';

export { generate } from './stage.js';

export const generationSpec: ServiceSpec = {
  name: 'generation',
  grpcName: 'batt.v1.GenerationService',
  definition: GenerationServiceService,
  worker: new URL('./worker.js', import.meta.url).href,
};
