// JSON that keeps every number as written: a 64-bit `runAsUser: 9007199254740993` must leave
// redaction unchanged, and JSON.parse would round it to the nearest double.

/** A number too large (or too precise) for a double, kept as its literal text. */
export class JsonNumber {
  constructor(readonly raw: string) {}
}

/**
 * A number where JSON allows one: after `:`, `,` or `[` and before `,`, `}`, `]` or space
 * (a string that looks so counts too, which only costs the slow path).
 */
const NUMBER_TOKEN = /[:,[]\s*-?\d[\d.eE+-]*(?=\s*[,}\]]|\s*$)/g;

/**
 * True when JSON.parse could change a number of `text` (16 or more digits, or an exponent).
 * Only number positions are looked at, so hex ids and digests in strings (`"uid": "5e…"`) do not
 * send every Kubernetes object down the slow lossless path.
 */
export function needsLossless(text: string): boolean {
  for (const [token] of text.matchAll(NUMBER_TOKEN)) {
    if (/[eE]/.test(token) || token.replace(/\D/g, '').length >= 16) return true;
  }
  return false;
}

/** JSON.parse, except that numbers JSON.parse would change are JsonNumber. */
export function parseLossless(text: string): unknown {
  let i = 0;
  const fail = (): never => {
    throw new SyntaxError(`invalid JSON at offset ${i}`);
  };
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const value = (): unknown => {
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++;
      const obj: Record<string, unknown> = {};
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        const key = string();
        ws();
        if (text[i++] !== ':') fail();
        Object.defineProperty(obj, key, {
          value: value(),
          enumerable: true,
          writable: true,
          configurable: true,
        });
        ws();
        const next = text[i++];
        if (next === '}') return obj;
        if (next !== ',') fail();
      }
    }
    if (ch === '[') {
      i++;
      const arr: unknown[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value());
        ws();
        const next = text[i++];
        if (next === ']') return arr;
        if (next !== ',') fail();
      }
    }
    if (ch === '"') return string();
    const lit = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(
      text.slice(i, i + 400),
    );
    if (!lit) return fail();
    i += lit[0].length;
    if (lit[0] === 'true') return true;
    if (lit[0] === 'false') return false;
    if (lit[0] === 'null') return null;
    const n = Number(lit[0]);
    return String(n) === lit[0] ? n : new JsonNumber(lit[0]);
  };
  const string = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail();
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const out = value();
  ws();
  if (i !== text.length) fail();
  return out;
}

/** JSON.stringify that writes JsonNumber literals as they were read. */
export function stringifyLossless(value: unknown): string {
  if (value instanceof JsonNumber) return value.raw;
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : stringifyLossless(v))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      parts.push(`${JSON.stringify(k)}:${stringifyLossless(v)}`);
    }
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value);
}
