// Imports one at a time at the port: an import whose files finish reading after a later
// choice is dropped (never sent to the worker), and every import reports when it is over.
import { describe, expect, it } from 'vitest';
import type { LabPort } from '../../protocol/port';
import { shareActions } from './shareActions';

/** A file whose bytes arrive when `release` is called. */
function slowFile(name: string): { file: File; release: () => void } {
  let release: () => void = () => undefined;
  const ready = new Promise<void>((r) => {
    release = r;
  });
  const file = new File(['{}'], name);
  const read = file.arrayBuffer.bind(file);
  Object.defineProperty(file, 'arrayBuffer', { value: () => ready.then(read) });
  return { file, release };
}

function fakePort(sent: string[][]): LabPort {
  return {
    call: ((name: string, args: { files?: { name: string }[] }) => {
      if (name === 'import') sent.push((args.files ?? []).map((f) => f.name));
      return Promise.resolve(undefined);
    }) as LabPort['call'],
    stop: () => undefined,
    subscribe: () => () => undefined,
  };
}

const tick = () => new Promise((r) => setTimeout(r, 10));

describe('shareActions.importFiles', () => {
  it('drops an import whose files are read after a later choice, and settles both', async () => {
    const sent: string[][] = [];
    const actions = shareActions(fakePort(sent));
    const big = slowFile('big.zip');
    const small = slowFile('small.zip');
    const settled: string[] = [];
    expect(actions.importFiles([big.file], 'mnist', () => settled.push('big'))).toBeNull();
    expect(actions.importFiles([small.file], 'mnist', () => settled.push('small'))).toBeNull();
    small.release();
    await tick();
    big.release();
    await tick();
    expect(sent).toEqual([['small.zip']]);
    expect(settled.sort()).toEqual(['big', 'small']);
  });

  it('sends imports chosen one after another', async () => {
    const sent: string[][] = [];
    const actions = shareActions(fakePort(sent));
    const a = slowFile('a.zip');
    actions.importFiles([a.file], 'mnist');
    a.release();
    await tick();
    const b = slowFile('b.zip');
    actions.importFiles([b.file], 'mnist');
    b.release();
    await tick();
    expect(sent).toEqual([['a.zip'], ['b.zip']]);
  });
});
