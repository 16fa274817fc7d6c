// Tasks between their three shapes: loaded (@batt/arc-data), on the wire (batt.v1.Task) and
// native (packed bytes). The wire shape is made from `forSearch`, so test outputs never leave
// the orchestrator.
import { forSearch, packGrids, type Grid, type Task as ArcTask } from '@batt/arc-data';
import type { Task } from '@batt/proto';

export function taskMessage(task: ArcTask): Task {
  const t = forSearch(task);
  const grids: Grid[] = [];
  for (const p of t.train) grids.push(p.input, p.output);
  for (const p of t.test) grids.push(p.input);
  const packed = packGrids(grids);
  return { id: t.id, train: t.train.length, test: t.test.length, cells: Buffer.from(packed.cells.buffer, packed.cells.byteOffset, packed.cells.byteLength), shapes: Array.from(packed.shapes) };
}

/** The native binding's task argument. */
export interface NativeTask {
  id: string;
  train: number;
  test: number;
  cells: Uint8Array;
  shapes: Uint32Array;
}

export function nativeTask(t: Task | undefined): NativeTask {
  if (!t) throw new InvalidRequest('task is required');
  return { id: t.id, train: t.train, test: t.test, cells: t.cells, shapes: Uint32Array.from(t.shapes) };
}

/** A request that cannot be served as sent (answered INVALID_ARGUMENT). */
export class InvalidRequest extends Error {}

/** The deadline passed while working (answered DEADLINE_EXCEEDED; not an error of the request). */
export class DeadlineExpired extends Error {}
