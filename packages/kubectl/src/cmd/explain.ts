// runExplain: kubectl explain from the cluster's OpenAPI v3 documents, following kubectl's plaintext template step by step.
//
// kubectl renders explain with a text/template (explain/v2/templates/plaintext.tmpl); this
// module restates that template's logic: the GVK taken from the resource's paths, the schema
// with that GVK, the field path followed through $ref, items, additionalProperties and allOf,
// descriptions word-wrapped by go-wordwrap, fields sorted by name.
import type { ExplainRequest } from '@porthole/policy';
import { JSON_ACCEPT, RequestFailed, fetchJson } from '../resource/rest.js';
import type { Mapping } from '../resource/discovery.js';
import { Discovery, DiscoveryError } from '../resource/discovery.js';
import { checkErrText, errorString } from '../resource/errors.js';
import { formatFloatG, sprintGo } from '../go/fmt.js';
import type { GoMap, GoValue } from '../go/value.js';
import { compareUtf8, isGoMap } from '../go/value.js';
import type { CommandOutput, RunOptions } from '../types.js';
import type { KubeGet } from '../resource/client.js';

/** A template `throw`: kubectl prints the message as it is (it already starts with "error: "). */
class ExplainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExplainError';
  }
}

/** Go template truthiness. */
function truthy(v: GoValue | undefined): boolean {
  if (v === undefined || v === null || v === false || v === '' || v === 0 || v === 0n) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isGoMap(v)) return v.size > 0;
  return true;
}

const get = (v: GoValue | undefined, k: string): GoValue | undefined =>
  isGoMap(v) ? v.get(k) : undefined;

/** Is `additionalProperties` a schema (not a bool)? */
const schemaValued = (v: GoValue | undefined): boolean => truthy(v) && typeof v !== 'boolean';

