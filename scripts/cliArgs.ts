// Minimal `--name value` command-line options for the measurement scripts.
// Why this file exists: scripts take a handful of numeric/string flags and need no parser
// dependency; a malformed number must fail loudly rather than become NaN.

/** The value after `--name`, or undefined when the flag is absent. */
export function argString(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

/** The number after `--name`, `fallback` when absent; throws on a non-number. */
export function argNumber(name: string, fallback: number): number {
  const s = argString(name);
  if (s === undefined) return fallback;
  const v = Number(s);
  if (!Number.isFinite(v)) throw new Error(`--${name} needs a number, got ${s}`);
  return v;
}
