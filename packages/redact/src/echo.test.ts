// Quoting user input: no credential, known or random-looking, survives; ordinary words do.
import { describe, expect, it } from 'vitest';
import { maskRandomTokens, scrubCredentials } from './echo.js';
import { REDACTED } from './tally.js';

describe('scrubCredentials', () => {
  const secrets: Array<[string, string]> = [
    ['porthole api key', 'phk_4fTq9ZbXr2LmN8vKc3WdJ7hYp1QsGe6Ua0Ro5Ti'],
    ['porthole agent token', 'pha_4fTq9ZbXr2LmN8vKc3WdJ7hYp1QsGe6Ua0Ro5Ti'],
    ['github', 'ghp_R8x2kLmN4pQ7sT1vW9yZ3bC6dF0gH5jK8mP2'],
    ['aws key id', 'AKIAIOSFODNN7EXAMPLE'],
    ['aws secret', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
    ['hex', '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
    ['base64url', 'Zq9vX2mLpT4wAbCdEfGhIjKl'],
    ['letters only', 'qWeRtYuIoPaSdFgHjKlZxCvB'],
    ['random with dashes', 'k8Jd93-Hs72Kd0QpZr61WqX-xx'],
  ];
  it.each(secrets)('%s', (_name, secret) => {
    for (const text of [secret, `${secret} get pods`, `--token=${secret}`, `pods/${secret}`]) {
      const out = scrubCredentials(text);
      expect(out).not.toContain(secret.slice(4, 16));
      expect(out).toContain(REDACTED);
    }
  });

  it.each([
    'get pods -n kube-system',
    'coredns-5d78c9869d-x2k4p',
    'deployment.apps/web-7d9f8b6c5',
    'mutatingwebhookconfigurations',
    'MutatingWebhookConfiguration',
    'customresourcedefinitions.apiextensions.k8s.io',
    '3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b',
    'ip-10-0-12-34.eu-west-1.compute.internal',
    '--sort-by=.metadata.creationTimestamp',
    'app.kubernetes.io/name=web',
    '2024-08-30T06:00:00Z',
  ])('%j comes back unchanged', (text) => expect(maskRandomTokens(text)).toBe(text));

  it('is bounded, and looks at a bounded input', () => {
    expect(scrubCredentials('a '.repeat(500), 40)).toHaveLength(41);
    const huge = `${'x '.repeat(100_000)}${'Zq9vX2mLpT4w'.repeat(10)}`;
    expect(scrubCredentials(huge, 100_000).length).toBeLessThanOrEqual(16 * 1024 + 1);
  });
});
