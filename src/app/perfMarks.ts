// Slider latency instrumentation for `npm run bench`: the time from a slider input event
// to the frame after the charts re-rendered with that move's stats. Kept on
// window.__prunelab so a headless browser can read it; costs two numbers per move.

interface PruneLabPerf {
  readonly sliderLatencies: number[];
}

declare global {
  interface Window {
    __prunelab?: PruneLabPerf;
  }
}

const started = new Map<number, number>();

export function markSliderInput(id: number): void {
  started.set(id, performance.now());
}

/** Call after the charts committed the stats of request `id`. */
export function markChartsRendered(id: number): void {
  const t0 = started.get(id);
  if (t0 === undefined) return;
  started.clear(); // older moves were superseded
  requestAnimationFrame(() => {
    const perf = (window.__prunelab ??= { sliderLatencies: [] });
    perf.sliderLatencies.push(performance.now() - t0);
    if (perf.sliderLatencies.length > 1000) perf.sliderLatencies.shift();
  });
}
