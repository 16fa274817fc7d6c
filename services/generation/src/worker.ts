// Generation worker thread: decode, generate, encode.
import { GenerateRequest, GenerateResponse } from '@batt/proto/messages';
import { workerMethod } from '@batt/rpc/worker';

import { generate as stage } from './stage.js';

export { ping } from '@batt/rpc/worker';
export const generate = workerMethod(GenerateRequest, GenerateResponse, stage);
