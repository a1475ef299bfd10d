/** The median and spread of a set of measurements. */
export interface Summary {
  /** The middle value (the mean of the two middle ones for an even count). */
  readonly median: number;
  /** First quartile (25th percentile, linear interpolation). */
  readonly q1: number;
  /** Third quartile (75th percentile, linear interpolation). */
  readonly q3: number;
  /** Smallest value. */
  readonly min: number;
  /** Largest value. */
  readonly max: number;
  /**
   * The spread: the interquartile range relative to the median, as a
   * fraction (0.04 = the middle half of the rounds lies within 4% of the
   * median's size). 0 for a single value; `NaN` when the median is 0.
   */
  readonly spread: number;
  /** How many values. */
  readonly count: number;
}

function checked(values: readonly number[]): number[] {
  if (values.length === 0) throw new RangeError('summarize: no values to summarize.');
  for (const value of values) {
    if (!Number.isFinite(value)) {
      throw new RangeError(`summarize: every value must be a finite number, got ${value}.`);
    }
  }
  return [...values].sort((a, b) => a - b);
}

/**
 * The `q` quantile (0 to 1) of ascending `sorted` values, interpolating
 * linearly between the two nearest ranks.
 */
function quantileOfSorted(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const weight = position - lower;
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * weight;
}

/** The `q` quantile (0 to 1) of `values`, interpolating linearly between ranks. */
export function quantile(values: readonly number[], q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile: q must be from 0 to 1, got ${q}.`);
  return quantileOfSorted(checked(values), q);
}

/** The median of `values`. */
export function median(values: readonly number[]): number {
  return quantileOfSorted(checked(values), 0.5);
}

/** Median, quartiles, extremes and relative interquartile spread of `values`. */
export function summarize(values: readonly number[]): Summary {
  const sorted = checked(values);
  const middle = quantileOfSorted(sorted, 0.5);
  const q1 = quantileOfSorted(sorted, 0.25);
  const q3 = quantileOfSorted(sorted, 0.75);
  return {
    median: middle,
    q1,
    q3,
    min: sorted[0]!,
    max: sorted.at(-1)!,
    spread: middle === 0 ? Number.NaN : (q3 - q1) / Math.abs(middle),
    count: sorted.length,
  };
}
