// The slider's settle policy, one definition for both threads. Every move is previewed at
// once (masks, counts and histograms). After ESTIMATE_AFTER_MS without a newer move the
// worker estimates the accuracy on a fixed subset of the test set (session/sliderQueue.ts);
// after SETTLE_AFTER_MS without a move, or on release, the page asks for the full test set
// (features/prune/usePruneControls.ts). Both sides key a setting by the method's maskKey, so
// a setting already shown or measured is neither previewed nor measured twice.

/** Rest before the worker's quick estimate, in ms. */
export const ESTIMATE_AFTER_MS = 120;
/** Rest before the page asks for the full test set, in ms (longer: the estimate comes first). */
export const SETTLE_AFTER_MS = 300;
