// kubectl's -o jsonpath and -o jsonpath-as-json printers: compile a template once, print objects with kubectl's exact output and errors.
import { goQuote } from '../../go/fmt.js';
import type { GoValue } from '../../go/value.js';
import type { EvalLimits } from './evaluate.js';
import {
  DEFAULT_EVAL_LIMITS,
  JsonPathExecutor,
  JsonPathLimitError,
  WorkBudget,
} from './evaluate.js';
import { parseTemplate } from './parse.js';
import { OutputBudget, goSyntax, printResults } from './print.js';

export { parseTemplate } from './parse.js';
export type { Node, ListNode, ParseResult } from './parse.js';

export interface JsonPathLimits extends EvalLimits {
  /** Longest template accepted, in UTF-16 code units. */
  maxTemplateLength: number;
  /** Longest output produced, in UTF-16 code units. */
  maxOutputChars: number;
}

export const DEFAULT_JSONPATH_LIMITS: JsonPathLimits = {
  ...DEFAULT_EVAL_LIMITS,
  maxTemplateLength: 4096,
  maxOutputChars: 16 * 1024 * 1024,
};

/** Why a template was refused or failed; `limit` is ours, every other message is kubectl's. */
export const JSONPATH_ERROR_CODES = {
  /** `-o jsonpath=` with nothing after the `=`. */
  usage: 'usage',
  parse: 'parse',
  execute: 'execute',
  /** A bound in JsonPathLimits was reached (kubectl has none). */
  limit: 'limit',
} as const;
export type JsonPathErrorCode = (typeof JSONPATH_ERROR_CODES)[keyof typeof JSONPATH_ERROR_CODES];

/**
 * `message` is exactly what kubectl's error says; kubectl prints it on stderr after `error: `,
 * with a newline added unless it already ends in one (execution errors end in three).
 */
export interface JsonPathError {
  code: JsonPathErrorCode;
  message: string;
}

export interface JsonPathOptions {
  /** --allow-missing-template-keys; kubectl's default is true. */
  allowMissingKeys?: boolean;
  /** -o jsonpath-as-json: each result group printed as an indented JSON array. */
  asJson?: boolean;
  limits?: Partial<JsonPathLimits>;
}

export type JsonPathOutput = { ok: true; output: string } | { ok: false; error: JsonPathError };

export interface CompiledJsonPath {
  ok: true;
  /**
   * Prints one object as kubectl's JSONPathPrinter.PrintObj does. For `kubectl get` that is the
   * object of a single named resource, or else the List kubectl wraps the items in:
   * `{"apiVersion":"v1","items":[…],"kind":"List","metadata":{"resourceVersion":""}}`.
   */
  print(value: GoValue): JsonPathOutput;
}

export type JsonPathCompileResult = CompiledJsonPath | { ok: false; error: JsonPathError };

export function resolveLimits(limits: Partial<JsonPathLimits> | undefined): JsonPathLimits {
  return { ...DEFAULT_JSONPATH_LIMITS, ...limits };
}

const limitError = (err: JsonPathLimitError): JsonPathError => ({
  code: 'limit',
  message: err.message,
});

/** The message kubectl gives when executing the template fails, the whole object dumped. */
function executeErrorMessage(template: string, reason: string, value: GoValue): string {
  return (
    `error executing jsonpath ${goQuote(template)}: Error executing template: ${reason}. ` +
    'Printing more information for debugging the template:\n' +
    `\ttemplate was:\n\t\t${template}\n` +
    `\tobject given to jsonpath engine was:\n\t\t${goSyntax(value)}\n\n\n`
  );
}

/** JSONPathPrintFlags.ToPrinter for an inline template (`-o jsonpath=TEMPLATE`). */
export function compileJsonPath(
  template: string,
  options: JsonPathOptions = {},
): JsonPathCompileResult {
  const limits = resolveLimits(options.limits);
  if (template.length === 0)
    return {
      ok: false,
      error: { code: 'usage', message: 'template format specified but no template given' },
    };
  if (template.length > limits.maxTemplateLength)
    return {
      ok: false,
      error: {
        code: 'limit',
        message: `jsonpath template is ${template.length} characters long, over the limit of ${limits.maxTemplateLength}`,
      },
    };
  const parsed = parseTemplate(template);
  if (!parsed.ok)
    return {
      ok: false,
      error: { code: 'parse', message: `error parsing jsonpath ${template}, ${parsed.reason}` },
    };
  const root = parsed.root;
  const allowMissingKeys = options.allowMissingKeys ?? true;
  const asJson = options.asJson ?? false;

  return {
    ok: true,
    print(value: GoValue): JsonPathOutput {
      try {
        const executor = new JsonPathExecutor(
          root,
          allowMissingKeys,
          new WorkBudget(limits.maxSteps),
          limits,
        );
        const found = executor.findResults(value);
        if (!found.ok)
          return {
            ok: false,
            error: {
              code: 'execute',
              message: executeErrorMessage(template, found.error, value),
            },
          };
        const output = printResults(found.groups, asJson, new OutputBudget(limits.maxOutputChars));
        return { ok: true, output };
      } catch (err) {
        if (err instanceof JsonPathLimitError) return { ok: false, error: limitError(err) };
        throw err;
      }
    },
  };
}