/** unicode.IsSpace, minus the non-breaking space go-wordwrap keeps inside words. */
const WRAP_SPACE = /^[\t\n\v\f\r \u0085\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/u;

/** go-wordwrap v1.0.1 WrapString: breaks at white space, widths in code points. */
export function wrapString(s: string, lim: number): string {
  let out = '';
  let current = 0;
  let word = '';
  let wordLen = 0;
  let space = '';
  let spaceLen = 0;
  for (const ch of s) {
    if (ch === '\n') {
      if (wordLen === 0) {
        if (current + spaceLen > lim) current = 0;
        else {
          current += spaceLen;
          out += space;
        }
      } else {
        current += spaceLen + wordLen;
        out += space + word;
        word = '';
        wordLen = 0;
      }
      space = '';
      spaceLen = 0;
      out += ch;
      current = 0;
    } else if (WRAP_SPACE.test(ch)) {
      if (spaceLen === 0 || wordLen > 0) {
        current += spaceLen + wordLen;
        out += space + word;
        space = '';
        spaceLen = 0;
        word = '';
        wordLen = 0;
      }
      space += ch;
      spaceLen++;
    } else {
      word += ch;
      wordLen++;
      if (current + spaceLen + wordLen > lim && wordLen < lim) {
        out += '\n';
        current = 0;
        space = '';
        spaceLen = 0;
      }
    }
  }
  if (wordLen === 0) {
    if (current + spaceLen <= lim) out += space;
  } else out += space + word;
  return out;
}

/** The template's `indent`: pad the first line and every line after a newline. */
const indent = (amount: number, s: string): string => {
  const pad = ' '.repeat(amount);
  return pad + s.replaceAll('\n', `\n${pad}`);
};

class Renderer {
  constructor(private readonly doc: GoMap) {}

  /** resolveRef: a local JSON pointer (`#/components/schemas/...`) into the document; undefined otherwise. */
  resolveRef(ref: GoValue | undefined): GoMap | undefined {
    if (typeof ref !== 'string' || !ref.startsWith('#')) return undefined;
    let fragment: string;
    try {
      fragment = decodeURIComponent(ref.slice(1));
    } catch {
      // A malformed escape makes jsonreference reject the reference.
      return undefined;
    }
    let cur: GoValue | undefined = this.doc;
    for (const k of fragment.split('/')) {
      if (k === '') continue;
      const next = get(cur, k);
      if (!isGoMap(next)) return undefined;
      cur = next;
    }
    return isGoMap(cur) ? cur : undefined;
  }

  private resolved(schema: GoMap): GoMap {
    return this.resolveRef(schema.get('$ref')) ?? schema;
  }

  typeGuess(schema: GoValue | undefined): string {
    if (!isGoMap(schema) || schema.size === 0)
      throw new ExplainError("expected schema argument to subtemplate 'typeguess'");
    if (truthy(schema.get('items'))) return `[]${this.typeGuess(schema.get('items'))}`;
    if (schemaValued(schema.get('additionalProperties')))
      return `map[string]${this.typeGuess(schema.get('additionalProperties'))}`;
    const allOf = schema.get('allOf');
    if (
      truthy(allOf) &&
      !truthy(schema.get('properties')) &&
      Array.isArray(allOf) &&
      allOf.length === 1
    )
      return this.typeGuess(allOf[0]);
    const ref = schema.get('$ref');
    if (truthy(ref)) {
      const refSchema = this.resolveRef(ref);
      const refType = get(refSchema, 'type');
      if (!truthy(refSchema) || !truthy(refType) || refType === 'object') {
        const name = (typeof ref === 'string' ? ref : '').split('/').at(-1) ?? '';
        const last = name.split('.').at(-1) ?? '';
        return last !== '' ? last : 'Object';
      }
      return typeof refType === 'string' ? refType : sprintGo(refType as GoValue);
    }
    const type = schema.get('type');
    if (type === 'object') return 'Object';
    return truthy(type) ? (typeof type === 'string' ? type : sprintGo(type as GoValue)) : 'Object';
  }

  extractEnum(
    schema: GoValue | undefined,
    longView: boolean,
    limit: number,
    indentAmount = 0,
  ): string {
    const values = get(schema, 'enum');
    if (!truthy(values) || !Array.isArray(values)) return '';
    let out = longView ? 'ENUM:' : `\n${' '.repeat(indentAmount)}enum: `;
    for (let i = 0; i < values.length; i++) {
      if (limit > -1 && i >= limit) {
        out += ', ....';
        break;
      }
      if (i > 0 && !longView) out += ', ';
      else if (longView) out += '\n    ';
      const v = values[i] as GoValue;
      if (v === '') out += '""';
      else if (typeof v === 'string') out += v;
      else if (typeof v === 'bigint') out += formatFloatG(Number(v));
      else out += sprintGo(v);
    }
    return out;
  }

  description(schema: GoMap): string {
    const s = this.resolved(schema);
    let out = '';
    const d = s.get('description');
    if (truthy(d)) out += `${typeof d === 'string' ? d : sprintGo(d as GoValue)}\n`;
    const allOf = s.get('allOf');
    if (Array.isArray(allOf)) for (const a of allOf) if (isGoMap(a)) out += this.description(a);
    if (truthy(s.get('items')) && isGoMap(s.get('items')))
      out += this.description(s.get('items') as GoMap);
    if (schemaValued(s.get('additionalProperties')) && isGoMap(s.get('additionalProperties')))
      out += this.description(s.get('additionalProperties') as GoMap);
    return out;
  }

  fieldDetail(name: string, schema: GoMap, short: boolean, level: number): string {
    const indentAmount = level * 2;
    const fieldSchema = get(schema.get('properties'), name);
    let out = `${indent(indentAmount, name)}\t<${this.typeGuess(fieldSchema)}>`;
    const required = schema.get('required');
    if (Array.isArray(required) && required.includes(name)) out += ' -required-';
    out += this.extractEnum(fieldSchema, false, 4, indentAmount);
    out += '\n';
    if (!short) {
      const d = get(fieldSchema, 'description');
      const text = truthy(d)
        ? typeof d === 'string'
          ? d
          : sprintGo(d as GoValue)
        : '<no description>';
      out += `${indent(indentAmount + 2, wrapString(text, 78 - indentAmount))}\n\n`;
    }
    return out;
  }

  fieldList(schema: GoMap, level: number, recursive: boolean, history: Set<string>): string {
    const ref = schema.get('$ref');
    const refString = typeof ref === 'string' ? ref : '';
    if (refString !== '' && history.has(refString)) return '';
    const next = new Set(history).add(refString);
    const s = this.resolved(schema);
    let out = '';
    const props = s.get('properties');
    if (isGoMap(props)) {
      for (const k of [...props.keys()].sort(compareUtf8)) {
        out += this.fieldDetail(k, s, recursive, level);
        const v = props.get(k);
        if (recursive && isGoMap(v)) out += this.fieldList(v, level + 1, recursive, next);
      }
    }
    const allOf = s.get('allOf');
    if (Array.isArray(allOf))
      for (const a of allOf) if (isGoMap(a)) out += this.fieldList(a, level, recursive, next);
    const items = s.get('items');
    if (truthy(items) && isGoMap(items)) out += this.fieldList(items, level, recursive, next);
    const add = s.get('additionalProperties');
    if (schemaValued(add) && isGoMap(add)) out += this.fieldList(add, level, recursive, next);
    return out;
  }

  output(schema: GoMap, fieldPath: string[], recursive: boolean, history: Set<string>): string {
    const ref = schema.get('$ref');
    const refString = typeof ref === 'string' ? ref : '';
    const next = new Set(history).add(refString);
    const s = this.resolved(schema);
    if (fieldPath.length === 0) {
      const desc = this.description(s);
      let out = `DESCRIPTION:\n${indent(4, wrapString(desc !== '' ? desc : '<empty>', 76))}\n`;
      const fields = this.fieldList(s, 1, recursive, new Set());
      if (fields !== '') out += `FIELDS:\n${fields}`;
      return out;
    }
    if (refString !== '' && history.has(refString)) return '';
    const props = s.get('properties');
    const first = fieldPath[0] as string;
    if (truthy(props) && truthy(get(props, first)) && isGoMap(get(props, first))) {
      const sub = get(props, first) as GoMap;
      let out = '';
      if (fieldPath.length === 1)
        out += `FIELD: ${first} <${this.typeGuess(sub)}>\n${this.extractEnum(sub, true, -1)}\n\n`;
      return out + this.output(sub, fieldPath.slice(1), recursive, new Set());
    }
    const items = s.get('items');
    if (truthy(items) && isGoMap(items)) return this.output(items, fieldPath, recursive, next);
    const add = s.get('additionalProperties');
    if (schemaValued(add) && isGoMap(add)) return this.output(add, fieldPath, recursive, next);
    const allOf = s.get('allOf');
    if (Array.isArray(allOf)) {
      for (const a of allOf) {
        if (!isGoMap(a)) continue;
        const out = this.output(a, fieldPath, recursive, next);
        if (out !== '') return out;
      }
    }
    return '';
  }
}

/** fmt's %v of a decoded JSON map, as the template prints a GVK in errors. */
const goMapText = (m: GoMap): string =>
  `map[${[...m.keys()]
    .sort(compareUtf8)
    .map((k) => `${k}:${sprintGo(m.get(k) as GoValue)}`)
    .join(' ')}]`;

/** reflect.DeepEqual between two decoded JSON values (the template's `contains`). */
function deepEqual(a: GoValue | undefined, b: GoValue | undefined): boolean {
  if (isGoMap(a) && isGoMap(b)) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !deepEqual(v, b.get(k))) return false;
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (typeof a === 'bigint' || typeof b === 'bigint') return Number(a) === Number(b);
  return a === b;
}

