// The client chooses --tail, --since and --limit-bytes, never where a credential is cut.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEAKED, startKubeSim, type KubeSim } from '@porthole/kube-sim';
import { createKubeTransport } from '../kube/transport.js';
import { loadKubeConfigFile } from '../kube/load.js';
import { RedactionTally, redactingKube } from '../output/redact.js';
import { applyCut, countLines, type LogCut } from './log-window.js';
import { runKubectl } from './run.js';
import type { KubeGet } from './types.js';

const cut = (over: Partial<LogCut>): LogCut => ({
  tailLines: null,
  limitBytes: null,
  sinceSeconds: null,
  sinceTime: null,
  timestamps: false,
  ...over,
});
const STAMP = '2026-01-01T00:00:00.000000000Z';
const log = ['a', 'b', 'c', 'd'].map((l) => `${STAMP} ${l}\n`).join('');

describe('applyCut', () => {
  it.each([
    [cut({}), 'a\nb\nc\nd\n'],
    [cut({ tailLines: 2 }), 'c\nd\n'],
    [cut({ tailLines: 0 }), ''],
    [cut({ tailLines: 9 }), 'a\nb\nc\nd\n'],
    [cut({ limitBytes: 3 }), 'a\nb'],
    [cut({ tailLines: 3, limitBytes: 3 }), 'b\nc'],
    [cut({ timestamps: true, tailLines: 1 }), `${STAMP} d\n`],
  ])('%j', (c, want) => {
    expect(applyCut(log, c, null)).toBe(want);
  });

  it('keeps as many recent lines as the kubelet counted for --since, within the tail', () => {
    expect(applyCut(log, cut({ sinceSeconds: 60 }), 3)).toBe('b\nc\nd\n');
    expect(applyCut(log, cut({ sinceSeconds: 60, tailLines: 2 }), 3)).toBe('c\nd\n');
    expect(applyCut(log, cut({ sinceSeconds: 60 }), 0)).toBe('');
  });

  it('counts lines as the kubelet writes them', () => {
    expect(countLines('')).toBe(0);
    expect(countLines('a\n')).toBe(1);
    expect(countLines('a\nb')).toBe(2);
  });
});

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
    const out = await runKubectl(
      ['logs', 'deploy/billing-legacy', '-n', 'legacy', ...args],
      redactingKube(kube, new RedactionTally()),
      { defaultNamespace: 'default' },
    );
    return out.stdout + out.stderr;
  };

  it('a tail of any length', async () => {
    for (let n = 1; n <= 14; n++) {
      const out = await run([`--tail=${n}`]);
      expect(leaks(out), `--tail=${n}:\n${out}`).toEqual([]);
    }
  });

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
  });

  it('--since, --since-time and --timestamps', async () => {
    for (const args of [
      ['--since=1h'],
      ['--since=48h'],
      ['--since=10000h'],
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
