// Leases over the command stream: a renewed command stays with its taker; an unrenewed one moves on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../harness/stack.js';
import { isCommand, isPing, mustOpen, type RawStream } from './stream-client.js';

const LEASE_MS = 15_000;

let stack: Stack;
const streams: RawStream[] = [];

beforeAll(async () => {
  stack = await startStack({ clusters: ['lease', 'other'] });
});
afterAll(async () => {
  for (const s of streams) s.close();
  await stack?.close();
});

const open = async (cluster: string, query: string) => {
  const s = await mustOpen(stack.apiUrl, stack.agentTokens[cluster]!, query);
  streams.push(s);
  expect(await s.next(10_000)).toMatchObject({ type: 'hello', clusterId: cluster });
  return s;
};

const renew = (cluster: string, body: unknown) =>
  stack.call('POST', '/v1/agent/leases', body, stack.agentTokens[cluster]);

async function queue(cluster: string): Promise<string> {
  const res = await stack.call('POST', `/v1/clusters/${cluster}/commands`, {
    command: ['get', 'pods', '-n', 'default'],
    timeoutSeconds: 180,
  });
  expect(res.status, JSON.stringify(res.json)).toBe(202);
  return res.json.id as string;
}

describe('POST /v1/agent/leases', () => {
  it('keeps a renewed command from a second stream past its first lease; unrenewed, it moves there', async () => {
    // The taker has one slot, so when the lease lapses the command can only go to the second stream.
    const taker = await open('lease', '?slots=1');
    const id = await queue('lease');
    const [taken] = (await taker.readUntil(isCommand, 15_000)).filter(isCommand);
    expect(taken?.id).toBe(id);
    const firstLeaseEnd = Date.now() + LEASE_MS;
    const second = await open('lease', '?slots=4');

    // Renewed the way an agent does, well inside each lease.
    let lastRenewalSentAt = 0;
    let renewals = 0;
    const failures: string[] = [];
    const renewing = setInterval(() => {
      const sentAt = Date.now();
      renew('lease', { ids: [id] }).then(
        (res) => {
          if (res.status === 200 && res.json.renewed.includes(id)) {
            lastRenewalSentAt = Math.max(lastRenewalSentAt, sentAt);
            renewals++;
          } else failures.push(JSON.stringify(res.json));
        },
        (err: unknown) => failures.push(String(err)),
      );
    }, 2_000);
    try {
      // Two pings on `second` mean 2 × PING_MS with nothing pushed to it, and it opened after
      // the command was taken: the first lease has long run out by then.
      let pings = 0;
      const quiet = await second.readUntil((line) => isPing(line) && ++pings === 2, 60_000);
      expect(quiet.filter(isCommand)).toEqual([]);
      expect(Date.now()).toBeGreaterThan(firstLeaseEnd);
      expect(failures).toEqual([]);
      expect(renewals).toBeGreaterThan(0);
      expect((await stack.call('GET', `/v1/commands/${id}?wait=0`)).json.status).toBe('running');
    } finally {
      clearInterval(renewing);
    }
    // A renewal in flight when the timer stopped still counts: wait for the last answer.
    const stoppedAt = Date.now();
    await renew('lease', { ids: [id] }).then((res) => {
      expect(res.json.renewed).toEqual([id]);
      lastRenewalSentAt = Math.max(lastRenewalSentAt, stoppedAt);
    });

    const [moved] = (await second.readUntil(isCommand, LEASE_MS + 20_000)).filter(isCommand);
    const movedAt = Date.now();
    expect(moved).toEqual({ type: 'command', id, jws: taken!.jws });
    // Never before the last renewal's lease ran out.
    expect(movedAt).toBeGreaterThanOrEqual(lastRenewalSentAt + LEASE_MS);
    // The taker, full, was not handed it again.
    expect(taker.lines.filter(isCommand).map((c) => c.id)).toEqual([id]);
  }, 120_000);

  it('renews only commands of the caller that are still running', async () => {
    const stream = await open('other', '?slots=4');
    const mine = await queue('other');
    const theirs = await queue('lease');
    expect((await stream.readUntil(isCommand, 15_000)).filter(isCommand)[0]?.id).toBe(mine);

    const unknown = 'unknown-command-0001';
    const res = await renew('other', { ids: [mine, theirs, unknown] });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ renewed: [mine] });
    // Another cluster's command, even a running one, is not renewed with this token.
    expect((await renew('lease', { ids: [mine] })).json).toEqual({ renewed: [] });

    // Answered: nothing left to renew.
    const posted = await stack.call(
      'POST',
      `/v1/agent/commands/${mine}/result`,
      {
        status: 'succeeded',
        exitCode: 0,
        output: '',
        error: null,
        truncated: false,
        outputBytes: 0,
        redactions: 0,
        durationMs: 1,
        command: ['get', 'pods', '-n', 'default'],
      },
      stack.agentTokens.other,
    );
    expect(posted.status).toBe(204);
    expect((await renew('other', { ids: [mine] })).json).toEqual({ renewed: [] });
  });

  it.each([
    ['no ids', { ids: [] }],
    [
      '257 ids',
      { ids: Array.from({ length: 257 }, (_, i) => `command-${String(i).padStart(4, '0')}`) },
    ],
    ['a malformed id', { ids: ['no spaces allowed'] }],
    ['no ids field', {}],
  ])('refuses a body with %s (400)', async (_name, body) => {
    const res = await renew('lease', body);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_request');
  });

  it('accepts 256 ids, the most one renewal may carry', async () => {
    const ids = Array.from({ length: 256 }, (_, i) => `command-${String(i).padStart(4, '0')}`);
    expect(await renew('lease', { ids })).toMatchObject({ status: 200, json: { renewed: [] } });
  });

  it('refuses a renewal without an agent token (401)', async () => {
    const res = await stack.call('POST', '/v1/agent/leases', { ids: ['command-0001'] }, null);
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('unauthenticated');
  });
});
