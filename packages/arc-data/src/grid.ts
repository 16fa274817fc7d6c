/** ARC grids as bytes: `h` rows of `w` colours, row-major. Never nested JS arrays past loading. */
import { quote, QUOTE_MAX } from './quote.js';

/** A value as JSON, quoted and cut only when it is long (a cell is usually `10` or `"1"`). */
const bounded = (json: string) => (json.length <= QUOTE_MAX ? json : quote(json));

export interface Grid {
  h: number;
  w: number;
  cells: Uint8Array;
}

export const MAX_SIDE = 30;

/** Thrown for a grid that is not an ARC grid; `reason` says why and where. */
export class GridError extends Error {}

/** Converts a JSON grid (list of rows of ints) into a Grid, checking ARC's rules. */
export function parseGrid(json: unknown, where: string): Grid {
  if (!Array.isArray(json)) throw new GridError(`${where}: grid is not a list of rows`);
  const h = json.length;
  if (h < 1 || h > MAX_SIDE) throw new GridError(`${where}: ${h} rows (must be 1..${MAX_SIDE})`);
  const first: unknown = json[0];
  if (!Array.isArray(first)) throw new GridError(`${where}: row 0 is not a list`);
  const w = first.length;
  if (w < 1 || w > MAX_SIDE) throw new GridError(`${where}: ${w} columns (must be 1..${MAX_SIDE})`);
  const cells = new Uint8Array(h * w);
  for (let i = 0; i < h; i++) {
    const row: unknown = json[i];
    if (!Array.isArray(row)) throw new GridError(`${where}: row ${i} is not a list`);
    if (row.length !== w) throw new GridError(`${where}: row ${i} has ${row.length} cells, row 0 has ${w} (not rectangular)`);
    for (let j = 0; j < w; j++) {
      const c: unknown = row[j];
      if (typeof c !== 'number' || !Number.isInteger(c) || c < 0 || c > 9) {
        throw new GridError(`${where}: cell (${i}, ${j}) is ${bounded(JSON.stringify(c) ?? String(c))} (colours are integers 0..9)`);
      }
      cells[i * w + j] = c;
    }
  }
  return { h, w, cells };
}

/** The JSON form of a grid (list of rows), for submissions and printing. */
export function gridToJson(g: Grid): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < g.h; i++) rows.push(Array.from(g.cells.subarray(i * g.w, (i + 1) * g.w)));
  return rows;
}

export function gridsEqual(a: Grid, b: Grid): boolean {
  if (a.h !== b.h || a.w !== b.w) return false;
  for (let k = 0; k < a.cells.length; k++) if (a.cells[k] !== b.cells[k]) return false;
  return true;
}

/** Many grids packed for one native call: `shapes` holds h, w per grid. */
export interface GridBatch {
  cells: Uint8Array;
  shapes: Uint32Array;
}

export function packGrids(grids: readonly Grid[]): GridBatch {
  let total = 0;
  for (const g of grids) total += g.cells.length;
  const cells = new Uint8Array(total);
  const shapes = new Uint32Array(grids.length * 2);
  let off = 0;
  grids.forEach((g, k) => {
    cells.set(g.cells, off);
    off += g.cells.length;
    shapes[2 * k] = g.h;
    shapes[2 * k + 1] = g.w;
  });
  return { cells, shapes };
}

/** Splits a packed batch back into grids; a `0 x 0` slot (no grid) becomes `null`. */
export function unpackGrids(batch: GridBatch): (Grid | null)[] {
  const out: (Grid | null)[] = [];
  let off = 0;
  for (let k = 0; k < batch.shapes.length / 2; k++) {
    const h = batch.shapes[2 * k]!;
    const w = batch.shapes[2 * k + 1]!;
    if (h === 0 || w === 0) {
      out.push(null);
      continue;
    }
    out.push({ h, w, cells: batch.cells.slice(off, off + h * w) });
    off += h * w;
  }
  return out;
}
