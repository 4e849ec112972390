// Published reference points drawn on the science charts.

/** A published result drawn as a marker: sparsity (fraction of weights removed) and accuracy. */
export interface ReferencePoint {
  readonly label: string;
  readonly sparsity: number;
  readonly accuracy: number;
}

/**
 * Han et al. 2015 ("Learning both Weights and Connections for Efficient Neural Networks"),
 * Table 1, LeNet-5: 8 % of the weights kept (12× compression) at 0.77 % top-1 error
 * (their dense baseline: 0.80 %), with iterative pruning and retraining.
 */
export const HAN_LENET5: ReferencePoint = {
  label: 'Han et al. 2015, LeNet-5: 8 % kept, 0.77 % error',
  sparsity: 0.92,
  accuracy: 1 - 0.0077,
};

/** The sweep's default rates: from dense to 99 %, closer together at the high rates where accuracy falls. */
export const SWEEP_RATES: readonly number[] = [0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99];

/** The sensitivity analysis's default rates, per layer. */
export const SENSITIVITY_RATES: readonly number[] = [0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99];
