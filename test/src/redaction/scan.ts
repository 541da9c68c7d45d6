// Finding planted values in command output (whole, or cut short at a --limit-bytes boundary) and
// benign text missing from it. Pure: text in, findings out.
import type { PlantedValue } from '@porthole/kube-sim';
import type { CorpusCommand, Expectation } from './commands.js';

/** Every planted value is at least this long, so this many characters index it. */
const KEY = 10;
/** A value cut short by --limit-bytes counts when at least this much of it shows. */
const MIN_CUT = 12;

export interface Found {
  value: PlantedValue;
  how: 'whole' | 'cut';
}

/** An index of planted values by their first characters, built once per corpus. */
export class ValueIndex {
  private readonly byKey = new Map<string, PlantedValue[]>();
  private readonly byCutKey = new Map<string, PlantedValue[]>();

  constructor(values: readonly PlantedValue[]) {
    for (const v of values) {
      if (v.value.length < KEY) throw new Error(`planted value ${v.id} is shorter than ${KEY}`);
      push(this.byKey, v.value.slice(0, KEY), v);
      if (v.value.length > MIN_CUT) push(this.byCutKey, v.value.slice(0, MIN_CUT), v);
    }
  }

  /** Planted values that occur in `text` in full. */
  whole(text: string): PlantedValue[] {
    const found = new Set<PlantedValue>();
    for (let i = 0; i + KEY <= text.length; i++) {
      const candidates = this.byKey.get(text.slice(i, i + KEY));
      if (!candidates) continue;
      for (const v of candidates) if (text.startsWith(v.value, i)) found.add(v);
    }
    return [...found];
  }

  /**
   * Planted values whose beginning ends the text: what --limit-bytes leaves when it cuts through
   * a secret. Only the unterminated last line is looked at.
   */
  cutAtEnd(text: string): PlantedValue[] {
    if (text === '' || text.endsWith('\n')) return [];
    const tail = text.slice(text.lastIndexOf('\n') + 1);
    const found = new Set<PlantedValue>();
    for (let i = 0; i + MIN_CUT <= tail.length; i++) {
      const candidates = this.byCutKey.get(tail.slice(i, i + MIN_CUT));
      if (!candidates) continue;
      const rest = tail.slice(i);
      for (const v of candidates)
        if (v.value.startsWith(rest) && rest.length < v.value.length) found.add(v);
    }
    return [...found];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Planted values in one command's output and error. */
export function findLeaks(index: ValueIndex, command: CorpusCommand, texts: string[]): Found[] {
  const found = new Map<string, Found>();
  for (const text of texts) {
    for (const value of index.whole(text)) found.set(value.id, { value, how: 'whole' });
    if (!command.cutsBytes) continue;
    for (const value of index.cutAtEnd(text))
      if (!found.has(value.id)) found.set(value.id, { value, how: 'cut' });
  }
  return [...found.values()];
}

/** The output's lines, without the --timestamps stamp when the command asked for one. */
function linesOf(output: string, timestamps: boolean): Set<string> {
  const lines = output.split('\n');
  return new Set(timestamps ? lines.map((l) => l.slice(l.indexOf(' ') + 1)) : lines);
}

/** Expectations of a command its output does not meet. */
export function missingBenign(command: CorpusCommand, output: string): Expectation[] {
  if (command.expect.length === 0) return [];
  let lines: Set<string> | undefined;
  return command.expect.filter((e) => {
    if (e.match === 'text') return !output.includes(e.needle);
    lines ??= linesOf(output, command.timestamps);
    return !lines.has(e.needle);
  });
}
