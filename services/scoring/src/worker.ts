// Scoring worker thread: decode, score, encode.
import { ScoreRequest, ScoreResponse } from '@batt/proto/messages';
import { workerMethod } from '@batt/rpc/worker';

import { score as stage } from './stage.js';

export { ping } from '@batt/rpc/worker';
export const score = workerMethod(ScoreRequest, ScoreResponse, stage);
