// Validation as a pure function of its request (the worker and the in-process path both call it).
import { ValidationStatus, validatePrograms } from '@batt/native';
import { Validated_Status, type ValidateRequest, type ValidateResponse } from '@batt/proto/messages';
import { DeadlineExpired, nativeTask, type StageResult } from '@batt/rpc/worker';

/** `deadlineAtMs`: epoch ms (`Date.now()`); past it the native call stops and this throws. */
export function validate(req: ValidateRequest, deadlineAtMs?: number): StageResult<ValidateResponse> {
  const v = validatePrograms(nativeTask(req.task), req.programs, { fuel: req.fuel || undefined, deadlineAtMs });
  if (v.expired) throw new DeadlineExpired(`validation for ${req.task!.id} stopped at the deadline`);
  return {
    reply: {
      results: v.results.map((r) => ({
        status: r.status === ValidationStatus.Ok ? Validated_Status.STATUS_OK : Validated_Status.STATUS_INVALID,
        error: r.error,
        hash: r.hash,
        canonical: r.canonical,
        score: r.score,
        partial: r.partial,
        exact: r.exact,
        pairStatus: r.pairStatus,
        micros: r.micros,
        work: r.work,
        predictions: { cells: Buffer.from(r.predCells.buffer, r.predCells.byteOffset, r.predCells.byteLength), shapes: Array.from(r.predShapes) },
      })),
      work: v.work,
    },
    items: req.programs.length,
  };
}
