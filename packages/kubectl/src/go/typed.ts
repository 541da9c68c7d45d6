// Objects as kubectl's typed structs re-encode them: Go field order, omitempty, RFC 3339 times, unknown fields dropped.
//
// Some verbs (events -o json|yaml) decode the server's JSON into k8s.io/api structs and print
// those, not the server's text: field order follows the struct, zero values vanish or appear
// per their json tags, and fields the struct does not know are lost.
import { parseTime } from './time.js';
import { at, has, int, map, maps, str, stringMap } from './obj.js';
import type { GoMap, GoValue } from './value.js';

type Entry = [string, GoValue | undefined];

/** Builds a struct: entries whose value is `undefined` are omitted (omitempty). */
export function struct(entries: Entry[]): GoMap {
  const m: GoMap = new Map();
  for (const [k, v] of entries) if (v !== undefined) m.set(k, v);
  return m;
}

/** A string field with omitempty. */
export const optStr = (v: GoValue | undefined, ...path: string[]): string | undefined => {
  const s = str(v, ...path);
  return s === '' ? undefined : s;
};

/** An integer field with omitempty. */
export const optInt = (v: GoValue | undefined, ...path: string[]): bigint | undefined => {
  const n = int(v, ...path);
  return n === 0 ? undefined : BigInt(n);
};

/** A pointer-to-integer field with omitempty: present when set, even to 0. */
export const ptrInt = (v: GoValue | undefined, ...path: string[]): bigint | undefined =>
  has(v, ...path) ? BigInt(int(v, ...path)) : undefined;

/** A pointer-to-bool field with omitempty. */
export const ptrBool = (v: GoValue | undefined, ...path: string[]): boolean | undefined =>
  has(v, ...path) ? at(v, ...path) === true : undefined;

/** metav1.Time as JSON: RFC 3339 in UTC, whole seconds; null when unset. */
export function goTime(v: GoValue | undefined): string | null {
  const t = parseTime(v);
  if (t === null) return null;
  return new Date(Math.floor(t / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** metav1.MicroTime as JSON: RFC 3339 with microseconds in UTC; null when unset. */
export function goMicroTime(v: GoValue | undefined): string | null {
  if (typeof v !== 'string') return null;
  const t = parseTime(v);
  if (t === null) return null;
  const frac = /\.(\d+)/.exec(v)?.[1] ?? '';
  const micros = (frac + '000000').slice(0, 6);
  return `${new Date(Math.floor(t / 1000) * 1000).toISOString().slice(0, 19)}.${micros}Z`;
}

function stringMapValue(v: GoValue | undefined, ...path: string[]): GoMap | undefined {
  const entries = stringMap(v, ...path);
  return entries.length === 0 ? undefined : new Map(entries);
}

function stringList(v: GoValue | undefined, ...path: string[]): GoValue[] | undefined {
  const xs = at(v, ...path);
  return Array.isArray(xs) && xs.length > 0
    ? xs.map((x) => (typeof x === 'string' ? x : ''))
    : undefined;
}

/** metav1.ObjectMeta, managedFields left out (kubectl's printers drop them). */
export function objectMeta(meta: GoValue | undefined): GoMap {
  const owners = maps(meta, 'ownerReferences');
  return struct([
    ['name', optStr(meta, 'name')],
    ['generateName', optStr(meta, 'generateName')],
    ['namespace', optStr(meta, 'namespace')],
    ['selfLink', optStr(meta, 'selfLink')],
    ['uid', optStr(meta, 'uid')],
    ['resourceVersion', optStr(meta, 'resourceVersion')],
    ['generation', optInt(meta, 'generation')],
    ['creationTimestamp', goTime(at(meta, 'creationTimestamp'))],
    [
      'deletionTimestamp',
      has(meta, 'deletionTimestamp') ? goTime(at(meta, 'deletionTimestamp')) : undefined,
    ],
    ['deletionGracePeriodSeconds', ptrInt(meta, 'deletionGracePeriodSeconds')],
    ['labels', stringMapValue(meta, 'labels')],
    ['annotations', stringMapValue(meta, 'annotations')],
    [
      'ownerReferences',
      owners.length === 0
        ? undefined
        : owners.map((o) =>
            struct([
              ['apiVersion', str(o, 'apiVersion')],
              ['kind', str(o, 'kind')],
              ['name', str(o, 'name')],
              ['uid', str(o, 'uid')],
              ['controller', ptrBool(o, 'controller')],
              ['blockOwnerDeletion', ptrBool(o, 'blockOwnerDeletion')],
            ]),
          ),
    ],
    ['finalizers', stringList(meta, 'finalizers')],
  ]);
}

/** corev1.ObjectReference. */
export function objectReference(ref: GoValue | undefined): GoMap {
  return struct([
    ['kind', optStr(ref, 'kind')],
    ['namespace', optStr(ref, 'namespace')],
    ['name', optStr(ref, 'name')],
    ['uid', optStr(ref, 'uid')],
    ['apiVersion', optStr(ref, 'apiVersion')],
    ['resourceVersion', optStr(ref, 'resourceVersion')],
    ['fieldPath', optStr(ref, 'fieldPath')],
  ]);
}

/** corev1.Event, with kind/apiVersion defaulted to Event/v1 as `kubectl events` sets them. */
export function typedEvent(e: GoMap): GoMap {
  const series = map(e, 'series');
  return struct([
    ['kind', optStr(e, 'kind') ?? 'Event'],
    ['apiVersion', optStr(e, 'apiVersion') ?? 'v1'],
    ['metadata', objectMeta(at(e, 'metadata'))],
    ['involvedObject', objectReference(at(e, 'involvedObject'))],
    ['reason', optStr(e, 'reason')],
    ['message', optStr(e, 'message')],
    [
      'source',
      struct([
        ['component', optStr(e, 'source', 'component')],
        ['host', optStr(e, 'source', 'host')],
      ]),
    ],
    ['firstTimestamp', goTime(at(e, 'firstTimestamp'))],
    ['lastTimestamp', goTime(at(e, 'lastTimestamp'))],
    ['count', optInt(e, 'count')],
    ['type', optStr(e, 'type')],
    ['eventTime', goMicroTime(at(e, 'eventTime'))],
    [
      'series',
      series === undefined
        ? undefined
        : struct([
            ['count', optInt(series, 'count')],
            ['lastObservedTime', goMicroTime(at(series, 'lastObservedTime'))],
          ]),
    ],
    ['action', optStr(e, 'action')],
    ['related', has(e, 'related') ? objectReference(at(e, 'related')) : undefined],
    ['reportingComponent', str(e, 'reportingComponent')],
    ['reportingInstance', str(e, 'reportingInstance')],
  ]);
}
