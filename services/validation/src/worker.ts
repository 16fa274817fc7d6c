// Validation worker thread: decode, validate, encode.
import { ValidateRequest, ValidateResponse } from '@batt/proto';
import { workerMethod } from '@batt/rpc';

import { validate as stage } from './stage.js';

export { ping } from '@batt/rpc';
export const validate = workerMethod(ValidateRequest, ValidateResponse, stage);
