// One grep stage over text: GNU grep 3.8's stdout for the selected lines, with context, -n and -c.
import { createLineTest, parsePatterns } from './matcher.js';
import type { StageOutput } from './lines.js';
import { splitLines } from './lines.js';
import type { GrepStage } from './stages.js';

/** GNU treats input holding a NUL byte as binary: it reports a match on stderr, prints no line. */
const BINARY_NOTE = '(standard input): binary file matches';

/** Runs a stage parseStage accepted; throws PatternError only for a stage it did not. */
export function runGrep(input: string, stage: GrepStage): StageOutput {
  const parsed = parsePatterns(stage.patterns, stage);
  const test = createLineTest(parsed, stage, input);
  const warnings = [...parsed.warnings];
  const lines = splitLines(input);
  const selected = (line: string): boolean => test(line) !== stage.invert;

  if (stage.count) {
    let n = 0;
    for (const line of lines) if (selected(line)) n++;
    return { text: `${n}\n`, status: n > 0 ? 0 : 1, warnings };
  }

  if (input.includes('\0')) {
    const any = lines.some(selected);
    if (any) warnings.push(BINARY_NOTE);
    return { text: '', status: any ? 0 : 1, warnings };
  }

  const before = stage.before ?? 0;
  const after = stage.after ?? 0;
  // GNU prints `--` between non-adjacent groups whenever context was asked for, even as 0.
  const separators = stage.before !== null || stage.after !== null;
  const out: string[] = [];
  const print = (i: number, sep: ':' | '-'): void => {
    if (stage.lineNumbers) out.push(`${i + 1}${sep}`);
    out.push(lines[i] as string, '\n');
  };
  let lastOut = -1;
  let afterLeft = 0;
  let any = false;
  for (let i = 0; i < lines.length; i++) {
    if (selected(lines[i] as string)) {
      const from = Math.max(lastOut + 1, i - before);
      if (separators && lastOut >= 0 && from > lastOut + 1) out.push('--\n');
      for (let j = from; j < i; j++) print(j, '-');
      print(i, ':');
      lastOut = i;
      afterLeft = after;
      any = true;
    } else if (afterLeft > 0) {
      print(i, '-');
      lastOut = i;
      afterLeft--;
    }
  }
  return { text: out.join(''), status: any ? 0 : 1, warnings };
}
