// Validation worker thread: decode, validate, encode.
import { ValidateRequest, ValidateResponse } from '@batt/proto/messages';
import { workerMethod } from '@batt/rpc/worker';

import { validate as stage } from './stage.js';

export { ping } from '@batt/rpc/worker';
export const validate = workerMethod(ValidateRequest, ValidateResponse, stage);
