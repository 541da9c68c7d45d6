// Audit completeness: a denied command keeps the argv it was given (made safe), rate-limit
// floods are coalesced so they cannot push evidence out of the capped stream, and the audit is
// written to stdout whatever LOG_LEVEL says.
import { Writable } from 'node:stream';
import { createLogger } from '@porthole/runtime';
import { createMemoryStore } from '@porthole/store';
import { afterEach, describe, expect, it } from 'vitest';
import { createAudit, type Audit, type AuditEventType, type AuditFields } from './audit.js';
import { createRateLimitAudit } from './rate-limit-audit.js';
import { AUDIT_ARGV_CHARS, AUDIT_ARGV_ELEMENTS, safeArgv } from './safe-text.js';
import { ADMIN, KEY, json, startTestApi, type TestApi } from './testing/harness.js';

const opened: TestApi[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((t) => t.close()));
});

async function start(...args: Parameters<typeof startTestApi>): Promise<TestApi> {
  const t = await startTestApi(...args);
  opened.push(t);
  return t;
}

const TOKEN = 'abc8Fq2LmZ7xR4tV9wK3pN6s';
const REDACTED = '[redacted by porthole]';

describe('a denied command is audited with the argv it was given', () => {
  it.each([
    ['a string', `get secrets -n x --token=${TOKEN}`, `--token=${REDACTED}`],
    ['a string, value apart', `get secrets -n x --token ${TOKEN}`, REDACTED],
    ['an argv', ['get', 'secrets', '-n', 'x', `--token=${TOKEN}`], `--token=${REDACTED}`],
    ['an argv, value apart', ['get', 'secrets', '-n', 'x', '--token', TOKEN], REDACTED],
  ])('given as %s, with the token scrubbed', async (_label, command, last) => {
    const t = await start();
    const res = await t.req('POST', '/v1/clusters/alpha/exec', KEY, { command });
    expect(res.status).toBe(403);
    const [event] = t.audits('unauthorized_command_attempt');
    expect(event).toMatchObject({ outcome: 'denied', cluster_id: 'alpha', principal: 'sre' });
    const argv = event?.command as string[];
    expect(argv.slice(0, 4)).toEqual(['get', 'secrets', '-n', 'x']);
    expect(argv.at(-1)).toBe(last);
    expect(JSON.stringify(event)).not.toContain(TOKEN.slice(4, 16));
    // The same record in the store, for GET /v1/audit.
    const stored = await json(
      await t.req('GET', '/v1/audit?type=unauthorized_command_attempt', ADMIN),
    );
    expect(stored.events[0].command).toEqual(argv);
  });

  it("never records the caller's own key, which has no recognisable shape", async () => {
    const t = await start();
    await t.req('POST', '/v1/clusters/alpha/exec', KEY, { command: `delete pod x --token=${KEY}` });
    const [event] = t.audits('unauthorized_command_attempt');
    expect(event?.command).toEqual(['delete', 'pod', 'x', `--token=${REDACTED}`]);
    expect(JSON.stringify(event)).not.toContain('0123456789');
  });

  it('records what does not split (shell syntax) word by word, and bounds it', async () => {
    const t = await start();
    await t.req('POST', '/v1/clusters/alpha/exec', KEY, { command: 'get pods; rm -rf /' });
    expect(t.audits('unauthorized_command_attempt')[0]?.command).toEqual([
      'get',
      'pods;',
      'rm',
      '-rf',
      '/',
    ]);
    const long = ['get', ...Array.from({ length: 100 }, (_, i) => `p${i}`), 'x'.repeat(1000)];
    expect(safeArgv(long)).toHaveLength(AUDIT_ARGV_ELEMENTS);
    const bounded = safeArgv(['get', 'x'.repeat(1000)]);
    expect(bounded[1]).toHaveLength(AUDIT_ARGV_CHARS);
    expect(bounded[1]?.endsWith('…')).toBe(true);
  });

  it('records the argv of a command refused for a cluster outside the scope', async () => {
    const t = await start();
    const created = await json(
      await t.req('POST', '/v1/admin/api-keys', ADMIN, { name: 'scoped', clusters: ['beta'] }),
    );
    const res = await t.req('POST', '/v1/clusters/alpha/exec', created.key, {
      command: `get pods -l app=${TOKEN}`,
    });
    expect(res.status).toBe(403);
    const event = t.audits('authorization_failure').at(-1);
    expect(event).toMatchObject({ details: { reason: 'cluster_scope' } });
    expect(event?.command).toEqual(['get', 'pods', '-l', `app=${REDACTED}`]);
  });
});

