// After a reload, the ONNX model imported before it is imported again (once the lab is
// ready), so an imported model is kept like the built-in ones. Not over a link that trains on
// load or whose model reads other data than MNIST.

import { useEffect, useRef } from 'react';
import { keptOnnx } from './keptImport';
import type { ShareActions } from './shareActions';

export function useKeptImport(actions: ShareActions, ready: boolean, allowed: boolean): void {
  const tried = useRef(false);
  useEffect(() => {
    if (!ready || tried.current) return;
    tried.current = true;
    if (!allowed) return;
    void keptOnnx().then((file) => (file ? actions.reimport(file) : undefined));
  }, [actions, ready, allowed]);
}
