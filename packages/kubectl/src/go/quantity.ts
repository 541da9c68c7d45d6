// Kubernetes resource quantities (apimachinery's resource.Quantity): parsing, canonical text, sums and comparisons.
//
// kubectl decodes objects into typed structs, so every quantity it prints went through
// ParseQuantity and String(): "1000m" prints as "1", "0.5" as "500m", "1024Mi" as "1Gi".
// A value is kept exactly as mantissa × 10^scale (bigint), rounded up to nano precision as
// ParseQuantity does.

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  mantissa: bigint;
  scale: number;
  format: QuantityFormat;
}

export class QuantityError extends Error {
  constructor(text: string) {
    super(
      `quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' (got ${JSON.stringify(text)})`,
    );
    this.name = 'QuantityError';
  }
}

const DECIMAL_SUFFIXES: Record<string, number> = {
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
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

export const ZERO: Quantity = { mantissa: 0n, scale: 0, format: 'DecimalSI' };

const pow10 = (n: number): bigint => 10n ** BigInt(n);

/** Rounds away from zero to `minScale` decimal places (inf.RoundUp). */
function roundUpToScale(mantissa: bigint, scale: number, minScale: number): [bigint, number] {
  if (scale >= minScale) return [mantissa, scale];
  const div = pow10(minScale - scale);
  const neg = mantissa < 0n;
  const abs = neg ? -mantissa : mantissa;
  let q = abs / div;
  if (abs % div !== 0n) q += 1n;
  return [neg ? -q : q, minScale];
}

export function parseQuantity(text: string): Quantity {
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/.exec(text);
  if (!m || text === '') throw new QuantityError(text);
  const [, sign = '', whole = '', frac = '', suffix = ''] = m;
  if (whole === '' && frac === '') throw new QuantityError(text);
  let format: QuantityFormat;
  let base10 = 0;
  let base2 = 0;
  if (suffix in DECIMAL_SUFFIXES) {
    format = 'DecimalSI';
    base10 = DECIMAL_SUFFIXES[suffix] as number;
  } else if (suffix in BINARY_SUFFIXES) {
    format = 'BinarySI';
    base2 = BINARY_SUFFIXES[suffix] as number;
  } else if (/^[eE][+-]?[0-9]+$/.test(suffix)) {
    format = 'DecimalExponent';
    base10 = Number(suffix.slice(1));
  } else {
    throw new QuantityError(text);
  }
  let mantissa = BigInt((whole || '0') + frac);
  let scale = base10 - frac.length;
  if (base2 > 0) mantissa *= 2n ** BigInt(base2);
  if (sign === '-') mantissa = -mantissa;
  if (mantissa !== 0n) [mantissa, scale] = roundUpToScale(mantissa, scale, -9);
  const q = normalize({ mantissa, scale, format });
  // A binary quantity below one is shown in decimal (ParseQuantity's own rule).
  if (format === 'BinarySI' && q.mantissa > 0n && cmp(q, { mantissa: 1n, scale: 0, format }) < 0)
    return { ...q, format: 'DecimalSI' };
  return q;
}

/** Parses, or yields zero for text that is not a quantity (typed decoding would have failed earlier). */
export function quantityOrZero(text: unknown): Quantity {
  if (typeof text === 'string') {
    try {
      return parseQuantity(text);
    } catch (err) {
      if (!(err instanceof QuantityError)) throw err;
      return ZERO;
    }
  }
  if (typeof text === 'bigint') return { mantissa: text, scale: 0, format: 'DecimalSI' };
  if (typeof text === 'number' && Number.isFinite(text)) return parseQuantity(String(text));
  return ZERO;
}

/** Strips trailing decimal zeros into the scale (a canonical form for comparisons). */
function normalize(q: Quantity): Quantity {
  if (q.mantissa === 0n) return { mantissa: 0n, scale: 0, format: q.format };
  let { mantissa, scale } = q;
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    scale++;
  }
  return { mantissa, scale, format: q.format };
}

function align(a: Quantity, b: Quantity): [bigint, bigint, number] {
  const s = Math.min(a.scale, b.scale);
  return [a.mantissa * pow10(a.scale - s), b.mantissa * pow10(b.scale - s), s];
}

export function cmp(a: Quantity, b: Quantity): number {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Quantity.Add: the sum keeps the receiver's format. */
export function add(a: Quantity, b: Quantity): Quantity {
  const [x, y, s] = align(a, b);
  return normalize({ mantissa: x + y, scale: s, format: a.format });
}

export const isZero = (q: Quantity): boolean => q.mantissa === 0n;

/** ScaledValue(scale): rounded up (away from zero) to 10^scale. */
function scaledValue(q: Quantity, scale: number): bigint {
  if (q.scale >= scale) return q.mantissa * pow10(q.scale - scale);
  return roundUpToScale(q.mantissa, q.scale, scale)[0];
}

/** Quantity.Value(): the integer value, rounded up. */
export const value = (q: Quantity): bigint => scaledValue(q, 0);
/** Quantity.MilliValue(): value × 1000, rounded up. */
export const milliValue = (q: Quantity): bigint => scaledValue(q, -3);

function removeFactors(v: bigint, base: bigint): [bigint, number] {
  let times = 0;
  let x = v;
  while (x !== 0n && x % base === 0n) {
    x /= base;
    times++;
  }
  return [x, times];
}

const DECIMAL_BY_EXPONENT = new Map(
  Object.entries(DECIMAL_SUFFIXES).map(([s, e]) => [e, s] as const),
);
const BINARY_BY_EXPONENT = new Map(
  Object.entries(BINARY_SUFFIXES).map(([s, e]) => [e, s] as const),
);

/** Quantity.String(): CanonicalizeBytes. */
export function quantityString(q: Quantity): string {
  if (q.mantissa === 0n) return '0';
  let format = q.format;
  if (format === 'BinarySI') {
    const abs = q.mantissa < 0n ? -q.mantissa : q.mantissa;
    const small = cmp({ ...q, mantissa: abs }, { mantissa: 1024n, scale: 0, format }) < 0;
    // Fractions cannot be written in base 1024 without losing precision.
    if (small || q.scale < 0) format = 'DecimalSI';
  }
  if (format === 'BinarySI') {
    const [amount, exp] = removeFactors(q.mantissa * pow10(q.scale), 1024n);
    const suffix = BINARY_BY_EXPONENT.get(exp * 10);
    return suffix === undefined ? `${amount * 1024n ** BigInt(exp)}` : `${amount}${suffix}`;
  }
  let [amount, exponent] = removeFactors(q.mantissa, 10n);
  exponent += q.scale;
  // Go's % keeps the dividend's sign: bring the exponent down to a multiple of 3.
  while (exponent % 3 !== 0) {
    amount *= 10n;
    exponent--;
  }
  if (format === 'DecimalExponent') return exponent === 0 ? `${amount}` : `${amount}e${exponent}`;
  const suffix = DECIMAL_BY_EXPONENT.get(exponent);
  return suffix === undefined ? `${amount}e${exponent}` : `${amount}${suffix}`;
}

/** The canonical text of a quantity as found in JSON (kubectl re-prints it after typed decoding). */
export const canonicalQuantity = (raw: unknown): string => quantityString(quantityOrZero(raw));
