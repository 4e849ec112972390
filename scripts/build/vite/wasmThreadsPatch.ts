// Vite plugin: makes tfjs-backend-wasm's multi-threaded build survive minification.
// tfjs starts each pthread worker from `factory.toString()`. The factory's body reads
// `_scriptDir`, a variable of its enclosing closure, guarded by `typeof`; a minifier renames
// that variable and drops the guard, so the worker's copy throws "e is not defined" and no
// thread ever starts. We always pass the wasm URLs and the main-script Blob explicitly, so
// the two references are dead: remove them before the bundler sees the file.

import type { Plugin } from 'vite';

const TARGET = /tfjs-backend-wasm-threaded-simd\.js$/;
const EDITS: readonly (readonly [string, string])[] = [
  ['if(typeof _scriptDir !== "undefined" && _scriptDir){scriptDirectory=_scriptDir}', ''],
  ['"urlOrBlob":Module["mainScriptUrlOrBlob"]||_scriptDir', '"urlOrBlob":Module["mainScriptUrlOrBlob"]'],
];

/** Removes the factory body's references to its outer `_scriptDir`; fails the build if tfjs changed. */
export function patchThreadedFactory(code: string): string {
  let out = code;
  for (const [from, to] of EDITS) {
    if (!out.includes(from)) throw new Error(`wasmThreadsPatch: expected text not found (tfjs changed?): ${from}`);
    out = out.split(from).join(to);
  }
  const start = out.indexOf('return (\nfunction(WasmBackendModuleThreadedSimd)');
  if (start >= 0 && out.indexOf('_scriptDir', start) >= 0) {
    throw new Error('wasmThreadsPatch: the factory body still reads _scriptDir');
  }
  return out;
}

export function wasmThreadsPatch(): Plugin {
  return {
    name: 'prunelab-wasm-threads-patch',
    enforce: 'pre',
    transform(code, id) {
      if (!TARGET.test(id.split('?')[0])) return null;
      return { code: patchThreadedFactory(code), map: null };
    },
  };
}
