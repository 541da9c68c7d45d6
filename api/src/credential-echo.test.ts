// A credential pasted into a command never comes back: not in the HTTP answer, not in the audit
// trail, not on stdout — wherever it sits in the command and however it is spelled.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSecret } from './auth/key-format.js';
import { ADMIN, KEY, json, startTestApi, type TestApi } from './testing/harness.js';

const jwt = [
  Buffer.from('{"alg":"RS256","kid":"k1"}').toString('base64url'),
  Buffer.from('{"sub":"alice","aud":"porthole","exp":1999999999}').toString('base64url'),
  randomBytes(64).toString('base64url'),
].join('.');

const CREDENTIALS: Array<[string, string]> = [
  ['porthole api key', generateSecret('apiKey')],
  ['porthole agent token', generateSecret('agentToken')],
  ['porthole key, truncated', generateSecret('apiKey').slice(0, 30)],
  ['jwt', jwt],
  ['github classic', `ghp_${randomBytes(27).toString('base64url').replace(/[-_]/g, 'x')}`],
  ['github fine-grained', `github_pat_11A${randomBytes(40).toString('hex').slice(0, 60)}`],
  ['aws key id', 'AKIAIOSFODNN7EXAMPLE'],
  ['aws secret key', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
  ['gitlab', `glpat-${randomBytes(15).toString('base64url')}`],
  ['slack', 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx'],
  ['stripe', 'sk_live_51HqLyjAbCdEfGhIjKlMnOpQr'],
  ['google', `AIza${randomBytes(30).toString('base64url').slice(0, 35)}`],
  ['random base64url', randomBytes(24).toString('base64url')],
  ['random base64', randomBytes(30).toString('base64')],
  ['random hex', randomBytes(20).toString('hex')],
  ['random letters and digits', 'q7Zr2XkP9mWc4TnL8vBd3HsY'],
];

/** Pieces of a credential that must not appear anywhere: its middle, its end, the whole. */
function fingerprints(secret: string): string[] {
  const mid = Math.floor(secret.length / 2);
  return [secret, secret.slice(mid - 6, mid + 6), secret.slice(-12)];
}

/** Every place a word can sit in a command, as a string or as argv. */
function placements(k: string): Array<string | string[]> {
  const escaped = [...k].map((ch) => `\\${ch}`).join('');
  const cut = Math.floor(k.length / 2);
  return [
    `${k} get pods`,
    `kubectl ${k} get pods`,
    `${k}`,
    `--${k} get pods`,
    `get pods --token=${k}`,
    `get pods --token ${k}`,
    `get pods --${k}`,
    `get pods --${k}=x`,
    `get pods -n ${k}`,
    `get pods --namespace=${k}`,
    `get pods -o ${k}`,
    `get pods -o=${k}`,
    `get pods --sort-by=${k}`,
    `get ${k}`,
    `get pods ${k}`,
    `get pods/${k}`,
    `get pods,${k}`,
    `describe ${k}`,
    `describe pods ${k}`,
    `logs ${k}`,
    `logs pod/x -c ${k}`,
    `logs x --since=${k}`,
    `logs x --tail=${k}`,
    `explain ${k}`,
    `rollout ${k}`,
    `rollout status ${k}`,
    `top pod ${k}`,
    `top ${k}`,
    `events --for=${k}`,
    `api-resources --api-group=${k}`,
    `get pods -l ${k}==x,y`,
    `get pods --field-selector=${k}`,
    `get pods "${k}"`,
    `'${k}' get pods`,
    `"${k.slice(0, cut)}"'${k.slice(cut)}' get pods`,
    `${escaped} get pods`,
    `get pods ${escaped}`,
    `${k}${'A'.repeat(4000 - k.length)} get pods`,
    `${k}${'A'.repeat(10 * 1024)} get pods`,
    `get pods -n ${k}${'b'.repeat(10 * 1024)}`,
    [k, 'get', 'pods'],
    ['get', 'pods', '-n', k],
    ['get', k],
    ['get', 'pods', `--token=${k}`],
    [`${k}${'x'.repeat(10 * 1024)}`, 'get'],
  ];
}

/** What a denial's message says, by rule: the rule stays readable after scrubbing. */
const SAYS: Record<string, RegExp> = {
  verb: /verb|first word|subcommand/i,
  flag: /flag|--|container|label|selector|must|takes/i,
  resource: /resource|name|type|object|form/i,
  output: /output/i,
  syntax: /command|character|argument|quote|verb|flag/i,
  namespace: /namespace/i,
};

describe('credentials pasted into commands are never echoed', () => {
  let api: TestApi;
  let scopedKey: string;
  beforeAll(async () => {
    api = await startTestApi();
    const created = await api.req('POST', '/v1/admin/api-keys', ADMIN, {
      name: 'scoped',
      clusters: ['alpha'],
    });
    expect(created.status).toBe(201);
    scopedKey = (await json(created)).key as string;
  });
  afterAll(() => api.close());

  it.each(CREDENTIALS)('%s', async (_name, secret) => {
    const prints = fingerprints(secret);
    const leaks = (text: string) => prints.filter((p) => text.includes(p));
    const logsBefore = api.logs.length;
    let denials = 0;
    for (const command of placements(secret)) {
      const res = await api.req('POST', '/v1/clusters/alpha/exec', KEY, { command });
      const text = await res.text();
      expect(leaks(text), `${res.status} ${text}`).toEqual([]);
      const body = JSON.parse(text) as { error?: { code: string; message: string } };
      expect(body.error, text).toBeDefined();
      if (body.error?.code === 'command_denied') denials++;
    }
    expect(denials).toBeGreaterThan(10);

    // The same word where an id belongs, and as the client's user agent.
    const asCluster = await api.req(
      'POST',
      `/v1/clusters/${encodeURIComponent(secret)}/exec`,
      scopedKey,
      { command: 'get pods' },
      { 'user-agent': `curl/8.0 ${secret}` },
    );
    expect(asCluster.status).toBe(403);
    expect(leaks(await asCluster.text())).toEqual([]);
    const asSession = await api.req('POST', '/v1/clusters/alpha/exec', KEY, {
      command: 'get pods',
      sessionId: secret.slice(0, 128),
    });
    expect(asSession.status).toBe(404);
    expect(leaks(await asSession.text())).toEqual([]);
    const asKey = await api.req('POST', '/v1/clusters/alpha/exec', KEY, {
      command: 'get pods',
      [secret]: 1,
    });
    expect(asKey.status).toBe(400);
    expect(leaks(await asKey.text())).toEqual([]);

    const audit = await api.req('GET', '/v1/audit?limit=1000', ADMIN);
    const events = (await json(audit)).events as Array<Record<string, any>>;
    expect(leaks(JSON.stringify(events))).toEqual([]);
    const stdout = api.logs.slice(logsBefore);
    expect(leaks(JSON.stringify(stdout))).toEqual([]);

    // The denials are audited, each with its rule and a reason that names it.
    const attempts = stdout.filter((l) => l.event_type === 'unauthorized_command_attempt');
    expect(attempts.length).toBeGreaterThanOrEqual(denials);
    for (const event of attempts) {
      const details = event.details as { rule: string; reason: string };
      expect(details.reason, details.reason).toMatch(SAYS[details.rule]!);
      expect(details.reason.length).toBeLessThanOrEqual(201);
    }
    const outOfScope = stdout.find((l) => l.event_type === 'authorization_failure');
    expect(outOfScope?.cluster_id).toMatch(/redacted/);
    expect((outOfScope?.details as { user_agent: string }).user_agent).toMatch(/^curl\/8\.0 /);
  });

  it('the message of a denial still says which rule denied', async () => {
    const k = generateSecret('apiKey');
    const cases: Array<[string, string, RegExp]> = [
      [`${k} get pods`, 'verb', /^the first word is not allowed \(read-only policy allows: get/],
      [`delete pods ${k}`, 'verb', /^verb "delete" is not allowed/],
      [`get pods --${k}`, 'flag', /^flag "\[redacted by porthole\]" is not allowed for get/],
      [`get ${k}`, 'resource', /^resource type "\[redacted by porthole\]" is not known/],
      [`get pods -o ${k}`, 'output', /^output format "\[redacted by porthole\]" is not allowed/],
      [`get pods --token=${k}`, 'flag', /^flag "--token" is not allowed for get/],
    ];
    for (const [command, rule, says] of cases) {
      const res = await api.req('POST', '/v1/clusters/alpha/exec', KEY, { command });
      const body = await json(res);
      expect(res.status).toBe(403);
      expect(body.error.code).toBe('command_denied');
      expect(body.error.message).toMatch(says);
      const event = api.audits('unauthorized_command_attempt').at(-1)!;
      expect(event.details).toMatchObject({ rule });
    }
  });

  it("the caller's own static key, which has no recognisable shape, is never quoted back", async () => {
    // KEY (`client-key-0123456789`) looks like a name; only knowing it is the caller's finds it.
    for (const command of [
      `${KEY} get pods`,
      `get pods --${KEY}`,
      `get ${KEY}`,
      `get pods -o ${KEY}x`,
    ]) {
      const res = await api.req('POST', '/v1/clusters/alpha/exec', KEY, { command });
      const body = await json(res);
      expect(res.status).toBe(403);
      expect(JSON.stringify(body)).not.toContain('0123456789');
      const event = api.audits('unauthorized_command_attempt').at(-1)!;
      expect(JSON.stringify(event)).not.toContain('key-0123456789');
    }
  });
});
