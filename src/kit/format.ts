// How numbers read on screen, in one place: percentages, counts, bytes and durations.

/** 0.9891 → "98.91%". */
export function formatPercent(fraction: number, digits = 2): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}

const COUNT = new Intl.NumberFormat('en-US'); // one formatter: toLocaleString builds one per call

/** 431080 → "431,080". */
export function formatCount(n: number): string {
  return COUNT.format(Math.round(n));
}

/** Bytes in KiB with one decimal. */
export function formatKiB(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

/** Bytes in MB (10^6) with one decimal. */
export function formatMB(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** What an action's label adds when it must fetch the training data first: " (downloads 9.6 MB of training data first)", or nothing. */
export function downloadsFirst(bytes: number | null | undefined): string {
  return bytes ? ` (downloads ${formatMB(bytes)} of training data first)` : '';
}

/** Seconds as "42 s", "3 min 05 s" or "1 h 02 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${String(Math.round(seconds - m * 60)).padStart(2, '0')} s`;
  const h = Math.floor(m / 60);
  return `${h} h ${String(m - h * 60).padStart(2, '0')} min`;
}

