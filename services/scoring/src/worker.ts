// Scoring worker thread: decode, score, encode.
import { ScoreRequest, ScoreResponse } from '@batt/proto';
import { workerMethod } from '@batt/rpc';

import { score as stage } from './stage.js';

export { ping } from '@batt/rpc';
export const score = workerMethod(ScoreRequest, ScoreResponse, stage);
