#!/usr/bin/env node
// kube-sim command line: start the simulator, write a kubeconfig, print one ready line, stop on a signal.
import { appendFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startKubeSim, type RecordedRequest } from './server.js';

const USAGE =
  'usage: kube-sim --port N --kubeconfig-out FILE [--fixtures DIR] [--host ADDR] [--request-log FILE] [--no-metrics]';

function fail(reason: string): never {
  process.stderr.write(`kube-sim: ${reason}\n`);
  process.exit(2);
}

function parse(): {
  port: number;
  kubeconfigOut: string;
  fixtures?: string;
  host: string;
  requestLog?: string;
  noMetrics: boolean;
} {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        'kubeconfig-out': { type: 'string' },
        fixtures: { type: 'string' },
        host: { type: 'string' },
        'request-log': { type: 'string' },
        'no-metrics': { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail(`${(error as Error).message.split('\n')[0] ?? 'bad arguments'}; ${USAGE}`);
  }
  const port = Number(values.port ?? '0');
  if (!/^\d+$/.test(values.port ?? '0') || port > 65535)
    fail(`--port must be an integer from 0 to 65535; ${USAGE}`);
  const kubeconfigOut = values['kubeconfig-out'];
  if (!kubeconfigOut) fail(`--kubeconfig-out is required; ${USAGE}`);
  return {
    port,
    kubeconfigOut,
    host: values.host ?? '127.0.0.1',
    noMetrics: values['no-metrics'] === true,
    ...(values.fixtures ? { fixtures: values.fixtures } : {}),
    ...(values['request-log'] ? { requestLog: values['request-log'] } : {}),
  };
}

function logTo(file: string) {
  return (request: RecordedRequest) => appendFileSync(file, `${JSON.stringify(request)}\n`);
}

async function main(): Promise<void> {
  const args = parse();
  let sim;
  try {
    sim = await startKubeSim({
      port: args.port,
      host: args.host,
      ...(args.fixtures ? { fixtures: args.fixtures } : {}),
      // Without a metrics server kubectl top says "Metrics API not available".
      ...(args.noMetrics ? { metrics: false } : {}),
      // One JSON line per request, so a test in another process can prove what was (not) sent.
      ...(args.requestLog ? { onRequest: logTo(args.requestLog) } : {}),
    });
    sim.writeKubeconfig(args.kubeconfigOut);
  } catch (error) {
    fail((error as Error).message.split('\n')[0] ?? 'failed to start');
  }
  process.stdout.write(`kube-sim listening on ${sim.url}\n`);
  const stop = () => {
    sim.close().then(
      () => process.exit(0),
      (error: unknown) => fail(`shutdown failed: ${(error as Error).message}`),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

await main();
