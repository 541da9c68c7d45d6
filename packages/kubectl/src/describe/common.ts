// The building blocks kubectl's describers share: labels, annotations, taints, tolerations, selectors, events, quantities.
import { goSort } from '../go/sort.js';
import { parseTime, since } from '../go/time.js';
import type { GoMap, GoValue } from '../go/value.js';
import { compareUtf8 } from '../go/value.js';
import { at, has, int, map, maps, str, stringMap, strings, bool } from '../go/obj.js';
import type { PrefixWriter } from './writer.js';
import { LEVEL_0, LEVEL_1 } from './writer.js';
import type { Quantity } from '../go/quantity.js';
import { quantityOrZero } from '../go/quantity.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const MAX_ANNOTATION_LEN = 140;

/** printLabelsMultilineWithIndent. */
export function printLabelsMultiline(
  w: PrefixWriter,
  title: string,
  labels: Array<[string, string]>,
  initialIndent = '',
  innerIndent = '\t',
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  if (labels.length === 0) {
    w.writeLine('<none>');
    return;
  }
  labels.forEach(([k, v], i) => {
    if (i !== 0) {
      w.write(LEVEL_0, initialIndent);
      w.write(LEVEL_0, innerIndent);
    }
    w.write(LEVEL_0, `${k}=${v}\n`);
  });
}

/** Go's s[:n] on a string: a byte prefix (a split character becomes U+FFFD when printed). */
function bytePrefix(s: string, n: number): string {
  return Buffer.from(s, 'utf8').subarray(0, n).toString('utf8');
}

const byteLen = (s: string): number => Buffer.byteLength(s, 'utf8');

/** printAnnotationsMultiline: sorted, last-applied-configuration skipped, long or multi-line values folded. */
export function printAnnotationsMultiline(
  w: PrefixWriter,
  title: string,
  annotations: Array<[string, string]>,
): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = annotations.filter(([k]) => k !== LAST_APPLIED);
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const indent = '\t';
  keys.forEach(([key, raw], i) => {
    if (i !== 0) w.write(LEVEL_0, indent);
    const value = raw.endsWith('\n') ? raw.slice(0, -1) : raw;
    if (byteLen(value) + byteLen(key) + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(LEVEL_0, `${key}:\n`);
      for (const s of value.split('\n')) {
        const shortened =
          byteLen(s) > MAX_ANNOTATION_LEN - 2 ? bytePrefix(s, MAX_ANNOTATION_LEN - 2) + '...' : s;
        w.write(LEVEL_0, `${indent}  ${shortened}\n`);
      }
    } else {
      w.write(LEVEL_0, `${key}: ${value}\n`);
    }
  });
}

export const labelsOf = (obj: GoValue | undefined): Array<[string, string]> =>
  stringMap(obj, 'metadata', 'labels');
export const annotationsOf = (obj: GoValue | undefined): Array<[string, string]> =>
  stringMap(obj, 'metadata', 'annotations');

/** corev1.Taint.ToString(). */
export function taintString(t: GoMap): string {
  const key = str(t, 'key');
  const value = str(t, 'value');
  const effect = str(t, 'effect');
  if (value === '') return `${key}:${effect}`;
  return `${key}=${value}:${effect}`;
}

export function printTaintsMultiline(w: PrefixWriter, title: string, taints: GoMap[]): void {
  w.write(LEVEL_0, `${title}:\t`);
  if (taints.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const key = (t: GoMap): string => `${str(t, 'effect')},${str(t, 'key')}`;
  const sorted = goSort([...taints], (a, b) => key(a) < key(b));
  sorted.forEach((t, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, '');
      w.write(LEVEL_0, '\t');
    }
    w.write(LEVEL_0, `${taintString(t)}\n`);
  });
}

export function printTolerationsMultiline(
  w: PrefixWriter,
  title: string,
  tolerations: GoMap[],
  initialIndent = '',
): void {
  const innerIndent = '\t';
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  if (tolerations.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const sorted = goSort([...tolerations], (a, b) => str(a, 'key') < str(b, 'key'));
  sorted.forEach((t, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, initialIndent);
      w.write(LEVEL_0, innerIndent);
    }
    const key = str(t, 'key');
    const value = str(t, 'value');
    const effect = str(t, 'effect');
    w.write(LEVEL_0, key);
    if (value !== '') w.write(LEVEL_0, `=${value}`);
    if (effect !== '') w.write(LEVEL_0, `:${effect}`);
    if (str(t, 'operator') === 'Exists' && value === '') {
      w.write(LEVEL_0, key !== '' || effect !== '' ? ' op=Exists' : 'op=Exists');
    }
    if (has(t, 'tolerationSeconds')) w.write(LEVEL_0, ` for ${int(t, 'tolerationSeconds')}s`);
    w.write(LEVEL_0, '\n');
  });
}

export function printPodsMultiline(w: PrefixWriter, title: string, pods: GoMap[]): void {
  w.write(LEVEL_0, `${title}:\t`);
  if (pods.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const sorted = goSort(
    [...pods],
    (a, b) => str(a, 'metadata', 'name') < str(b, 'metadata', 'name'),
  );
  sorted.forEach((p, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, '');
      w.write(LEVEL_0, '\t');
    }
    w.write(LEVEL_0, `${str(p, 'metadata', 'name')}\n`);
  });
}

/** labels.FormatLabels: `k=v,...` sorted by key, `<none>` when empty. */
export function formatLabelMap(entries: Array<[string, string]>): string {
  if (entries.length === 0) return '<none>';
  return entries.map(([k, v]) => `${k}=${v}`).join(',');
}

/**
 * metav1.LabelSelectorAsSelector(sel).String(): '' for a nil or empty selector; null when an
 * operator is invalid (kubectl then reports an error).
 */
