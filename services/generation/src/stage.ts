// Generation as a pure function of its request (the worker and the in-process path both call it).
import { generateBatt } from '@batt/native';
import type { GenerateRequest, GenerateResponse } from '@batt/proto/messages';
import { DeadlineExpired, nativeTask, type StageResult } from '@batt/rpc/worker';

/** `deadlineAtMs`: epoch ms (`Date.now()`); past it the native call stops and this throws. */
export function generate(req: GenerateRequest, deadlineAtMs?: number): StageResult<GenerateResponse> {
  const g = generateBatt(
    nativeTask(req.task),
    req.seeds.map((s) => ({ taskId: s.taskId, score: s.score, text: s.text })),
    req.seedTasks.map(nativeTask),
    { rngSeed: req.rngSeed, mutationRounds: req.mutationRounds || undefined, deadlineAtMs },
  );
  if (g.expired) throw new DeadlineExpired(`generation for ${req.task!.id} stopped at the deadline`);
  return {
    reply: {
      program: g.program,
      steps: g.steps,
      lineage: g.lineage,
      stepLineage: Array.from(g.stepLineage),
      generated: g.generated,
      skippedSeeds: g.skippedSeeds,
      micros: g.micros,
      work: g.work,
    },
    items: g.generated,
  };
}
