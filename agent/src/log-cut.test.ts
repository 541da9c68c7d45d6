// The client chooses --tail, --since and --limit-bytes, never where a credential is cut: the
// agent's transport, the redacting KubeGet and the renderer's log window, end to end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEAKED, startKubeSim, type KubeSim } from '@porthole/kube-sim';
import { RedactionTally, redactingKube, runKubectl } from '@porthole/kubectl';
import { evaluate } from '@porthole/policy';
import { createKubeTransport, type KubeGet } from './kube/transport.js';
import { loadKubeConfigFile } from './kube/load.js';

describe('logs of a pod that printed credentials, cut anywhere', () => {
  let sim: KubeSim;
  let dir: string;
  let kube: KubeGet;
  beforeAll(async () => {
    sim = await startKubeSim({ port: 0 });
    dir = mkdtempSync(join(tmpdir(), 'log-window-'));
    sim.writeKubeconfig(join(dir, 'kubeconfig'));
    kube = createKubeTransport(loadKubeConfigFile(join(dir, 'kubeconfig'))).get;
  });
  afterAll(async () => {
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // Every credential of the leaky pod, and every 8-character piece of one: a cut must not
  // leave a fragment that no rule can recognise.
  const secrets = [
    LEAKED.dbPassword,
    LEAKED.awsAccessKeyId,
    LEAKED.awsSecretAccessKey,
    LEAKED.bearerToken,
    LEAKED.jwt,
    ...LEAKED.privateKeyPem.slice(1, -1),
  ];
  const pieces = secrets.flatMap((s) =>
    Array.from({ length: s.length - 7 }, (_, i) => s.slice(i, i + 8)),
  );
  const leaks = (text: string): string[] => pieces.filter((p) => text.includes(p));

  const run = async (args: string[]): Promise<string> => {
    // As the agent runs it: the policy's request for the command, never its argv.
    const decision = evaluate(['logs', 'deploy/billing-legacy', '-n', 'legacy', ...args]);
    if (!decision.allowed) throw new Error(decision.message);
    const out = await runKubectl(decision.request, redactingKube(kube, new RedactionTally()), {
      defaultNamespace: 'default',
    });
    return out.stdout + out.stderr;
  };

  it('a tail of any length', async () => {
    for (let n = 1; n <= 14; n++) {
      const out = await run([`--tail=${n}`]);
      expect(leaks(out), `--tail=${n}:\n${out}`).toEqual([]);
    }
  });

  // Hundreds of reads through TLS and redaction: about 25 s on a busy 2-core machine.
  it('a byte limit of any length, alone and with a tail', async () => {
    const full = await run([]);
    const size = Buffer.byteLength(full);
    for (let n = 1; n <= size + 10; n += 13) {
      const out = await run([`--limit-bytes=${n}`]);
      expect(leaks(out), `--limit-bytes=${n}`).toEqual([]);
      expect(full.startsWith(out.replace(/^Found .*\n/, ''))).toBe(true);
    }
    for (const [tail, limit] of [
      [2, 83],
      [7, 120],
      [3, 40],
      [9, 880],
    ]) {
      const out = await run([`--tail=${tail}`, `--limit-bytes=${limit}`]);
      expect(leaks(out), `--tail=${tail} --limit-bytes=${limit}`).toEqual([]);
    }
  }, 180_000);

  it('--since, --since-time and --timestamps', async () => {
    for (const args of [
      ['--since=1h'],
      ['--since=48h'],
      ['--since=8760h'],
      ['--since-time=2000-01-01T00:00:00Z'],
      ['--timestamps'],
      ['--timestamps', '--tail=5'],
      ['--timestamps', '--limit-bytes=300'],
    ]) {
      const out = await run(args);
      expect(leaks(out), args.join(' ')).toEqual([]);
    }
  });

  it('still shows what the log says around the credentials', async () => {
    const out = await run(['--tail=20']);
    expect(out).toContain('-----BEGIN RSA PRIVATE KEY-----');
    expect(out).toContain('Started BillingApplication');
    expect(out).toContain('jdbc:postgresql://billing:[redacted by porthole]@billing-db');
  });
});
