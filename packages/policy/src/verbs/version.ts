// `version [--client] [-o json|yaml]`: client and server versions; reads no cluster objects.
import type { Denial } from '../decision.js';
import { flagSet, isDenial, parseFlags } from '../flags.js';
import type { VersionRequest } from '../request.js';
import type { VerbResult } from './common.js';
import { discoveryOnly, noPositionals, readBool, readNamespace, readOutput } from './common.js';

/** `-o` for version: lower-case json and yaml only (`--output must be 'yaml' or 'json'`). */
export const VERSION_OUTPUTS = { exact: ['json', 'yaml'], lower: [] } as const;

export const FLAGS = flagSet('version', [
  { long: 'namespace', short: 'n', kind: 'string' },
  { long: 'client', kind: 'bool' },
  { long: 'output', short: 'o', kind: 'string' },
]);

/** kubectl accepts only lower-case json and yaml here (`--output must be 'yaml' or 'json'`). */
export function evaluateVersion(args: readonly string[]): VerbResult | Denial {
  const f = parseFlags(FLAGS, args);
  if (isDenial(f)) return f;
  const extra = noPositionals('version', f.positionals);
  if (extra) return extra;
  const ns = readNamespace(f);
  if (isDenial(ns)) return ns;
  const output = readOutput(f, 'version', VERSION_OUTPUTS);
  if (isDenial(output)) return output;
  const request: VersionRequest = {
    verb: 'version',
    client: readBool(f, 'client') === true,
    output,
  };
  const argv = ['version'];
  if (request.client) argv.push('--client');
  if (request.output !== null) argv.push('-o', request.output);
  return discoveryOnly(argv, request);
}
