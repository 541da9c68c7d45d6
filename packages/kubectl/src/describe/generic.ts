// The generic describer, for kinds kubectl has no dedicated describer for (CRDs included): every field, labelled.
import { RequestFailed, getObject } from '../resource/rest.js';
import { str } from '../go/obj.js';
import { sprintGo } from '../go/fmt.js';
import type { GoMap, GoValue } from '../go/value.js';
import { compareUtf8, isGoMap } from '../go/value.js';
import {
  annotationsOf,
  describeEvents,
  labelsOf,
  nameOf,
  namespaceOf,
  printAnnotationsMultiline,
  printLabelsMultiline,
  uidOf,
} from './common.js';
import type { PrefixWriter } from './writer.js';
import { LEVEL_0, tabbedString } from './writer.js';
import type { Mapping } from '../resource/discovery.js';
import type { Describer } from './related.js';
import { searchEvents } from './related.js';

/** fatih/camelcase.Split. */
function camelSplit(src: string): string[] {
  const cls = (ch: string): number =>
    /\p{Ll}/u.test(ch) ? 1 : /\p{Lu}/u.test(ch) ? 2 : /\p{Nd}/u.test(ch) ? 3 : 4;
  const runs: string[][] = [];
  let last = 0;
  for (const ch of src) {
    const c = cls(ch);
    if (c === last && runs.length > 0) (runs[runs.length - 1] as string[]).push(ch);
    else runs.push([ch]);
    last = c;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    const cur = runs[i] as string[];
    const next = runs[i + 1] as string[];
    if (
      cur.length > 0 &&
      next.length > 0 &&
      /\p{Lu}/u.test(cur[0] as string) &&
      /\p{Ll}/u.test(next[0] as string)
    ) {
      next.unshift(cur.pop() as string);
    }
  }
  return runs.filter((r) => r.length > 0).map((r) => r.join(''));
}

const ACRONYMS = new Set(['API', 'URL', 'UID', 'OSB', 'GUID']);

/** smartLabelFor: `apiVersion` → `API Version`; fields with other characters stay as they are. */
export function smartLabelFor(field: string): string {
  if ([...field].some((ch) => !/\p{L}/u.test(ch) && ch !== '-')) return field;
  return camelSplit(field)
    .filter((p) => p !== '_')
    .map((p) =>
      ACRONYMS.has(p.toUpperCase())
        ? p.toUpperCase()
        : [...p].map((c, i) => (i === 0 ? c.toUpperCase() : c.toLowerCase())).join(''),
    )
    .join(' ');
}

const GENERIC_SKIP = new Set([
  '.metadata.managedFields',
  '.metadata.name',
  '.metadata.namespace',
  '.metadata.labels',
  '.metadata.annotations',
]);

function printUnstructured(w: PrefixWriter, level: number, content: GoMap, prefix: string): void {
  const fields = [...content.keys()].sort(compareUtf8);
  for (const field of fields) {
    const value = content.get(field) as GoValue;
    const skipExpr = `${prefix}.${field}`;
    if (GENERIC_SKIP.has(skipExpr)) continue;
    if (isGoMap(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      printUnstructured(w, level + 1, value, skipExpr);
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      for (const child of value) {
        if (isGoMap(child)) printUnstructured(w, level + 1, child, skipExpr);
        else w.write(level + 1, `${goScalar(child)}\n`);
      }
    } else {
      w.write(level, `${smartLabelFor(field)}:\t${goScalar(value)}\n`);
    }
  }
}

const goScalar = (v: GoValue): string => sprintGo(v);

/** The describer for kinds kubectl has no dedicated describer for (CRDs included). */
export function genericDescriber(m: Mapping): Describer {
  return async (ctx, namespace, name) => {
    const obj = await getObject(ctx.kube, m, m.namespaced ? namespace : '', name);
    let events: GoMap[] | null = null;
    if (ctx.showEvents) {
      try {
        events = await searchEvents(ctx, {
          kind: str(obj, 'kind'),
          namespace: namespaceOf(obj),
          name: nameOf(obj),
          uid: uidOf(obj),
        });
      } catch (err) {
        if (!(err instanceof RequestFailed)) throw err;
        events = [];
      }
    }
    return tabbedString((w) => {
      w.write(LEVEL_0, `Name:\t${nameOf(obj)}\n`);
      w.write(LEVEL_0, `Namespace:\t${namespaceOf(obj)}\n`);
      printLabelsMultiline(w, 'Labels', labelsOf(obj));
      printAnnotationsMultiline(w, 'Annotations', annotationsOf(obj));
      printUnstructured(w, LEVEL_0, obj, '');
      if (events !== null) describeEvents(events, w, ctx.now);
    });
  };
}
