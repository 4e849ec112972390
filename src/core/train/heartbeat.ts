// A sign of life from inside long synchronous computations. An evaluation over the test set
// on a slow backend can run for a minute without yielding to the event loop, so the worker
// cannot answer the page's pings; it calls beat() between batches instead, and the worker
// entry forwards a beat (at most a few per second) to the page's watchdog.

let listener: (() => void) | null = null;
let last = 0;
const MIN_GAP_MS = 250;

/** Where beats go (the worker sets it; null: nowhere). */
export function onHeartbeat(f: (() => void) | null): void {
  listener = f;
}

/** Says the computation is still making progress (cheap; forwarded at most every 250 ms). */
export function beat(): void {
  if (!listener) return;
  const now = performance.now();
  if (now - last < MIN_GAP_MS) return;
  last = now;
  listener();
}
