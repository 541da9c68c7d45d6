// kubectl's CustomColumnsPrinter: a header row, then one row per object, each cell a JSONPath's results, aligned by kubectl's tabwriter.
import type { GoValue } from '../../go/value.js';
import { JsonPathExecutor, WorkBudget } from '../jsonpath/evaluate.js';
import type { JsonPathLimits } from '../jsonpath/index.js';
import { parseTemplate } from '../jsonpath/parse.js';
import { OutputBudget } from '../jsonpath/print.js';
import { sprintValue } from '../jsonpath/value.js';
import { escapeTerminal } from '../table.js';
import { TabWriter } from '../tabwriter.js';
import type { CustomColumn } from './spec.js';

export interface CustomColumnsOutput {
  /** What kubectl wrote to stdout, flushed even when a column failed. */
  stdout: string;
  /** kubectl's error message (printed after `error: `), or null. */
  error: string | null;
}

/** meta.IsListType for an unstructured object: it has an `items` array. */
function listItems(obj: GoValue): GoValue[] | null {
  const items = obj instanceof Map ? obj.get('items') : undefined;
  return Array.isArray(items) ? items : null;
}

/**
 * PrintObj for one object (a single resource, or the List kubectl wraps several in): the header
 * unless `noHeaders`, then a row per item. The columns' templates are parsed here, after the
 * header, as kubectl does: a bad one leaves the header printed and fails. Every column runs with
 * missing keys allowed; `<none>` marks a cell with no value, several values join with commas.
 */
export function printCustomColumns(
  columns: readonly CustomColumn[],
  obj: GoValue,
  noHeaders: boolean,
  limits: JsonPathLimits,
): CustomColumnsOutput {
  const chunks: string[] = [];
  const output = new OutputBudget(limits.maxOutputChars);
  const tw = new TabWriter((s) => {
    output.charge(s.length);
    chunks.push(s);
  });
  const done = (error: string | null): CustomColumnsOutput => {
    tw.flush();
    return { stdout: chunks.join(''), error };
  };

  if (!noHeaders) tw.write(columns.map((c) => c.header).join('\t') + '\n');

  const budget = new WorkBudget(limits.maxSteps);
  const executors: JsonPathExecutor[] = [];
  for (const column of columns) {
    const parsed = parseTemplate(column.fieldSpec);
    if (!parsed.ok) return done(parsed.reason);
    executors.push(new JsonPathExecutor(parsed.root, true, budget, limits));
  }

  for (const item of listItems(obj) ?? [obj]) {
    const cells: string[] = [];
    for (const executor of executors) {
      const found = executor.findResults(item);
      if (!found.ok) return done(found.error);
      const groups = found.groups;
      const values: string[] = groups.length === 0 || groups[0]?.length === 0 ? ['<none>'] : [];
      for (const group of groups)
        for (const v of group) {
          const text = escapeTerminal(sprintValue(v));
          output.charge(text.length);
          values.push(text);
        }
      cells.push(values.join(','));
    }
    tw.write(cells.join('\t') + '\n');
  }
  return done(null);
}
