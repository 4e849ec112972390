import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { patchThreadedFactory } from './wasmThreadsPatch';

const require = createRequire(import.meta.url);
const file = require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js');

describe('wasmThreadsPatch', () => {
  it("removes every reference to the outer _scriptDir from tfjs's threaded factory body", () => {
    const source = readFileSync(file, 'utf8');
    const body = (code: string) => code.slice(code.indexOf('function(WasmBackendModuleThreadedSimd)'));
    expect(body(source)).toContain('_scriptDir');
    const patched = patchThreadedFactory(source);
    expect(body(patched)).not.toContain('_scriptDir');
    expect(patched.length).toBeGreaterThan(source.length - 200);
  });

  it('fails loudly when tfjs changes the text it expects', () => {
    expect(() => patchThreadedFactory('var x = 1;')).toThrow(/expected text not found/);
  });
});
