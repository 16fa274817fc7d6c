// Generation worker thread: decode, generate, encode.
import { GenerateRequest, GenerateResponse } from '@batt/proto';
import { workerMethod } from '@batt/rpc';

import { generate as stage } from './stage.js';

export { ping } from '@batt/rpc';
export const generate = workerMethod(GenerateRequest, GenerateResponse, stage);
