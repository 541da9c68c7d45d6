#!/usr/bin/env node
// `porthole`: run read-only kubectl commands on remote clusters through a Porthole gateway.
import { createClient, GatewayError } from './client.js';

const USAGE = `usage:
  porthole clusters                               list the clusters you may query
  porthole exec CLUSTER [--timeout S] [--] ARGS…  run a read-only kubectl command
  porthole result ID [--wait S]                   fetch a command's result later
environment: PORTHOLE_URL (e.g. http://localhost:8080), PORTHOLE_API_KEY`;

/** Exit codes: kubectl's own for a command that ran; 2 for usage; 3 for a gateway refusal. */
async function main(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '-h' || sub === '--help' || sub === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return sub === undefined ? 2 : 0;
  }
  const url = process.env.PORTHOLE_URL;
  const key = process.env.PORTHOLE_API_KEY;
  if (!url || !key) return usage('PORTHOLE_URL and PORTHOLE_API_KEY must be set');
  const client = createClient(url, key);

  switch (sub) {
    case 'clusters': {
      const rows = (await client.clusters()).map((c) => [
        c.id,
        c.connected ? 'connected' : 'offline',
        c.kubernetesVersion ?? '-',
        c.lastSeenAt ?? '-',
      ]);
      process.stdout.write(table([['CLUSTER', 'STATUS', 'KUBERNETES', 'LAST SEEN'], ...rows]));
      return 0;
    }
    case 'exec': {
      const [clusterId, ...args] = rest;
      if (!clusterId) return usage('exec needs a cluster id');
      let timeout: number | undefined;
      if (args[0] === '--timeout') {
        timeout = Number(args[1]);
        if (!Number.isInteger(timeout)) return usage('--timeout needs whole seconds');
        args.splice(0, 2);
      }
      if (args[0] === '--') args.shift();
      if (args.length === 0) return usage('exec needs a kubectl command');
      const result = await client.exec(clusterId, args, timeout);
      process.stdout.write(result.output);
      if (result.error) process.stderr.write(`${result.error}\n`);
      if (result.truncated) process.stderr.write('porthole: output was truncated\n');
      return result.exitCode;
    }
    case 'result': {
      const [id, flag, value] = rest;
      if (!id) return usage('result needs a command id');
      const wait = flag === '--wait' ? Number(value) : 0;
      const result = await client.result(id, Number.isInteger(wait) ? wait : 0);
      if (!('output' in result)) {
        process.stdout.write(`${result.id} is ${result.status}\n`);
        return 0;
      }
      process.stdout.write(result.output);
      if (result.error) process.stderr.write(`${result.error}\n`);
      return result.exitCode;
    }
    default:
      return usage(`unknown command "${sub.slice(0, 40)}"`);
  }
}

function usage(message: string): number {
  process.stderr.write(`porthole: ${message}\n${USAGE}\n`);
  return 2;
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map(
      (r) =>
        r
          .map((cell, i) => cell.padEnd((widths[i] ?? 0) + 3))
          .join('')
          .trimEnd() + '\n',
    )
    .join('');
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof GatewayError) {
      const later = err.commandId ? ` (porthole result ${err.commandId})` : '';
      process.stderr.write(`porthole: ${err.code}: ${err.message}${later}\n`);
      process.exit(3);
    }
    process.stderr.write(`porthole: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(3);
  },
);
