// Label and field selectors with the apiserver's grammar and matching rules.

export type LabelOperator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  values: string[];
}

export interface FieldRequirement {
  key: string;
  operator: '=' | '==' | '!=';
  value: string;
}

export class SelectorError extends Error {
  override readonly name = 'SelectorError';
}

type Token = { kind: 'word'; text: string } | { kind: 'op'; text: string };

const WORD = /[A-Za-z0-9._/-]/;

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i] ?? '';
    if (/\s/.test(ch)) {
      i++;
    } else if (WORD.test(ch)) {
      let j = i;
      while (j < input.length && WORD.test(input[j] ?? '')) j++;
      tokens.push({ kind: 'word', text: input.slice(i, j) });
      i = j;
    } else if (input.startsWith('==', i) || input.startsWith('!=', i)) {
      tokens.push({ kind: 'op', text: input.slice(i, i + 2) });
      i += 2;
    } else if ('=!(),<>'.includes(ch)) {
      tokens.push({ kind: 'op', text: ch });
      i++;
    } else {
      throw new SelectorError(
        `unable to parse requirement: invalid character ${JSON.stringify(ch)} in ${JSON.stringify(input)}`,
      );
    }
  }
  return tokens;
}

/** Parses a labelSelector query value; an empty string selects everything. */
export function parseLabelSelector(input: string): LabelRequirement[] {
  const tokens = tokenize(input);
  const requirements: LabelRequirement[] = [];
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const fail = (what: string): never => {
    throw new SelectorError(`unable to parse requirement: ${what} in ${JSON.stringify(input)}`);
  };
  const word = (): string => {
    const t = tokens[pos];
    if (t?.kind !== 'word') fail('expected a key or value');
    pos++;
    return (t as { text: string }).text;
  };
  const valueOrEmpty = (): string => {
    const t = peek();
    if (t?.kind === 'word' && t.text !== 'in' && t.text !== 'notin') {
      pos++;
      return t.text;
    }
    return ''; // "key=" selects an empty value
  };
  const valueSet = (): string[] => {
    if (peek()?.text !== '(') fail('expected "("');
    pos++;
    const values: string[] = [];
    for (;;) {
      const t = peek();
      if (t?.kind === 'word') {
        values.push(t.text);
        pos++;
      } else {
        values.push('');
      }
      const next = peek();
      pos++;
      if (next?.text === ')') break;
      if (next?.text !== ',') fail('expected "," or ")"');
    }
    return values;
  };

  while (pos < tokens.length) {
    if (peek()?.text === '!') {
      pos++;
      requirements.push({ key: word(), operator: '!', values: [] });
    } else {
      const key = word();
      const t = peek();
      if (t === undefined || t.text === ',') {
        requirements.push({ key, operator: 'exists', values: [] });
      } else if (t.text === '=' || t.text === '==' || t.text === '!=') {
        pos++;
        requirements.push({ key, operator: t.text, values: [valueOrEmpty()] });
      } else if (t.kind === 'word' && (t.text === 'in' || t.text === 'notin')) {
        pos++;
        requirements.push({ key, operator: t.text, values: valueSet() });
      } else if (t.text === '>' || t.text === '<') {
        pos++;
        const value = word();
        if (!/^-?\d+$/.test(value)) fail(`for 'Gt', 'Lt' operators, the value must be an integer`);
        requirements.push({ key, operator: t.text === '>' ? 'gt' : 'lt', values: [value] });
      } else {
        fail(`unexpected ${JSON.stringify(t.text)} after key ${JSON.stringify(key)}`);
      }
    }
    const sep = peek();
    if (sep === undefined) break;
    if (sep.text !== ',') fail(`expected "," but found ${JSON.stringify(sep.text)}`);
    pos++;
    if (pos >= tokens.length) fail('expected a requirement after ","');
  }
  return requirements;
}

export function matchesLabels(
  requirements: LabelRequirement[],
  labels: Record<string, string> | undefined,
): boolean {
  const all = labels ?? {};
  return requirements.every((r) => {
    const has = Object.hasOwn(all, r.key);
    const value = all[r.key] ?? '';
    switch (r.operator) {
      case 'exists':
        return has;
      case '!':
        return !has;
      case '=':
      case '==':
      case 'in':
        return has && r.values.includes(value);
      case '!=':
      case 'notin':
        return !has || !r.values.includes(value);
      case 'gt':
      case 'lt': {
        if (!has || !/^-?\d+$/.test(value)) return false;
        const actual = Number(value);
        const bound = Number(r.values[0]);
        return r.operator === 'gt' ? actual > bound : actual < bound;
      }
    }
  });
}

/** Splits on an unescaped separator; a backslash escapes the next character. */
function splitUnescaped(input: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < input.length; i++) {
    const ch = input[i] ?? '';
    if (ch === '\\' && i + 1 < input.length) {
      current += ch + (input[i + 1] ?? '');
      i++;
    } else if (ch === separator) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

function unescape(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}

/** Finds the first unescaped "==", "!=" or "=" in one term. */
function splitTerm(term: string): [string, FieldRequirement['operator'], string] | undefined {
  for (let i = 0; i < term.length; i++) {
    if (term[i] === '\\') {
      i++;
    } else if (term.startsWith('==', i) || term.startsWith('!=', i)) {
      return [term.slice(0, i), term.slice(i, i + 2) as '==' | '!=', term.slice(i + 2)];
    } else if (term[i] === '=') {
      return [term.slice(0, i), '=', term.slice(i + 1)];
    }
  }
  return undefined;
}

/** Parses a fieldSelector query value: "a=b,c!=d" with "=", "==" or "!="; backslash escapes. */
export function parseFieldSelector(input: string): FieldRequirement[] {
  if (input.trim() === '') return [];
  return splitUnescaped(input, ',').map((term) => {
    const parts = splitTerm(term);
    if (!parts) throw new SelectorError(`invalid selector: '${input}'; can't understand '${term}'`);
    const [key, operator, value] = parts;
    return { key: unescape(key).trim(), operator, value: unescape(value) };
  });
}

export function matchesFields(
  requirements: FieldRequirement[],
  get: (key: string) => string,
): boolean {
  return requirements.every((r) =>
    r.operator === '!=' ? get(r.key) !== r.value : get(r.key) === r.value,
  );
}
