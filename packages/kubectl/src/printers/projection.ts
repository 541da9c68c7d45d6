// get's template printers (-o jsonpath, jsonpath-as-json, custom-columns) behind one interface, as kubectl's PrintFlags.ToPrinter picks them.
import type { GetProjection } from '@porthole/policy';
import type { GoValue } from '../go/value.js';
import { compileCustomColumns } from './custom-columns/index.js';
import { compileJsonPath } from './jsonpath/index.js';

/** What PrintObj wrote before it failed, and its error (kubectl's words), if it did. */
export interface ProjectionOutput {
  stdout: string;
  error: string | null;
}

export interface ProjectionPrinter {
  /** The object of one named resource, or the List kubectl wraps everything else in. */
  print(obj: GoValue): ProjectionOutput;
}

/**
 * ToPrinter for a projection: the template is parsed here, so a template kubectl cannot parse
 * fails before anything is printed, with kubectl's message. The policy checked only its length
 * and characters. custom-columns reads no --allow-missing-template-keys: its cells always allow
 * missing keys.
 */
export function projectionPrinter(
  output: GetProjection,
  template: string,
  opts: { allowMissingKeys: boolean; noHeaders: boolean },
): ProjectionPrinter | { error: string } {
  if (output === 'custom-columns') {
    const printer = compileCustomColumns(template, { noHeaders: opts.noHeaders });
    if (!printer.ok) return { error: printer.error };
    return { print: (obj) => printer.print(obj) };
  }
  const printer = compileJsonPath(template, {
    allowMissingKeys: opts.allowMissingKeys,
    asJson: output === 'jsonpath-as-json',
  });
  if (!printer.ok) return { error: printer.error.message };
  return {
    print(obj) {
      // A failed execution prints nothing: kubectl finds every result before writing any.
      const out = printer.print(obj);
      return out.ok
        ? { stdout: out.output, error: null }
        : { stdout: '', error: out.error.message };
    },
  };
}
