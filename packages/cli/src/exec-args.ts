// How `porthole exec` and `fleet` read their words: the target, then the kubectl command.
import type { Command } from '@porthole/protocol';
import type { z } from 'zod';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface ExecWords {
  /** The cluster (exec) or cluster selectors (fleet). */
  target: string;
  /** One word is sent as a string (the API splits it, pipe stages allowed); more as an argv. */
  command: z.infer<typeof Command>;
}

/**
 * `words` are the operands after the subcommand's own options; `raw` the whole argv they end.
 * `exec CLUSTER -- get pods`, `exec CLUSTER get pods`, `exec CLUSTER 'get pods'`, and, when a
 * default cluster is configured, `exec -- get pods`.
 */
export function readExecWords(
  words: readonly string[],
  raw: readonly string[],
  defaultTarget: string | undefined,
  what: 'cluster' | 'cluster selector',
): ExecWords {
  // Commander drops a `--` that comes before every operand: then no target was given.
  const targetOmitted = raw.length > words.length && raw[raw.length - words.length - 1] === '--';
  let target: string | undefined;
  let rest: string[];
  if (targetOmitted) {
    if (defaultTarget === undefined)
      throw new UsageError(`a ${what} is needed before "--" (or a default cluster in the context)`);
    target = defaultTarget;
    rest = [...words];
  } else {
    [target, ...rest] = words;
    if (target === undefined) throw new UsageError(`a ${what} and a kubectl command are needed`);
    if (target.startsWith('-')) throw new UsageError(`"${target.slice(0, 40)}" is not a ${what}`);
    if (rest[0] === '--') rest.shift();
    else if (rest.includes('--') && rest[0]?.startsWith('-'))
      throw new UsageError(
        `porthole options go before the ${what}, e.g. "exec --timeout 60 ${target} -- get pods"`,
      );
  }
  if (rest.length === 0) throw new UsageError('a kubectl command is needed');
  const [only] = rest;
  return { target, command: rest.length === 1 && only !== undefined ? only : rest };
}
