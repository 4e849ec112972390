// Shows a fast-changing value at most every `ms` milliseconds (the latest one, never a
// stale one: the last change is always shown once the interval has passed). Live training
// curves use it so the page's main thread leaves the CPU to the training worker.

import { useEffect, useRef, useState } from 'react';

export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    const wait = Math.max(0, last.current + ms - performance.now());
    const timer = setTimeout(() => {
      last.current = performance.now();
      setShown(value);
    }, wait);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return shown;
}