/** The plaintext template, top to bottom; `out` collects what kubectl writes before a `throw`. */
function render(
  doc: GoMap,
  m: Mapping,
  fieldPath: string[],
  recursive: boolean,
  out: { text: string },
): void {
  const r = new Renderer(doc);
  const prefix = m.group === '' ? '/api' : `/apis/${m.group}`;
  const searchPaths = [
    [prefix, m.version, m.resource].join('/'),
    [prefix, m.version, m.resource, '{name}'].join('/'),
    [prefix, m.version, 'namespaces', '{namespace}', m.resource].join('/'),
    [prefix, m.version, 'namespaces', '{namespace}', m.resource, '{name}'].join('/'),
  ];
  let gvk: GoValue | undefined;
  const paths = get(doc, 'paths');
  for (const p of searchPaths) {
    const element = get(paths, p);
    if (!truthy(element)) continue;
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const op = get(element, method);
      if (!truthy(op)) continue;
      // The template assigns $gvk before testing it, so a method without a GVK clears it.
      gvk = get(op, 'x-kubernetes-group-version-kind');
      if (truthy(gvk)) break;
    }
  }
  if (!truthy(gvk) || !isGoMap(gvk))
    throw new ExplainError(
      `error: GVR (${m.group}/${m.version}, Resource=${m.resource}) not found in OpenAPI schema`,
    );
  if (truthy(gvk.get('group')))
    out.text += `GROUP:      ${sprintGo(gvk.get('group') as GoValue)}\n`;
  out.text += `KIND:       ${sprintGo(gvk.get('kind') ?? null)}\n`;
  out.text += `VERSION:    ${sprintGo(gvk.get('version') ?? null)}\n\n`;
  let body = '';
  const schemas = get(get(doc, 'components'), 'schemas');
  if (isGoMap(schemas)) {
    for (const k of [...schemas.keys()].sort(compareUtf8)) {
      const s = schemas.get(k);
      const gvks = get(s, 'x-kubernetes-group-version-kind');
      if (!Array.isArray(gvks) || !gvks.some((g) => deepEqual(g, gvk))) continue;
      body = r.output(s as GoMap, fieldPath, recursive, new Set());
      if (body === '')
        throw new ExplainError(`error: field "${fieldPath.at(-1) ?? ''}" does not exist`);
      break;
    }
  }
  if (body === '')
    throw new ExplainError(`error: GVK ${goMapText(gvk)} not found in OpenAPI schema`);
  out.text += `${body}\n`;
}

