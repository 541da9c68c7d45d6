// Kubernetes resource quantities: parse "250m", "1.5Gi", "128974848", add them, and print the canonical form.
// Exact integer arithmetic in nano-units (decimal) so sums print as resource.Quantity.String() does.

const DECIMAL: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const BINARY: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL_SUFFIX: Record<number, string> = Object.fromEntries(
  Object.entries(DECIMAL).map(([suffix, exp]) => [exp, suffix]),
);
const BINARY_SUFFIX = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const NANO = 10n ** 9n;

export type QuantityFormat = 'DecimalSI' | 'BinarySI';

export interface Quantity {
  /** The value in units of 10^-9 (nanocores, nanobytes). */
  nanos: bigint;
  format: QuantityFormat;
}

export class QuantityError extends Error {
  override readonly name = 'QuantityError';
}

/** Parses the subset of the quantity grammar fixtures use: a decimal number and an optional suffix. */
export function parseQuantity(text: string): Quantity {
  const match = /^([+-]?)(\d+)(?:\.(\d+))?(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]?)$/.exec(text.trim());
  if (!match) throw new QuantityError(`quantities must match the regular expression: ${text}`);
  const [, sign = '', whole = '0', fraction = '', suffix = ''] = match;
  // Value = (whole.fraction) * multiplier; scaled to nanos with the fraction folded in.
  let digits = BigInt(`${whole}${fraction}`);
  let exp10 = -fraction.length;
  let factor = 1n;
  let format: QuantityFormat = 'DecimalSI';
  const binary = BINARY[suffix];
  if (binary !== undefined) {
    factor = 1024n ** BigInt(binary);
    format = 'BinarySI';
  } else {
    exp10 += DECIMAL[suffix] ?? 0;
  }
  digits *= factor;
  const shift = exp10 + 9;
  const nanos = shift >= 0 ? digits * 10n ** BigInt(shift) : digits / 10n ** BigInt(-shift);
  return { nanos: sign === '-' ? -nanos : nanos, format };
}

export function addQuantities(values: Quantity[]): Quantity {
  let nanos = 0n;
  let format: QuantityFormat | undefined;
  for (const v of values) {
    // A sum keeps the format of its first non-zero term, as Quantity.Add on a zero value does.
    if (format === undefined && v.nanos !== 0n) format = v.format;
    nanos += v.nanos;
  }
  return { nanos, format: format ?? 'DecimalSI' };
}

function formatDecimal(nanos: bigint): string {
  if (nanos === 0n) return '0';
  const negative = nanos < 0n;
  let value = negative ? -nanos : nanos;
  let exp = -9;
  // Largest exponent (a multiple of 3) that still leaves an integer mantissa.
  while (exp < 18 && value % 1000n === 0n) {
    value /= 1000n;
    exp += 3;
  }
  return `${negative ? '-' : ''}${value}${DECIMAL_SUFFIX[exp] ?? ''}`;
}

/** resource.Quantity.String(): canonical form in the quantity's format. */
export function formatQuantity(q: Quantity): string {
  if (q.format === 'BinarySI' && q.nanos % NANO === 0n) {
    const bytes = q.nanos / NANO;
    const abs = bytes < 0n ? -bytes : bytes;
    // Values below 1024 read better (and are printed) as plain decimals.
    if (abs >= 1024n) {
      let value = bytes;
      let exp = 0;
      while (exp < 6 && value % 1024n === 0n) {
        value /= 1024n;
        exp++;
      }
      return `${value}${BINARY_SUFFIX[exp] ?? ''}`;
    }
  }
  return formatDecimal(q.nanos);
}
