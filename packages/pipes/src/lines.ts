// Lines as GNU's text tools see them, and the head, tail and wc stages that only count them.
import type { HeadStage, TailStage } from './stages.js';

export interface StageOutput {
  /** What the stage writes to stdout. */
  text: string;
  /** Its exit status: grep 1 when it selected no line, everything else 0. */
  status: 0 | 1;
  /** What GNU would write to stderr without changing stdout. */
  warnings: string[];
}

/** Lines split on `\n`; a last line without one is still a line, and there is no line after a final `\n`. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  return lines;
}

/** Offsets where each line starts. */
function lineStarts(text: string): number[] {
  const starts: number[] = [];
  for (let at = 0; at < text.length;) {
    starts.push(at);
    const nl = text.indexOf('\n', at);
    if (nl < 0) break;
    at = nl + 1;
  }
  return starts;
}

/** head -n N: the first N lines, byte for byte (no newline is added to a last partial line). */
export function runHead(text: string, stage: HeadStage): StageOutput {
  let end = 0;
  for (let n = 0; n < stage.lines && end < text.length; n++) {
    const nl = text.indexOf('\n', end);
    end = nl < 0 ? text.length : nl + 1;
  }
  return { text: text.slice(0, end), status: 0, warnings: [] };
}

/** tail -n N (the last N lines) and tail -n +N (from line N), byte for byte. */
export function runTail(text: string, stage: TailStage): StageOutput {
  const starts = lineStarts(text);
  const first = 'lines' in stage ? starts.length - stage.lines : stage.fromLine - 1;
  if (first >= starts.length || ('lines' in stage && stage.lines === 0)) {
    return { text: '', status: 0, warnings: [] };
  }
  return { text: text.slice(starts[Math.max(0, first)]), status: 0, warnings: [] };
}

/** wc -l: the number of newlines, alone on a line as GNU prints it for stdin. */
export function runWc(text: string): StageOutput {
  let n = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) n++;
  return { text: `${n}\n`, status: 0, warnings: [] };
}
