// How kubectl prints JSONPath results (-o jsonpath, -o jsonpath-as-json) and the %#v dump its execution errors carry.
import { formatFloatG, goQuote } from '../../go/fmt.js';
import type { GoValue } from '../../go/value.js';
import { sortedKeys } from '../../go/value.js';
import { goJsonFloat, goJsonString, marshalIndentGo } from '../json.js';
import { JsonPathLimitError } from './evaluate.js';
import type { JpValue } from './value.js';
import { scalarText, toGoValue } from './value.js';

/** Caps the text being built; past `max` characters printing stops with a JsonPathLimitError. */
export class OutputBudget {
  private used = 0;
  constructor(readonly max: number) {}

  charge(n: number): void {
    this.used += n;
    if (this.used > this.max)
      throw new JsonPathLimitError(`jsonpath output exceeded ${this.max} characters`);
  }
}

/** json.Marshal of a decoded value: compact, keys sorted, Go's string and float escaping. */
export function marshalCompactGo(v: GoValue, budget?: OutputBudget): string {
  const parts: string[] = [];
  const push = (s: string): void => {
    budget?.charge(s.length);
    parts.push(s);
  };
  const write = (x: GoValue): void => {
    if (x === null) push('null');
    else if (typeof x === 'boolean') push(x ? 'true' : 'false');
    else if (typeof x === 'bigint') push(x.toString());
    else if (typeof x === 'number') push(goJsonFloat(x));
    else if (typeof x === 'string') push(goJsonString(x));
    else if (Array.isArray(x)) {
      push('[');
      x.forEach((item, i) => {
        if (i > 0) push(',');
        write(item);
      });
      push(']');
    } else {
      push('{');
      sortedKeys(x).forEach((k, i) => {
        push((i > 0 ? ',' : '') + goJsonString(k) + ':');
        write(x.get(k) as GoValue);
      });
      push('}');
    }
  };
  write(v);
  return parts.join('');
}

/**
 * PrintResults for every group FindResults returned. As text: maps and arrays as compact JSON,
 * scalars as Go prints them, a group's values space-separated, groups back to back. As JSON
 * (jsonpath-as-json): each group an indented JSON array on its own line.
 */
export function printResults(groups: JpValue[][], asJson: boolean, budget: OutputBudget): string {
  const out: string[] = [];
  for (const group of groups) {
    if (asJson) {
      const text = marshalIndentGo(group.map(toGoValue));
      budget.charge(text.length);
      out.push(text);
      continue;
    }
    group.forEach((v, i) => {
      let text: string;
      if (v instanceof Map || Array.isArray(v)) text = marshalCompactGo(v, budget);
      else {
        text = scalarText(v);
        budget.charge(text.length);
      }
      out.push(i < group.length - 1 ? text + ' ' : text);
    });
  }
  return out.join('');
}

/** fmt's %#v of a decoded value: `map[string]interface {}{"k":v, …}`, keys sorted. */
export function goSyntax(v: GoValue): string {
  const parts: string[] = [];
  const write = (x: GoValue): void => {
    if (x === null) parts.push('interface {}(nil)');
    else if (typeof x === 'boolean') parts.push(x ? 'true' : 'false');
    else if (typeof x === 'bigint') parts.push(x.toString());
    else if (typeof x === 'number') parts.push(formatFloatG(x));
    else if (typeof x === 'string') parts.push(goQuote(x));
    else if (Array.isArray(x)) {
      parts.push('[]interface {}{');
      x.forEach((item, i) => {
        if (i > 0) parts.push(', ');
        write(item);
      });
      parts.push('}');
    } else {
      parts.push('map[string]interface {}{');
      sortedKeys(x).forEach((k, i) => {
        parts.push((i > 0 ? ', ' : '') + goQuote(k) + ':');
        write(x.get(k) as GoValue);
      });
      parts.push('}');
    }
  };
  write(v);
  return parts.join('');
}
