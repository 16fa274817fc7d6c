// The validation service: a gRPC shell around `stage.ts` on its own worker pool.
import { ValidationServiceService } from '@batt/proto';
import type { ServiceSpec } from '@batt/rpc';

export { validate } from './stage.js';

export const validationSpec: ServiceSpec = {
  name: 'validation',
  grpcName: 'batt.v1.ValidationService',
  definition: ValidationServiceService,
  worker: new URL('./worker.js', import.meta.url).href,
};
