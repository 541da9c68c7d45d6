// client-go's JSONPath executor: walks a parsed template over a value, range/end bookkeeping and error texts included.
//
// Each step returns what client-go's returns alongside its error, because an `exists` filter
// ignores the error and keeps the element when that partial result is non-empty. Where Go
// iterates a map (`.*`, `..`) its order is random; here it is the sorted key order.
import { compareUtf8, sortedKeys } from '../../go/value.js';
import type { FilterNode, ArrayNode, ListNode, Node } from './parse.js';
import type { JpValue } from './value.js';
import { GoByte, GoInt, INVALID, asData, goTypeName, sprintValue, utf8Bytes } from './value.js';

/** Bounds on one execution, so that a hostile template cannot stall the caller. */
export interface EvalLimits {
  /** Values produced or visited, summed over every step. */
  maxSteps: number;
  /** How deeply `range` blocks may nest. */
  maxRangeDepth: number;
}

// About 100 ns a step: 5M steps is half a second, and covers `..` over a million nodes.
export const DEFAULT_EVAL_LIMITS: EvalLimits = { maxSteps: 5_000_000, maxRangeDepth: 64 };

/** A bound in EvalLimits was reached: not a kubectl error, the caller reports it its own way. */
export class JsonPathLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonPathLimitError';
  }
}

/** A count of evaluation work; the columns of one custom-columns print share one. */
export class WorkBudget {
  private used = 0;
  constructor(private readonly max: number) {}

  charge(n: number): void {
    this.used += n;
    if (this.used > this.max)
      throw new JsonPathLimitError(`jsonpath evaluation exceeded ${this.max} steps`);
  }
}

interface Outcome {
  values: JpValue[];
  error: string | null;
}

/** Appends in place; spreading a long array into push() overflows the stack. */
function append<T>(to: T[], from: readonly T[]): void {
  for (const x of from) to.push(x);
}

const ok = (values: JpValue[]): Outcome => ({ values, error: null });
const fail = (values: JpValue[], error: string): Outcome => ({ values, error });

export type FindResult = { ok: true; groups: JpValue[][] } | { ok: false; error: string };

/**
 * One JSONPath instance. Like client-go's, it keeps range state between calls: kubectl builds one
 * per printed object for `-o jsonpath`, and one per column reused across a list's items for
 * custom columns, where a `range` left open changes what the next item sees.
 */
export class JsonPathExecutor {
  /** client-go re-points its root node list at the body of the range being run. */
  private rootOffset = 0;
  private beginRange = 0;
  private inRange = 0;
  private endRange = 0;
  /** Index (into the root node list) of the last `end` reached; -1 for none. */
  private lastEndNode = -1;
  private rangeDepth = 0;

  constructor(
    private readonly root: ListNode,
    private readonly allowMissingKeys: boolean,
    private readonly budget: WorkBudget,
    private readonly limits: EvalLimits = DEFAULT_EVAL_LIMITS,
  ) {}

  /** FindResults: one group of values per top-level node run (text, action, each range pass). */
  findResults(data: JpValue): FindResult {
    const nodes = this.root.nodes;
    const offset = this.rootOffset;
    const cur: JpValue[] = [asData(data)];
    const full: JpValue[][] = [];
    for (let i = 0; offset + i < nodes.length; i++) {
      const node = nodes[offset + i] as Node;
      const { values, error } = this.walk(cur, node);
      if (error !== null) return { ok: false, error };

      if (this.endRange > 0 && this.endRange <= this.inRange) {
        this.endRange--;
        this.lastEndNode = offset + i;
        break;
      }
      if (this.beginRange > 0) {
        this.beginRange--;
        this.inRange++;
        if (++this.rangeDepth > this.limits.maxRangeDepth)
          throw new JsonPathLimitError(
            `jsonpath ranges nest deeper than ${this.limits.maxRangeDepth}`,
          );
        // An empty range still runs its body once (on nothing) to find its end.
        const items: JpValue[] = values.length > 0 ? values : [INVALID];
        for (const item of items) {
          this.rootOffset = offset + i + 1;
          const r = this.findResults(asData(item));
          if (!r.ok) return r;
          if (values.length > 0) append(full, r.groups);
        }
        this.rangeDepth--;
        this.inRange--;
        for (let k = i + 1; offset + k < nodes.length; k++) {
          if (offset + k === this.lastEndNode) {
            i = k;
            break;
          }
        }
        continue;
      }
      full.push(values);
    }
    return { ok: true, groups: full };
  }

