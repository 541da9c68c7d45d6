// Parsing `-o custom-columns=SPEC`: HEADER:path pairs, each path made a full JSONPath as kubectl's relaxed form allows.

/** A column: its header and the `{…}` JSONPath template that fills it. */
export interface CustomColumn {
  header: string;
  fieldSpec: string;
}

export type RelaxedPathResult = { ok: true; template: string } | { ok: false; error: string };

const RELAXED_PATH_ERROR =
  "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'";

const hasBrace = (s: string): boolean => s.includes('{') || s.includes('}');

/**
 * RelaxedJSONPathExpression: `a.b`, `.a.b`, `{a.b}` and `{.a.b}` all become `{.a.b}`; the empty
 * string stays empty. Hand-written from kubectl's `^\{\.?([^{}]+)\}$|^\.?([^{}]+)$`, whose
 * optional dot only goes when something is left after it (`{.}` keeps its dot: `{..}`).
 */
export function relaxedJsonPathExpression(expr: string): RelaxedPathResult {
  if (expr.length === 0) return { ok: true, template: '' };
  const body = (s: string): string | null => {
    const rest = s.startsWith('.') && s.length > 1 ? s.slice(1) : s;
    return rest.length > 0 && !hasBrace(rest) ? rest : null;
  };
  let field: string | null = null;
  if (expr.length > 2 && expr.startsWith('{') && expr.endsWith('}'))
    field = body(expr.slice(1, -1));
  if (field === null) field = body(expr);
  if (field === null) return { ok: false, error: RELAXED_PATH_ERROR };
  return { ok: true, template: `{.${field}}` };
}

export type CustomColumnsSpecResult =
  { ok: true; columns: CustomColumn[] } | { ok: false; error: string };

/**
 * NewCustomColumnsPrinterFromSpec: the spec splits on every comma (even one inside `[0,1]`), each
 * part at its first colon. `error` is kubectl's message.
 */
export function parseCustomColumnsSpec(spec: string): CustomColumnsSpecResult {
  if (spec.length === 0)
    return { ok: false, error: 'custom-columns format specified but no custom columns given' };
  const columns: CustomColumn[] = [];
  for (const part of spec.split(',')) {
    const colon = part.indexOf(':');
    if (colon === -1)
      return {
        ok: false,
        error: `unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`,
      };
    const relaxed = relaxedJsonPathExpression(part.slice(colon + 1));
    if (!relaxed.ok) return relaxed;
    columns.push({ header: part.slice(0, colon), fieldSpec: relaxed.template });
  }
  return { ok: true, columns };
}
