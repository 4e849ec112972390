// The measurement scripts' log line: the time of day, then the message.
// Why this file exists: every script and helper logs progress the same way, and the
// helpers that log must not pull in the lab session just for that.

/** A timestamped log line, e.g. "[12:03:41] dense: 98.36 %". */
export const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
