// Loading PORTHOLE_POLICY_FILE: both apps read the same YAML the same way, once, at start.
import { readFileSync } from 'node:fs';
import { DEFAULT_POLICY, parsePolicy, PolicyError, type Policy } from '@porthole/policy';
import { ConfigError } from './env.js';

export function loadPolicyFile(path: string | undefined): Policy {
  if (!path) return DEFAULT_POLICY;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(
      `PORTHOLE_POLICY_FILE: cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`,
    );
  }
  try {
    return parsePolicy(text);
  } catch (err) {
    if (err instanceof PolicyError)
      throw new ConfigError(`PORTHOLE_POLICY_FILE: ${err.message.split('\n')[0]}`);
    throw err;
  }
}
