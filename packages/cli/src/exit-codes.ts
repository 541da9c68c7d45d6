// The CLI's exit codes, defined once: what each means, and which API error codes lead to it.
import type { ErrorCode } from '@porthole/protocol';

/** Every exit code the CLI uses, with the words `--help` prints for it. */
export const EXIT = {
  ok: { code: 0, meaning: 'the command ran and succeeded (fleet: on every cluster)' },
  failed: { code: 1, meaning: 'the command ran and failed on the cluster (kubectl said why)' },
  usage: { code: 2, meaning: 'usage error: bad arguments, config file or request' },
  auth: { code: 3, meaning: 'not authenticated or not allowed (key, key command, scope)' },
  denied: { code: 4, meaning: 'denied by the read-only policy' },
  unavailable: {
    code: 5,
    meaning: 'gateway or agent unreachable, timed out or rate limited: try again later',
  },
  notFound: { code: 6, meaning: 'cluster or command not found' },
  internal: { code: 7, meaning: 'the gateway failed or answered something unexpected' },
} as const;

export type ExitName = keyof typeof EXIT;

/** The exit an API error code leads to (CONTRACT §3 error table). */
const EXIT_OF_ERROR: Record<ErrorCode, ExitName> = {
  invalid_request: 'usage',
  payload_too_large: 'usage',
  unauthenticated: 'auth',
  forbidden: 'auth',
  command_denied: 'denied',
  cluster_not_found: 'notFound',
  command_not_found: 'notFound',
  session_not_found: 'notFound',
  not_found: 'notFound',
  rate_limited: 'unavailable',
  agent_unavailable: 'unavailable',
  queue_full: 'unavailable',
  store_unavailable: 'unavailable',
  timeout: 'unavailable',
  conflict: 'internal',
  already_exists: 'internal',
  limit_exceeded: 'internal',
  internal: 'internal',
};

/** The exit code for an API error code; codes this CLI does not know count as `internal`. */
export function exitForErrorCode(code: string): number {
  const name = Object.hasOwn(EXIT_OF_ERROR, code) ? EXIT_OF_ERROR[code as ErrorCode] : 'internal';
  return EXIT[name].code;
}

/** The exit code of a command that ran: 0, or 1 whatever non-zero code kubectl gave. */
export function exitForResult(exitCode: number): number {
  return exitCode === 0 ? EXIT.ok.code : EXIT.failed.code;
}

/** The "Exit codes:" section of `--help`. */
export function exitCodesHelp(): string {
  const lines = Object.values(EXIT).map(({ code, meaning }) => `  ${code}  ${meaning}`);
  return `Exit codes:\n${lines.join('\n')}\n`;
}