export function selectorString(sel: GoValue | undefined): string | null {
  if (sel === undefined || sel === null) return '';
  const reqs: Array<{ key: string; text: string }> = [];
  for (const [k, v] of stringMap(sel, 'matchLabels')) reqs.push({ key: k, text: `${k}=${v}` });
  for (const e of maps(sel, 'matchExpressions')) {
    const key = str(e, 'key');
    const values = [...strings(e, 'values')].sort(compareUtf8).join(',');
    switch (str(e, 'operator')) {
      case 'In':
        reqs.push({ key, text: `${key} in (${values})` });
        break;
      case 'NotIn':
        reqs.push({ key, text: `${key} notin (${values})` });
        break;
      case 'Exists':
        reqs.push({ key, text: key });
        break;
      case 'DoesNotExist':
        reqs.push({ key, text: `!${key}` });
        break;
      default:
        return null;
    }
  }
  goSort(reqs, (a, b) => a.key < b.key);
  return reqs.map((r) => r.text).join(',');
}

/** metav1.FormatLabelSelector: `<none>` when empty, `<error>` when invalid. */
export function formatLabelSelector(sel: GoValue | undefined): string {
  const s = selectorString(sel);
  if (s === null) return '<error>';
  return s === '' ? '<none>' : s;
}

/** event.SortableEvents (describe) orders by lastTimestamp only. */
function lastTimestamp(e: GoMap): number {
  return parseTime(at(e, 'lastTimestamp')) ?? -62135596800000;
}

/** DescribeEvents: the events table that ends most describers. */
export function describeEvents(events: GoMap[], w: PrefixWriter, now: number): void {
  if (events.length === 0) {
    w.write(LEVEL_0, 'Events:\t<none>\n');
    return;
  }
  w.flush();
  const sorted = goSort([...events], (a, b) => lastTimestamp(a) < lastTimestamp(b));
  w.write(LEVEL_0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(LEVEL_1, '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    w.write(
      LEVEL_1,
      `${str(e, 'type')}\t${str(e, 'reason')}\t${eventInterval(e, now)}\t${eventSource(e)}\t${eventMessage(e)}\n`,
    );
  }
}

/** The "Age" of an event: `5m`, or `2m (x3 over 10m)` for repeated ones. */
export function eventInterval(e: GoMap, now: number): string {
  const first = has(e, 'eventTime')
    ? since(at(e, 'eventTime'), now)
    : since(at(e, 'firstTimestamp'), now);
  if (has(e, 'series')) {
    return `${since(at(e, 'series', 'lastObservedTime'), now)} (x${int(e, 'series', 'count')} over ${first})`;
  }
  if (int(e, 'count') > 1)
    return `${since(at(e, 'lastTimestamp'), now)} (x${int(e, 'count')} over ${first})`;
  return first;
}

function eventSource(e: GoMap): string {
  const component = str(e, 'source', 'component');
  return component !== '' ? component : str(e, 'reportingComponent');
}

function eventMessage(e: GoMap): string {
  const message = str(e, 'message').trim();
  const fieldPath = str(e, 'involvedObject', 'fieldPath');
  return fieldPath !== '' ? `${fieldPath}: ${message}` : message;
}

/** `%v` of a Go string slice field: `[a b]`. */
export function goStringList(v: GoValue | undefined, ...path: string[]): string {
  return `[${strings(v, ...path).join(' ')}]`;
}

export const nameOf = (o: GoValue | undefined): string => str(o, 'metadata', 'name');
export const namespaceOf = (o: GoValue | undefined): string => str(o, 'metadata', 'namespace');
export const uidOf = (o: GoValue | undefined): string => str(o, 'metadata', 'uid');

/** A ResourceList as sorted [name, quantity] pairs. */
export function resourceList(v: GoValue | undefined, ...path: string[]): Array<[string, Quantity]> {
  const m = map(v, ...path);
  if (!m) return [];
  return [...m.keys()]
    .sort(compareUtf8)
    .map((k) => [k, quantityOrZero(m.get(k))] as [string, Quantity]);
}

export const printBool = (b: boolean): string => (b ? 'True' : 'False');
export const printBoolPtr = (v: GoValue | undefined): string =>
  v === undefined || v === null ? '<unset>' : printBool(v === true);

/** formatEndpointSlices: up to three ready addresses, then `+ N more...`. */
export function formatEndpointSlices(slices: GoMap[], ports: Set<string> | null): string {
  if (slices.length === 0) return '<none>';
  const out: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const s of slices) {
    const endpoints = maps(s, 'endpoints');
    const sPorts = maps(s, 'ports');
    const ready = (e: GoMap): boolean =>
      !has(e, 'conditions', 'ready') || bool(e, 'conditions', 'ready');
    if (sPorts.length === 0) {
      for (const e of endpoints) {
        if (out.length === max) more = true;
        if (!ready(e)) continue;
        if (!more) out.push(strings(e, 'addresses')[0] ?? '');
        count++;
      }
    } else {
      for (const p of sPorts) {
        if (ports !== null && !ports.has(str(p, 'name'))) continue;
        for (const e of endpoints) {
          if (out.length === max) more = true;
          const addr = strings(e, 'addresses')[0] ?? '';
          if (!ready(e)) continue;
          if (!more)
            out.push(
              addr.includes(':') ? `[${addr}]:${int(p, 'port')}` : `${addr}:${int(p, 'port')}`,
            );
          count++;
        }
      }
    }
  }
  const joined = out.join(',');
  return more ? `${joined} + ${count - max} more...` : joined;
}

/** The value of a quantity keyed `name` in a ResourceList (zero when absent). */
export const rl = (v: GoValue | undefined, name: string, ...path: string[]): Quantity =>
  quantityOrZero(at(v, ...path, name));
