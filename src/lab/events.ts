// Events the lab core emits while loading, training and evaluating. The worker forwards
// them unchanged to the UI thread, so they hold only plain numbers and strings.

import type { BackendChoice } from './backend/chooseBackend';
import type { TrainProgress } from './train/trainLoop';

export type ErrorStage = 'backend' | 'data' | 'train' | 'device';

export type LabEvent =
  | { readonly type: 'backend'; readonly choice: BackendChoice }
  | { readonly type: 'dataProgress'; readonly loadedBytes: number; readonly totalBytes: number }
  | {
      readonly type: 'dataReady';
      readonly dataset: string;
      readonly train: number;
      readonly test: number;
      readonly fullTrain: number;
      readonly fullTest: number;
    }
  | { readonly type: 'trainStart'; readonly epochs: number; readonly totalSteps: number; readonly params: number }
  | { readonly type: 'trainProgress'; readonly progress: TrainProgress }
  | { readonly type: 'evaluating' }
  | { readonly type: 'epochEnd'; readonly epoch: number; readonly testAccuracy: number; readonly testLoss: number }
  | {
      readonly type: 'trainDone';
      readonly stopped: boolean;
      readonly seconds: number;
      readonly imagesPerSec: number;
      readonly testAccuracy: number;
    }
  | { readonly type: 'error'; readonly stage: ErrorStage; readonly message: string };