  private walk(input: JpValue[], node: Node): Outcome {
    this.budget.charge(1);
    switch (node.type) {
      case 'list':
        return this.evalList(input, node);
      case 'text':
        return ok([node.text]);
      case 'field':
        return this.evalField(input, node.name);
      case 'array':
        return this.evalArray(input, node);
      case 'filter':
        return this.evalFilter(input, node);
      case 'int':
        return ok(this.repeat(input, new GoInt(node.value)));
      case 'float':
        return ok(this.repeat(input, node.value));
      case 'bool':
        return ok(this.repeat(input, node.value));
      case 'wildcard':
        return ok(this.evalWildcard(input));
      case 'recursive':
        return ok(this.evalRecursive(input));
      case 'union':
        return this.evalUnion(input, node.branches);
      case 'identifier':
        return this.evalIdentifier(input, node.name);
    }
  }

  private repeat(input: JpValue[], v: JpValue): JpValue[] {
    this.budget.charge(input.length);
    return input.map(() => v);
  }

  private evalList(input: JpValue[], list: ListNode): Outcome {
    let cur = input;
    for (const node of list.nodes) {
      const out = this.walk(cur, node);
      if (out.error !== null) return out;
      cur = out.values;
    }
    return ok(cur);
  }

  private evalIdentifier(input: JpValue[], name: string): Outcome {
    if (name === 'range') {
      this.beginRange++;
      return ok(input);
    }
    if (name === 'end') {
      if (this.inRange > 0) {
        this.endRange++;
        return ok([]);
      }
      return fail([], 'not in range, nothing to end');
    }
    return fail(input, `unrecognized identifier ${name}`);
  }

  private evalField(input: JpValue[], name: string): Outcome {
    if (input.length === 0) return ok([]);
    const results: JpValue[] = [];
    for (const v of input) {
      if (v instanceof Map && v.has(name)) results.push(v.get(name) ?? null);
    }
    this.budget.charge(input.length);
    if (results.length === 0 && !this.allowMissingKeys) return fail([], `${name} is not found`);
    return ok(results);
  }

  private evalArray(input: JpValue[], node: ArrayNode): Outcome {
    const result: JpValue[] = [];
    const [start, end, step] = node.params;
    for (const v of input) {
      if (v === null) continue;
      if (!Array.isArray(v)) return fail(input, `${goTypeName(v)} is not array or slice`);
      const len = BigInt(v.length);
      let from = start.known ? start.value : 0n;
      if (from < 0n) from += len;
      let to = end.known ? end.value : len;
      if (to < 0n || (to === 0n && end.derived)) to += len;
      // A request for no elements ends the whole step, dropping any later arrays' elements.
      if (from === to) return ok(result);
      if (from >= len || from < 0n)
        return fail(input, `array index out of bounds: index ${from}, length ${len}`);
      if (to > len || to < 0n)
        return fail(input, `array index out of bounds: index ${to - 1n}, length ${len}`);
      if (from > to)
        return fail(input, `starting index ${from} is greater than ending index ${to}`);
      let by = 1n;
      if (step.known) {
        if (step.value <= 0n) return fail(input, 'step must be > 0');
        by = step.value;
      }
      for (let i = from; i < to; i += by) {
        result.push(v[Number(i)] ?? null);
        this.budget.charge(1);
      }
    }
    return ok(result);
  }

  private evalUnion(input: JpValue[], branches: ListNode[]): Outcome {
    const result: JpValue[] = [];
    for (const branch of branches) {
      const out = this.evalList(input, branch);
      if (out.error !== null) return fail(input, out.error);
      append(result, out.values);
    }
    return ok(result);
  }

  /** The members of a map, array or string (as bytes); nothing for anything else. */
  private children(v: JpValue): JpValue[] {
    let out: JpValue[] = [];
    if (v instanceof Map) out = sortedKeys(v).map((k) => v.get(k) ?? null);
    else if (Array.isArray(v)) out = v;
    else if (typeof v === 'string') out = utf8Bytes(v);
    this.budget.charge(out.length);
    return out;
  }

  private evalWildcard(input: JpValue[]): JpValue[] {
    const results: JpValue[] = [];
    for (const v of input) {
      if (v === null) continue;
      append(results, this.children(v));
    }
    return results;
  }

