// kubectl's -o custom-columns=SPEC printer (inline spec): compile the spec once, print objects as kubectl's table of columns.
import type { GoValue } from '../../go/value.js';
import { JsonPathLimitError } from '../jsonpath/evaluate.js';
import type { JsonPathLimits } from '../jsonpath/index.js';
import { resolveLimits } from '../jsonpath/index.js';
import type { CustomColumnsOutput } from './print.js';
import { printCustomColumns } from './print.js';
import type { CustomColumn } from './spec.js';
import { parseCustomColumnsSpec } from './spec.js';

export { parseCustomColumnsSpec, relaxedJsonPathExpression } from './spec.js';
export type { CustomColumn, CustomColumnsSpecResult, RelaxedPathResult } from './spec.js';
export type { CustomColumnsOutput } from './print.js';

export interface CustomColumnsOptions {
  /** --no-headers. */
  noHeaders?: boolean;
  limits?: Partial<JsonPathLimits>;
}

export interface CompiledCustomColumns {
  ok: true;
  columns: readonly CustomColumn[];
  /**
   * PrintObj: a single resource, or the List kubectl wraps several in (one row per item).
   * A reached limit is reported in `error` with `limited: true` (kubectl has no such error).
   */
  print(obj: GoValue): CustomColumnsOutput & { limited?: true };
}

export type CustomColumnsCompileResult =
  CompiledCustomColumns | { ok: false; error: string; limited?: true };

/** CustomColumnsPrintFlags.ToPrinter for `-o custom-columns=SPEC`; `error` is kubectl's message. */
export function compileCustomColumns(
  spec: string,
  options: CustomColumnsOptions = {},
): CustomColumnsCompileResult {
  const limits = resolveLimits(options.limits);
  if (spec.length > limits.maxTemplateLength)
    return {
      ok: false,
      error: `custom-columns spec is ${spec.length} characters long, over the limit of ${limits.maxTemplateLength}`,
      limited: true,
    };
  const parsed = parseCustomColumnsSpec(spec);
  if (!parsed.ok) return parsed;
  const columns = parsed.columns;
  const noHeaders = options.noHeaders ?? false;
  return {
    ok: true,
    columns,
    print(obj) {
      try {
        return printCustomColumns(columns, obj, noHeaders, limits);
      } catch (err) {
        if (err instanceof JsonPathLimitError)
          return { stdout: '', error: err.message, limited: true };
        throw err;
      }
    },
  };
}
