// Flag parsing helpers of the energy and report commands: one value or a comma list from a closed set.

import { didYouMean } from '../../isa/index.ts';
import { UsageError } from '../errors.ts';

export function choice<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, got "${value}"${didYouMean(value, allowed)}`);
  return value as T;
}

export function commaList(flag: string, value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const xs = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!xs.length) throw new UsageError(`${flag} needs a comma-separated list`);
  const seen = new Set<string>();
  const twice = xs.find((x) => seen.size === seen.add(x).size);
  if (twice !== undefined) throw new UsageError(`${flag} names "${twice}" twice (each would give the same rows again)`);
  return xs;
}

export function choiceList<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T[] | undefined {
  return commaList(flag, value)?.map((x) => choice<T>(flag, x, allowed));
}
