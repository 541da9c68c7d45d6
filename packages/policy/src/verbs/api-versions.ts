// `api-versions`: the group/versions discovery lists; reads no cluster objects.
import type { Denial } from '../decision.js';
import { flagSet, isDenial, parseFlags } from '../flags.js';
import type { VerbResult } from './common.js';
import { discoveryOnly, noPositionals, readNamespace } from './common.js';

export const FLAGS = flagSet('api-versions', [{ long: 'namespace', short: 'n', kind: 'string' }]);

/** No arguments; `-n` is accepted and dropped (kubectl ignores it). */
export function evaluateApiVersions(args: readonly string[]): VerbResult | Denial {
  const f = parseFlags(FLAGS, args);
  if (isDenial(f)) return f;
  const ns = readNamespace(f);
  if (isDenial(ns)) return ns;
  return (
    noPositionals('api-versions', f.positionals) ??
    discoveryOnly(['api-versions'], { verb: 'api-versions' })
  );
}