describe('rate_limit_exceeded is coalesced per credential and window', () => {
  it('emits the first refusal, counts the rest, and reports the count when the window closes', async () => {
    let offset = 0;
    const t = await start({ rateLimitPerMinute: 2 }, { now: () => Date.now() + offset });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await t.req('GET', '/v1/clusters', KEY)).status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(8);
    expect(await t.counter('porthole_rate_limited_total', { credential: 'api_key' })).toBe(8);
    expect(t.audits('rate_limit_exceeded')).toEqual([
      expect.objectContaining({ principal: 'sre', details: { limit: 'credential' } }),
    ]);
    // Another credential has its own window.
    for (let i = 0; i < 3; i++) await t.req('GET', '/v1/clusters', ADMIN);
    expect(t.audits('rate_limit_exceeded')).toHaveLength(2);

    t.tasks.closeAuditWindows();
    expect(t.audits('rate_limit_exceeded')).toHaveLength(2);
    offset += 60_000;
    t.tasks.closeAuditWindows();
    const events = t.audits('rate_limit_exceeded');
    expect(events).toHaveLength(3);
    expect(events[2]).toMatchObject({
      principal: 'sre',
      outcome: 'denied',
      details: { limit: 'credential', count: 7, window_seconds: 60 },
    });
  });

  it('reports the count with the first refusal after the window', async () => {
    let offset = 0;
    const t = await start({ rateLimitPerMinute: 1 }, { now: () => Date.now() + offset });
    for (let i = 0; i < 4; i++) await t.req('GET', '/v1/clusters', KEY);
    expect(t.audits('rate_limit_exceeded')).toHaveLength(1);
    offset += 60_001;
    expect((await t.req('GET', '/v1/clusters', KEY)).status).toBe(200);
    expect((await t.req('GET', '/v1/clusters', KEY)).status).toBe(429);
    const events = t.audits('rate_limit_exceeded');
    expect(events.map((e) => (e.details as { count?: number }).count)).toEqual([
      undefined,
      2,
      undefined,
    ]);
  });
});

describe('createRateLimitAudit', () => {
  const recorder = () => {
    const events: Array<{ type: AuditEventType; fields: AuditFields }> = [];
    const audit: Audit = { emit: (type, fields) => events.push({ type, fields }) };
    return { audit, events };
  };
  const refusal = (who: string): AuditFields => ({
    principal: who,
    outcome: 'denied',
    details: { limit: 'credential' },
  });

  it('keeps at most maxTracked windows, closing the oldest with its count', () => {
    let now = 0;
    const { audit, events } = recorder();
    const limiter = createRateLimitAudit({ audit, now: () => now, maxTracked: 2 });
    for (let i = 0; i < 4; i++) limiter.refused('a', refusal('a'));
    now = 10;
    limiter.refused('b', refusal('b'));
    limiter.refused('c', refusal('c'));
    expect(limiter.size).toBe(2);
    expect(events.map((e) => [e.fields.principal, e.fields.details?.count])).toEqual([
      ['a', undefined],
      ['b', undefined],
      ['a', 3],
      ['c', undefined],
    ]);
  });

  it('emits every count still held when flushed at shutdown, and nothing for lone refusals', () => {
    const { audit, events } = recorder();
    const limiter = createRateLimitAudit({ audit, now: () => 0 });
    limiter.refused('a', refusal('a'));
    limiter.refused('b', refusal('b'));
    limiter.refused('b', refusal('b'));
    limiter.flush();
    expect(events).toHaveLength(2);
    limiter.flush(true);
    expect(events.map((e) => [e.fields.principal, e.fields.details?.count])).toEqual([
      ['a', undefined],
      ['b', undefined],
      ['b', 1],
    ]);
    expect(limiter.size).toBe(0);
  });

  it('rejects options that would make it unbounded', () => {
    const { audit } = recorder();
    expect(() => createRateLimitAudit({ audit, now: () => 0, maxTracked: 0 })).toThrow(TypeError);
    expect(() => createRateLimitAudit({ audit, now: () => 0, windowMs: 0 })).toThrow(TypeError);
  });
});

describe('the audit writer', () => {
  it('writes its line to the log stream with LOG_LEVEL=error', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const logger = createLogger('test', 'error', stream);
    const store = createMemoryStore();
    try {
      const audit = createAudit({ logger, store, now: () => 0 });
      logger.info('an ordinary info line');
      audit.emit('agent_token_rotated', { cluster_id: 'alpha', outcome: 'success' });
      expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
        expect.objectContaining({
          audit: true,
          event_type: 'agent_token_rotated',
          outcome: 'success',
        }),
      ]);
    } finally {
      await store.close();
    }
  });

  it('keeps the API audit on stdout when the app logs only errors', async () => {
    const t = await start({}, { logLevel: 'error' });
    await t.req('GET', '/v1/clusters', 'nope-0123456789abcdef');
    expect(t.audits('authentication_failure')).toHaveLength(1);
  });
});
