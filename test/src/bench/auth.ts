// Authentication timing: a near-miss key and an unknown key must be indistinguishable, and the
// cost of authenticating and signing one command is reported.
import { performance } from 'node:perf_hooks';
import { createAuthenticator, createSigner, generateSigningKey, parseKeyList } from '@porthole/api';
import { createMemoryStore } from '@porthole/store';
import { fmt } from './stats.js';

const ROUNDS = Number(process.env.BENCH_AUTH_ROUNDS ?? 20_000);

function quantiles(samples: number[]): { p10: number; p50: number; p90: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.floor(q * (s.length - 1))] ?? NaN;
  return { p10: at(0.1), p50: at(0.5), p90: at(0.9) };
}

/** Two-sample Kolmogorov–Smirnov statistic: the largest gap between the two distributions. */
function ksStatistic(a: number[], b: number[]): number {
  const x = [...a].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    if (x[i]! <= y[j]!) i++;
    else j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

export async function benchAuth(): Promise<void> {
  const real = 'sre-key-7f3c9a1b2d4e6f8091a2b3c4d5e6f708';
  const apiKeys =
    Array.from({ length: 20 }, (_, i) => `k${i}:key-${i}-${'x'.repeat(30)}`).join(',') +
    `,sre:${real}`;
  const auth = createAuthenticator({
    apiKeys: parseKeyList(apiKeys, 'bench', false),
    agentTokens: new Map(),
    store: createMemoryStore({}),
  });
  const wrong = real.slice(0, -1) + (real.endsWith('8') ? '9' : '8');
  const unknown = 'zzz-unknown-' + 'q'.repeat(real.length - 12);

  const time = async (token: string) => {
    const t = performance.now();
    await auth.client(token);
    return (performance.now() - t) * 1000;
  };
  for (let i = 0; i < 2000; i++) await time(i % 2 ? wrong : unknown);
  const w: number[] = [];
  const u: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    // Interleaved, so both see the same machine noise.
    w.push(await time(wrong));
    u.push(await time(unknown));
  }
  const qw = quantiles(w);
  const qu = quantiles(u);
  console.log(`\nauthentication of a near-miss key vs an unknown key (${ROUNDS} each, µs)`);
  console.log(
    `  near-miss  p10 ${qw.p10.toFixed(2)}  p50 ${qw.p50.toFixed(2)}  p90 ${qw.p90.toFixed(2)}`,
  );
  console.log(
    `  unknown    p10 ${qu.p10.toFixed(2)}  p50 ${qu.p50.toFixed(2)}  p90 ${qu.p90.toFixed(2)}`,
  );
  console.log(
    `  median ratio ${(qw.p50 / qu.p50).toFixed(3)}; KS distance ${ksStatistic(w, u).toFixed(3)} (0 = same distribution)`,
  );

  const signer = await createSigner(generateSigningKey());
  const authOk: number[] = [];
  const sign: number[] = [];
  for (let i = 0; i < 5000; i++) {
    authOk.push(await time(real));
    const t = performance.now();
    // Promise.resolve: the timing holds whether sign answers at once or with a promise.
    await Promise.resolve(
      signer.sign({
        jti: `cmd-${i}`,
        cluster: 'alpha',
        argv: ['get', 'pods', '-n', 'default'],
        sub: 'sre',
        iat: 1,
        exp: 2,
        nonce: 'n'.repeat(24),
        max_output_bytes: 1_048_576,
        namespaces: ['default'],
      }),
    );
    sign.push((performance.now() - t) * 1000);
  }
  console.log(
    `  cost per request: authenticate p50 ${quantiles(authOk).p50.toFixed(1)} µs, sign envelope p50 ${quantiles(sign).p50.toFixed(1)} µs (${fmt((quantiles(authOk).p50 + quantiles(sign).p50) / 1000)} together)`,
  );
}
