// Scoring as a pure function of its request (the worker and the in-process path both call it).
import { scoreBatt } from '@batt/native';
import type { ScoreRequest, ScoreResponse } from '@batt/proto/messages';
import { DeadlineExpired, nativeTask, type StageResult } from '@batt/rpc/worker';

/** `deadlineAtMs`: epoch ms (`Date.now()`); past it the native call stops and this throws. */
export function score(req: ScoreRequest, deadlineAtMs?: number): StageResult<ScoreResponse> {
  const s = scoreBatt(nativeTask(req.task), req.program, {
    maxCandidates: req.maxCandidates || undefined,
    nodeFuel: req.nodeFuel || undefined,
    inputFuel: req.inputFuel || undefined,
    enumerate: req.enumerate,
    compose: req.compose,
    blockArgCost: req.blockArgCost,
    deadlineAtMs,
  });
  if (s.expired) throw new DeadlineExpired(`scoring for ${req.task!.id} stopped at the deadline`);
  return {
    reply: {
      candidates: s.proposals.map((p) => ({ ...p, lineage: p.lineage ?? '' })),
      steps: s.steps,
      scored: s.scored,
      unique: s.unique,
      evaluated: s.evaluated,
      failed: s.failed,
      scoringUs: s.scoringUs,
      dedupUs: s.dedupUs,
      enumerated: s.enumerated,
      enumerationEvals: s.enumerationEvals,
      enumerationTruncated: s.enumerationTruncated,
      composed: s.composed,
      work: s.work,
    },
    items: s.scored,
  };
}
