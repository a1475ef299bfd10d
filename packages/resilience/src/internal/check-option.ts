import { ConfigError } from '@org/llm-core';

/**
 * Checks a numeric option when the decorator is built, so a typo fails at
 * startup with a message that names the option, not at the first outage.
 */
export function checkNumber(
  value: number | undefined,
  name: string,
  rule: { readonly min: number; readonly integer?: boolean; readonly exclusiveMin?: boolean },
): void {
  if (value === undefined) return;
  const tooSmall = rule.exclusiveMin === true ? value <= rule.min : value < rule.min;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    tooSmall ||
    (rule.integer === true && !Number.isInteger(value))
  ) {
    const kind = rule.integer === true ? 'a whole number' : 'a finite number';
    const bound = rule.exclusiveMin === true ? `greater than ${rule.min}` : `>= ${rule.min}`;
    throw new ConfigError(`${name} must be ${kind} ${bound}, got ${String(value)}.`);
  }
}
