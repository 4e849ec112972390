// Wanda scores |w| · ‖x_j‖₂ by the input each weight reads (dense: its row; conv: its input
// channel), keeps pruned zeros below live weights, and prunes a loud input's small weight
// after a silent input's large one.
import { describe, expect, it } from 'vitest';
import { LIVE_FLOOR } from './criterion';
import { criterionUnit, CRITERIA } from './index';
import { wandaScores } from './wanda';

describe('wanda', () => {
  it('weighs dense weights by their input row’s norm', () => {
    // kernel [in 2, out 3]: row 0 reads input 0 (norm 10), row 1 input 1 (norm 0.5)
    const w = Float32Array.from([1, -2, 0.1, 3, -4, 0]);
    const s = wandaScores(w, [2, 3], Float32Array.from([10, 0.5]));
    expect(Array.from(s)).toEqual(Array.from(Float32Array.from([10, 20, 1, 1.5, 2, 0])));
    // the 0.1 weight on the loud input outranks the 3 on the quiet one: not magnitude's order
    expect(s[2]).toBeLessThan(s[3]);
    expect(s[3]).toBeGreaterThan(0);
  });

  it('weighs conv weights by their input channel’s norm at every kernel position', () => {
    // kernel [kh 1, kw 2, in 2, out 1]: flat index (x · 2 + c): channels alternate
    const w = Float32Array.from([1, 1, -1, 1]);
    expect(Array.from(wandaScores(w, [1, 2, 2, 1], Float32Array.from([2, 3])))).toEqual([2, 3, 2, 3]);
  });

  it('keeps a live weight on a silent input above the pruned zeros, and checks the norms fit the kernel', () => {
    const s = wandaScores(Float32Array.from([0, 5]), [2, 1], Float32Array.from([1, 0]));
    expect(Array.from(s)).toEqual([0, LIVE_FLOOR]);
    expect(() => wandaScores(Float32Array.from([1, 2]), [2, 1], Float32Array.from([1]))).toThrow(/input norms/);
  });

  it('is offered by the registry and asks for input statistics', () => {
    expect(CRITERIA).toContain('wanda');
    const unit = criterionUnit('wanda');
    expect(unit.needs).toBe('inputs');
    const kernels = [Float32Array.from([1, 2])];
    expect(() => unit.score({ kernels, shapes: [[2, 1]], seed: 1, gradients: null, inputs: null })).toThrow(/needs input statistics/);
    expect(Array.from(unit.score({ kernels, shapes: [[2, 1]], seed: 1, gradients: null, inputs: { norms: [Float32Array.from([3, 1])] } })[0])).toEqual([3, 2]);
  });
});
