// The kept positions of a held mask as tiles of four adjacent output channels, for the weight
// gradient at kept positions (the sp_dw driver).
//
// Why this file exists: dW[(fy, fx, ci), co] is contiguous in co, and so is dy[pixel, co], so
// four adjacent output channels of one filter tap make one vector: its lanes are four separate
// sums, each taken in exactly the dense kernel's order (bit-identical), and a tile whose four
// positions are all pruned is skipped. A lane mask stores the kept lanes only.
import { DW_TILE_GROUP as TILE_GROUP } from './kernels/abi';
import type { FilterShape } from './sparseForm';

/** Bytes per tile record: i32 fy, i32 column byte offset (fx·cin + ci)·4, i32 dy byte offset 4·co0, i32 dW byte offset, then a v128 lane mask. */
export const TILE_BYTES = 32;

/** The tile records (as i32) and each task's first tile (tasks + 1 entries). */
export interface KeptTiles {
  readonly records: Int32Array;
  readonly starts: Int32Array;
}

/** Tiles per task at least (unless there are fewer), and tasks at most: the split depends on the mask only, and the results not at all. */
const TASK_TILES = 64;
const MAX_TASKS = 16;

/**
 * Tiles of the kept positions of an HWIO mask, split into up to MAX_TASKS tasks (each padded with tiles that store nothing to a multiple of DW_TILE_GROUP) of whole filter taps
 * (a tap's tiles may overlap when cout is not a multiple of 4: the last one starts at cout − 4,
 * and its lanes are written one tile after the other by one task). Needs cout ≥ 4.
 */
export function keptTiles(mask: Uint8Array, shape: FilterShape): KeptTiles {
  const [kh, kw, cin, cout] = shape;
  const taps = kh * kw * cin;
  const perTap: number[][] = [];
  let total = 0;
  for (let t = 0; t < taps; t++) {
    const tiles: number[] = [];
    for (let q = 0; q < cout; q += 4) {
      const co0 = Math.min(q, cout - 4);
      const lanes = [0, 1, 2, 3].map((l) => (co0 + l >= q && co0 + l < q + 4 && mask[t * cout + co0 + l] === 1 ? -1 : 0));
      if (lanes.some((l) => l !== 0)) tiles.push(Math.floor(t / (kw * cin)), 4 * (t % (kw * cin)), 4 * co0, 4 * (t * cout + co0), ...lanes);
    }
    perTap.push(tiles);
    total += tiles.length / 8;
  }
  const target = Math.max(TASK_TILES, Math.ceil(total / MAX_TASKS));
  const records: number[] = [];
  const starts = [0];
  let inTask = 0;
  let first = -1;
  const close = () => {
    while ((records.length / 8) % TILE_GROUP !== 0) records.push(0, 0, 0, first, 0, 0, 0, 0);
    starts.push(records.length / 8);
    inTask = 0;
  };
  for (const tiles of perTap) {
    if (tiles.length === 0) continue;
    if (inTask === 0) first = tiles[3];
    records.push(...tiles);
    inTask += tiles.length / 8;
    if (inTask >= target) close();
  }
  if (inTask > 0) close();
  return { records: Int32Array.from(records), starts: Int32Array.from(starts) };
}
