// Assembles the whole kernel module as WebAssembly text, for one of four builds: relaxed SIMD
// (fused multiply-add) or plain SIMD, importing a shared (threads) or an unshared memory.
//
// Why this file exists: the build script (scripts/build/build-kernels.ts) and the tests ask for
// a build by its flags; the memory is always tfjs-wasm's own, imported as env.memory, so the
// kernels read and write tensors in place.
import { conv1Driver } from './conv1Driver';
import { convDrivers, BLOCK_INDEX_FUNC } from './convDrivers';
import { denseDrivers } from './denseDrivers';
import { elementwiseDriver } from './elementwise';
import { microKernelTypes, microKernels } from './microKernels';
import { poolDrivers } from './poolDrivers';
import { sparseConv1Driver } from './sparseConv1Driver';
import { sparseDrivers } from './sparseDrivers';

export interface BuildFlags {
  readonly relaxed: boolean;
  readonly shared: boolean;
}

export const BUILDS: readonly BuildFlags[] = [
  { relaxed: true, shared: true },
  { relaxed: false, shared: true },
  { relaxed: true, shared: false },
  { relaxed: false, shared: false },
];

/** k-loop unrolling of the micro-kernels (see microKernels.ts). */
const UNROLL = 4;

export const buildName = (b: BuildFlags): string => `${b.relaxed ? 'relaxed' : 'simd'}_${b.shared ? 'shared' : 'unshared'}`;

export function kernelModuleText(b: BuildFlags): string {
  const memory = b.shared ? '(memory 1 65536 shared)' : '(memory 1)';
  const flavor = { relaxed: b.relaxed, unroll: UNROLL };
  const mk = microKernels(flavor);
  return `(module
(import "env" "memory" ${memory})
${microKernelTypes()}
${mk.table}
${mk.funcs}
${BLOCK_INDEX_FUNC}
${convDrivers()}
${conv1Driver(flavor)}
${denseDrivers()}
${poolDrivers()}
${elementwiseDriver()}
${sparseDrivers(flavor)}
${sparseConv1Driver(flavor)}
)`;
}
