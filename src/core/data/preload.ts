// Everything the page can ever fetch for both datasets and every shipped model, fetched
// once into the data cache (a teacher readies a classroom laptop before the lesson): one
// file at a time, each verified as any download is, so little memory is held at once and
// a file already cached costs no network.

import { fetchDataFile, fetchManifest, type LoadOptions } from './fetchData';
import type { DataFileEntry, DataManifest } from './manifest';

/** Every data file the manifest lists: both datasets and each shipped model. */
export function allDataFiles(manifest: DataManifest): DataFileEntry[] {
  const trained = Object.values(manifest.trained).flatMap((t) => (t ? [t.files.model, t.files.weights] : []));
  return [...Object.values(manifest.mnist.files), ...Object.values(manifest.imdb.files), ...trained];
}

export interface PreloadProgress {
  readonly loadedBytes: number;
  readonly totalBytes: number;
  readonly file: string;
}

/** Fetches (or finds cached) every data file; progress is over their summed download sizes. Resolves with the files' count. */
export async function preloadAll(opts: LoadOptions, onProgress: (p: PreloadProgress) => void): Promise<number> {
  const manifest = await fetchManifest(opts);
  const files = allDataFiles(manifest);
  const totalBytes = files.reduce((s, f) => s + f.gzipBytes, 0);
  let done = 0;
  for (const entry of files) {
    await fetchDataFile(entry, opts, (received, expected) => {
      const part = expected > 0 ? Math.min(1, received / expected) * entry.gzipBytes : 0;
      onProgress({ loadedBytes: Math.round(done + part), totalBytes, file: entry.path });
    });
    done += entry.gzipBytes;
    onProgress({ loadedBytes: done, totalBytes, file: entry.path });
  }
  return files.length;
}
