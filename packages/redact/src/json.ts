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
  return scanNumbers(text).lossless;
}

/**
 * What the numbers of `text` are, in one pass: whether JSON.parse could change one (as
 * needsLossless), and whether every one is an integer literal (no fraction, no exponent), which
 * JSON.parse then returns exactly. A string that looks like a number where a number could be
 * counts as one: that only ever answers on the safe side.
 */
export function scanNumbers(text: string): { lossless: boolean; integers: boolean } {
  let integers = true;
  for (const [token] of text.matchAll(NUMBER_TOKEN)) {
    if (/[eE]/.test(token) || token.replace(/\D/g, '').length >= 16)
      return { lossless: true, integers: false };
    if (token.includes('.')) integers = false;
  }
  return { lossless: false, integers };
}

/** A literal where a value starts; matched on at most 400 characters. */
const LITERAL = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/;
/**
 * Keys an assignment would not simply define as an own property of a fresh object (`__proto__`
 * would set its prototype): these are defined explicitly, every other key is assigned.
 */
const PROTOTYPE_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));

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
        const v = value();
        if (!PROTOTYPE_KEYS.has(key)) obj[key] = v;
        else
          Object.defineProperty(obj, key, {
            value: v,
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
    const lit = LITERAL.exec(text.slice(i, i + 400));
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
    // Without a backslash or a control character, the text between the quotes is the value as
    // JSON.parse would return it; only the others need it (to unescape, or to reject).
    let plain = true;
    while (i < text.length && text[i] !== '"') {
      const c = text.charCodeAt(i);
      if (c === 0x5c || c < 0x20) plain = false;
      i += c === 0x5c ? 2 : 1;
    }
    if (i >= text.length) fail();
    i++;
    return plain ? text.slice(start + 1, i - 1) : (JSON.parse(text.slice(start, i)) as string);
  };
  const out = value();
  ws();
  if (i !== text.length) fail();
  return out;
}

/**
 * JSON.stringify that writes JsonNumber literals as they were read. Built by concatenation (a
 * large answer is re-encoded whenever one value in it was redacted), byte for byte as map() and
 * join() built it before, holes included.
 */
export function stringifyLossless(value: unknown): string {
  if (value instanceof JsonNumber) return value.raw;
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      if (!(i in value)) continue;
      const v: unknown = value[i];
      // A hole, a function and a symbol (JSON.stringify gives undefined) write nothing.
      out += v === undefined ? 'null' : ((stringifyLossless(v) as string | undefined) ?? '');
    }
    return `${out}]`;
  }
  if (value !== null && typeof value === 'object') {
    let out = '';
    for (const k of Object.keys(value)) {
      const v = (value as Record<string, unknown>)[k];
      if (v === undefined) continue;
      out += `${out === '' ? '{' : ','}${JSON.stringify(k)}:${stringifyLossless(v)}`;
    }
    return out === '' ? '{}' : `${out}}`;
  }
  return JSON.stringify(value);
}
