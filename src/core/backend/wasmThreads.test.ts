// Thread counts for the wasm backend: every core for PruneLab's kernels, one for tfjs's XNNPACK
// pool when ours run threads, else every core for XNNPACK (past its cores / 2 cap).
import { describe, expect, it } from 'vitest';
import { ownKernelThreadsExpected, useAllCoresForWasm, wantedThreads } from './wasmThreads';

/** Like WorkerNavigator: hardwareConcurrency is a getter on the prototype. */
function fakeNavigator(cores: number): { hardwareConcurrency?: number } {
  return Object.create({
    get hardwareConcurrency() {
      return cores;
    },
  }) as { hardwareConcurrency?: number };
}

describe('wasm thread count', () => {
  it('asks for every logical core, within tfjs pool limits', () => {
    expect(wantedThreads(2)).toBe(2);
    expect(wantedThreads(16)).toBe(8);
    expect(wantedThreads(undefined)).toBe(1);
    expect(wantedThreads(0)).toBe(1);
  });

  it('without threads of our own: reports twice the cores while the module starts (tfjs halves it), then restores the navigator', () => {
    const nav = fakeNavigator(2);
    const restore = useAllCoresForWasm(nav, false);
    expect(nav.hardwareConcurrency).toBe(4);
    restore();
    expect(nav.hardwareConcurrency).toBe(2);
    expect(Object.prototype.hasOwnProperty.call(nav, 'hardwareConcurrency')).toBe(false);
  });

  it('with threads of our own: tfjs keeps one thread, so the navigator is left alone', () => {
    const nav = fakeNavigator(2);
    useAllCoresForWasm(nav, true)();
    expect(nav.hardwareConcurrency).toBe(2);
    expect(Object.prototype.hasOwnProperty.call(nav, 'hardwareConcurrency')).toBe(false);
  });

  it('our kernels expect no helper threads under Node (no Web Workers, not cross-origin isolated)', () => {
    expect(ownKernelThreadsExpected()).toBe(false);
  });

  it('leaves a navigator without hardwareConcurrency alone', () => {
    const nav: { hardwareConcurrency?: number } = {};
    useAllCoresForWasm(nav)();
    expect(nav).toEqual({});
  });
});
