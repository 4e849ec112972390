// Tells the other tabs (their workers) of this browser profile that stored checkpoints
// changed, so each can show what is really stored: one BroadcastChannel message per
// committed change, naming the experiment (or all of them, after Reset). Under Node
// BroadcastChannel exists too; where it does not, changes are simply not announced.

const CHANNEL = 'prunelab-storage';

export interface StorageChange {
  /** The experiment key, or null when every experiment was cleared (Reset). */
  readonly key: string | null;
  readonly kind: 'saved' | 'cleared';
  /** The stored history's generation after the change (null once cleared). */
  readonly generation: string | null;
  /** Checkpoints of the experiment stored after the change. */
  readonly checkpoints: number;
}

export interface ChangeChannel {
  post(change: StorageChange): void;
  /** Calls `listener` for every change posted by another channel object; returns the unsubscribe. */
  listen(listener: (change: StorageChange) => void): () => void;
}

const isChange = (v: unknown): v is StorageChange => {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Record<string, unknown>;
  return (
    (typeof c.key === 'string' || c.key === null) &&
    (c.kind === 'saved' || c.kind === 'cleared') &&
    (typeof c.generation === 'string' || c.generation === null) &&
    typeof c.checkpoints === 'number'
  );
};

/** The BroadcastChannel of this origin, or null where the platform has none. */
export function broadcastChanges(name = CHANNEL): ChangeChannel | null {
  if (typeof BroadcastChannel !== 'function') return null;
  return {
    post(change) {
      // A short-lived sender: the message is queued for every listener before it closes.
      const sender = new BroadcastChannel(name);
      sender.postMessage(change);
      sender.close();
    },
    listen(listener) {
      const receiver = new BroadcastChannel(name);
      receiver.onmessage = (e: MessageEvent) => {
        if (isChange(e.data)) listener(e.data);
      };
      return () => receiver.close();
    },
  };
}