const fail = (text: string): CommandOutput => ({ stdout: '', stderr: text, exitCode: 1 });

/** Runs `kubectl explain TYPE[.field...] [--recursive] [--api-version GV]` against OpenAPI v3. */
export async function runExplain(
  req: ExplainRequest,
  kube: KubeGet,
  opts: RunOptions,
): Promise<CommandOutput> {
  const discovery = new Discovery(kube, opts.discoveryCache);
  let m: Mapping;
  try {
    await discovery.load();
    m = await discovery.resolve(req.resource);
  } catch (err) {
    if (!(err instanceof DiscoveryError)) throw err;
    // kubectl names the word before the first dot, the resource it looked for.
    const plural = req.resource.split('.')[0] ?? req.resource;
    return fail(`the server doesn't have a resource type "${plural}"\n`);
  }
  if (req.apiVersion !== null) {
    const slash = req.apiVersion.indexOf('/');
    m =
      slash >= 0
        ? { ...m, group: req.apiVersion.slice(0, slash), version: req.apiVersion.slice(slash + 1) }
        : { ...m, group: '', version: req.apiVersion };
  }
  const target = { m: { group: '', version: '', resource: '', namespaced: false }, name: '' };
  let doc: GoValue;
  try {
    const index = await fetchJson(kube, '/openapi/v3', JSON_ACCEPT, target);
    const key = m.group === '' ? `api/${m.version}` : `apis/${m.group}/${m.version}`;
    const entry = get(get(index, 'paths'), key);
    if (!isGoMap(entry))
      return fail(
        `error: couldn't find resource for "${m.group}/${m.version}, Resource=${m.resource}"\n`,
      );
    const url = get(entry, 'serverRelativeURL');
    doc = await fetchJson(
      kube,
      typeof url === 'string' ? url : `/openapi/v3/${key}`,
      JSON_ACCEPT,
      target,
    );
  } catch (err) {
    if (!(err instanceof RequestFailed)) throw err;
    return fail(
      checkErrText({
        type: 'plain',
        message: `failed to fetch list of groupVersions: ${errorString(err.error)}`,
      }),
    );
  }
  if (!isGoMap(doc)) return fail('error: failed to parse openapi schema\n');
  const out = { text: '' };
  try {
    render(doc, m, req.fields, req.recursive, out);
  } catch (err) {
    if (!(err instanceof ExplainError)) throw err;
    return { stdout: out.text, stderr: `${err.message}\n`, exitCode: 1 };
  }
  return { stdout: out.text, stderr: '', exitCode: 0 };
}
