// The kept positions of a held mask as tiles of four adjacent output channels, for the weight
// gradient at kept positions (the sp_dw driver).
//
// Why this file exists: dW[(fy, fx, ci), co] is contiguous in co, and so is dy[pixel, co], so
// four adjacent output channels of one filter tap make one vector: its lanes are four separate
// sums, each taken in exactly the dense kernel's order (bit-identical), and a tile whose four
// positions are all pruned is skipped. A lane mask stores the kept lanes only. The tiles of one
// tap go in sets of DW_SET_TILES that share the tap's input value (one broadcast for the set).
import { DW_SET_BYTES, DW_SET_TILES, DW_TILE_GROUP } from './kernels/abi';
import type { FilterShape } from './sparseForm';

/** The sets as i32 (DW_SET_BYTES each) and each task's first set (tasks + 1 entries). */
export interface KeptTiles {
  readonly records: Int32Array;
  readonly starts: Int32Array;
  /** Tiles summed (dummies included) over all tiles (taps × ⌈cout / 4⌉): the share of the dense kernel's vectors. */
  readonly fraction: number;
}

/** Sets per task at least (unless there are fewer), and tasks at most: the split depends on the mask only, and the results not at all. */
const TASK_SETS = 16;
const MAX_TASKS = 16;
const WORDS = DW_SET_BYTES / 4;

/**
 * One set: i32 fy, i32 column byte offset (fx·cin + ci)·4, DW_SET_TILES dy byte offsets 4·co0,
 * DW_SET_TILES dW byte offsets, then (at 16-byte alignment) a v128 lane mask per tile. Tiles that
 * store nothing (mask 0) fill a tap's last set, writing back the tap's first tile.
 */
function tapSets(t: number, tiles: { co0: number; lanes: number[] }[], kw: number, cin: number, cout: number): number[] {
  const out: number[] = [];
  for (let s = 0; s < tiles.length; s += DW_SET_TILES) {
    const set = new Array<number>(WORDS).fill(0);
    set[0] = Math.floor(t / (kw * cin));
    set[1] = 4 * (t % (kw * cin));
    const maskAt = WORDS - 4 * DW_SET_TILES;
    for (let i = 0; i < DW_SET_TILES; i++) {
      const tile = tiles[s + i];
      set[2 + i] = tile ? 4 * tile.co0 : 0;
      set[2 + DW_SET_TILES + i] = 4 * (t * cout + (tile ?? tiles[0]).co0);
      if (tile) set.splice(maskAt + 4 * i, 4, ...tile.lanes);
    }
    out.push(...set);
  }
  return out;
}

/**
 * Sets of tiles of the kept positions of an HWIO mask (a tap's tiles may overlap when cout is not
 * a multiple of 4: the last one starts at cout − 4; its lanes are written one tile after another by
 * one task), split into up to MAX_TASKS tasks of whole taps, each padded with an empty set to a
 * multiple of DW_TILE_GROUP sets. Needs cout ≥ 4.
 */
export function keptTiles(mask: Uint8Array, shape: FilterShape): KeptTiles {
  const [kh, kw, cin, cout] = shape;
  const taps = kh * kw * cin;
  const perTap: number[][] = [];
  let sets = 0;
  for (let t = 0; t < taps; t++) {
    const tiles: { co0: number; lanes: number[] }[] = [];
    for (let q = 0; q < cout; q += 4) {
      const co0 = Math.min(q, cout - 4);
      const lanes = [0, 1, 2, 3].map((l) => (co0 + l >= q && mask[t * cout + co0 + l] === 1 ? -1 : 0));
      if (lanes.some((l) => l !== 0)) tiles.push({ co0, lanes });
    }
    const rec = tapSets(t, tiles, kw, cin, cout);
    perTap.push(rec);
    sets += rec.length / WORDS;
  }
  const target = Math.max(TASK_SETS, Math.ceil(sets / MAX_TASKS));
  const records: number[] = [];
  const starts = [0];
  let inTask = 0;
  let first: number[] = [];
  const close = () => {
    while ((records.length / WORDS) % DW_TILE_GROUP !== 0) records.push(...first);
    starts.push(records.length / WORDS);
    inTask = 0;
  };
  for (const rec of perTap) {
    if (rec.length === 0) continue;
    if (inTask === 0) first = [0, 0, ...new Array<number>(DW_SET_TILES).fill(0), ...new Array<number>(DW_SET_TILES).fill(rec[2 + DW_SET_TILES]), ...new Array<number>(WORDS - 2 - 2 * DW_SET_TILES).fill(0)];
    records.push(...rec);
    inTask += rec.length / WORDS;
    if (inTask >= target) close();
  }
  if (inTask > 0) close();
  return { records: Int32Array.from(records), starts: Int32Array.from(starts), fraction: (records.length / WORDS) * DW_SET_TILES / (taps * Math.ceil(cout / 4)) };
}
