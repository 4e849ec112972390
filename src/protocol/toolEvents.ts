// Events of the lab's tools (browser storage, draw-a-digit, confusion matrix, export and
// import), part of LabEvent (events.ts). Plain numbers, strings and typed arrays only.

import type { EvalResult } from '../core/train/evaluate';
import type { ClassProbability } from '../core/inspect/topClasses';

/**
 * none: nothing saved for this experiment; restored: the model came from storage; saved:
 * a checkpoint was just stored; cleared: Reset removed the saved models; unavailable:
 * this browser refuses storage (the lab works, it just retrains after a reload).
 */
export type StorageStatus = 'none' | 'restored' | 'saved' | 'cleared' | 'unavailable';

export type ToolEvent =
  | {
      readonly type: 'storage';
      readonly status: StorageStatus;
      /** When the stored experiment was trained (ms since epoch), if any. */
      readonly savedAt: number | null;
      /** Checkpoints stored for this experiment. */
      readonly checkpoints: number;
      readonly message: string;
    }
  /** The trained model was restored from storage instead of retrained. */
  | {
      readonly type: 'restored';
      readonly savedAt: number;
      readonly testAccuracy: number;
      readonly seconds: number;
      readonly imagesPerSec: number;
      /** Test accuracy after each training epoch, as measured then. */
      readonly epochAccuracies: readonly number[];
      readonly params: number;
    }
  | {
      readonly type: 'confusion';
      /** The prune request measured (-1: after fine-tuning or an import). */
      readonly id: number;
      readonly classes: number;
      /** counts[true * classes + predicted]. */
      readonly counts: Uint32Array;
      readonly examples: number;
      readonly accuracy: number;
    }
  | {
      readonly type: 'digitPrediction';
      readonly id: number;
      readonly dense: readonly ClassProbability[];
      readonly pruned: readonly ClassProbability[];
    }
  | {
      readonly type: 'exported';
      readonly fileName: string;
      readonly data: ArrayBuffer;
      readonly accuracy: number;
      readonly examples: number;
      readonly sparsity: number;
    }
  | {
      readonly type: 'imported';
      readonly checkpointId: number;
      readonly source: string;
      readonly accuracy: number;
      readonly examples: number;
      readonly sparsity: number;
    };

/** The confusion event for an evaluation that counted one (else null). */
export function confusionEvent(id: number, result: EvalResult): ToolEvent | null {
  const m = result.confusion;
  if (!m) return null;
  return { type: 'confusion', id, classes: m.classes, counts: m.counts, examples: result.count, accuracy: result.accuracy };
}
