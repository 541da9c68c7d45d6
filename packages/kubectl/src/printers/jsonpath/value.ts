// The values client-go's JSONPath engine handles: decoded JSON (GoValue) plus the few Go values its own nodes make.
import { formatFloatG, sprintGo } from '../../go/fmt.js';
import type { GoValue } from '../../go/value.js';

/** A Go `int` made by an integer literal in the template (`{5}`, `[?(@.x==5)]`): prints like int64, named `int`. */
export class GoInt {
  constructor(readonly value: bigint) {}
}

/** A `uint8`: what `.*` or `..` yields for each UTF-8 byte of a string. */
export class GoByte {
  constructor(readonly value: number) {}
}

/**
 * Go's zero reflect.Value: what the engine walks when a `range` has no items, or iterates over a
 * JSON null (the engine re-enters with `value.Interface()`, which is a nil interface{}).
 */
export const INVALID: unique symbol = Symbol('invalid reflect.Value');
export type Invalid = typeof INVALID;

/** A value as the engine sees it: `null` is a nil interface{} held by a map or slice. */
export type JpValue = GoValue | GoInt | GoByte | Invalid;

/** The data the engine starts from: `reflect.ValueOf(x)` of a nil interface is the zero Value. */
export function asData(v: JpValue): JpValue {
  return v === null ? INVALID : v;
}

/** reflect's Type().String() of a non-nil value, as `… is not array or slice` names it. */
export function goTypeName(v: Exclude<JpValue, null>): string {
  if (v === INVALID) return '<invalid Value>';
  if (v instanceof Map) return 'map[string]interface {}';
  if (Array.isArray(v)) return '[]interface {}';
  if (v instanceof GoInt) return 'int';
  if (v instanceof GoByte) return 'uint8';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'bigint':
      return 'int64';
    case 'number':
      return 'float64';
    default:
      return 'bool';
  }
}

/** fmt's %v (fmt.Sprint) of a value: maps as `map[k:v]`, nil as `<nil>`. */
export function sprintValue(v: JpValue): string {
  if (v === INVALID) return '<invalid reflect.Value>';
  if (v instanceof GoInt) return v.value.toString();
  if (v instanceof GoByte) return String(v.value);
  return sprintGo(v);
}

/**
 * evalToText: how a scalar result prints in `-o jsonpath`. A JSON null prints `null` (client-go
 * special-cases it); the zero Value prints text/template's `<no value>`.
 */
export function scalarText(v: JpValue): string {
  if (v === null) return 'null';
  if (v === INVALID) return '<no value>';
  if (typeof v === 'number') return formatFloatG(v);
  return sprintValue(v);
}

/** The value encoding/json marshals: Go's int and uint8 are plain numbers; the zero Value has none. */
export function toGoValue(v: JpValue): GoValue {
  if (v === INVALID) return null;
  if (v instanceof GoInt) return v.value;
  if (v instanceof GoByte) return BigInt(v.value);
  return v;
}

/** The UTF-8 bytes of a string, each a uint8 as Go's reflect indexes a string. */
export function utf8Bytes(s: string): GoByte[] {
  return Array.from(new TextEncoder().encode(s), (b) => new GoByte(b));
}