  /**
   * `..`: every value that has members, before its descendants (pre-order). Scalars and empty
   * containers are left out; a non-empty string is in (its bytes are its members).
   */
  private evalRecursive(input: JpValue[]): JpValue[] {
    const result: JpValue[] = [];
    const stack: Array<{ items: JpValue[]; at: number }> = [{ items: input, at: 0 }];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1] as { items: JpValue[]; at: number };
      if (frame.at >= frame.items.length) {
        stack.pop();
        continue;
      }
      const v = frame.items[frame.at++] as JpValue;
      if (v === null) continue;
      if (typeof v === 'string') {
        // A string's bytes have no members of their own: no need to list them.
        if (v.length > 0) result.push(v);
        this.budget.charge(1);
        continue;
      }
      const members = this.children(v);
      if (members.length === 0) continue;
      result.push(v);
      stack.push({ items: members, at: 0 });
    }
    return result;
  }

  private evalFilter(input: JpValue[], node: FilterNode): Outcome {
    const results: JpValue[] = [];
    for (const v of input) {
      if (!Array.isArray(v))
        return fail(input, `${sprintValue(v)} is not array or slice and cannot be filtered`);
      for (const elem of v as JpValue[]) {
        const temp: JpValue[] = [elem];
        const lefts = this.evalList(temp, node.left);
        if (node.operator === 'exists') {
          if (lefts.values.length > 0) results.push(elem);
          continue;
        }
        if (lefts.error !== null) return fail(input, lefts.error);
        if (lefts.values.length === 0) continue;
        if (lefts.values.length > 1) return fail(input, 'can only compare one element at a time');
        const rights = this.evalList(temp, node.right);
        if (rights.error !== null) return fail(input, rights.error);
        if (rights.values.length === 0) continue;
        if (rights.values.length > 1) return fail(input, 'can only compare one element at a time');
        const verdict = compare(
          node.operator,
          lefts.values[0] as JpValue,
          rights.values[0] as JpValue,
        );
        if (typeof verdict === 'string') return fail(results, verdict);
        if (verdict) results.push(elem);
      }
    }
    return ok(results);
  }
}

// --- comparisons: text/template's eq, lt and friends as client-go forked them ---------------------

type BasicKind = 'bool' | 'int' | 'uint' | 'float' | 'string';
type Basic =
  | { kind: 'bool'; v: boolean }
  | { kind: 'int' | 'uint'; v: bigint }
  | { kind: 'float'; v: number }
  | { kind: 'string'; v: string };

const BAD_TYPE = 'invalid type for comparison';
const INCOMPATIBLE = 'incompatible types for comparison';

function basic(x: JpValue): Basic | null {
  if (typeof x === 'boolean') return { kind: 'bool', v: x };
  if (typeof x === 'bigint') return { kind: 'int', v: x };
  if (x instanceof GoInt) return { kind: 'int', v: x.value };
  if (x instanceof GoByte) return { kind: 'uint', v: BigInt(x.value) };
  if (typeof x === 'number') return { kind: 'float', v: x };
  if (typeof x === 'string') return { kind: 'string', v: x };
  return null;
}

/** Both operands as comparable numbers or strings, or the error Go gives. */
function operands(a: JpValue, b: JpValue): [Basic, Basic] | string {
  const x = basic(a);
  if (x === null) return BAD_TYPE;
  const y = basic(b);
  if (y === null) return BAD_TYPE;
  return [x, y];
}

/** Signed and unsigned integers compare by value; any other mix of kinds is an error. */
function mixedInts(x: Basic, y: Basic): boolean {
  const kinds = new Set<BasicKind>([x.kind, y.kind]);
  return kinds.has('int') && kinds.has('uint');
}

function equal(a: JpValue, b: JpValue): boolean | string {
  const ops = operands(a, b);
  if (typeof ops === 'string') return ops;
  const [x, y] = ops;
  if (x.kind !== y.kind) return mixedInts(x, y) ? x.v === y.v : INCOMPATIBLE;
  return x.v === y.v;
}

function less(a: JpValue, b: JpValue): boolean | string {
  const ops = operands(a, b);
  if (typeof ops === 'string') return ops;
  const [x, y] = ops;
  if (x.kind !== y.kind) return mixedInts(x, y) ? (x.v as bigint) < (y.v as bigint) : INCOMPATIBLE;
  if (x.kind === 'bool') return BAD_TYPE;
  if (x.kind === 'string') return compareUtf8(x.v, y.v as string) < 0;
  return x.v < (y.v as number | bigint);
}

function lessEqual(a: JpValue, b: JpValue): boolean | string {
  const lt = less(a, b);
  if (lt !== false) return lt;
  return equal(a, b);
}

/** A filter's verdict, or the message of the error Go returns. */
function compare(operator: string, a: JpValue, b: JpValue): boolean | string {
  const not = (r: boolean | string): boolean | string => (typeof r === 'string' ? r : !r);
  switch (operator) {
    case '<':
      return less(a, b);
    case '>':
      return not(lessEqual(a, b));
    case '==':
      return equal(a, b);
    case '!=':
      return not(equal(a, b));
    case '<=':
      return lessEqual(a, b);
    case '>=':
      return not(less(a, b));
    default:
      return `unrecognized filter operator ${operator}`;
  }
}
