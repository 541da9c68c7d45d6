// Output budgets and paging over HTTP (CONTRACT §3a): the first page in the Result, the rest by
// cursor, every bad budget and cursor refused, cursors bound to their command and principal.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExecResult, OutputPage } from '@porthole/protocol';
import { parseKeyList } from './auth/static-keys.js';
import { createCursors, CURSOR_KEY_INFO } from './commands/cursor.js';
import { generateSigningKey } from './signing.js';
import {
  ADMIN,
  ALPHA,
  KEY,
  json,
  startTestApi,
  type TestApi,
  agentResult,
} from './testing/harness.js';

let t: TestApi;
beforeEach(async () => {
  t = await startTestApi();
  expect((await t.req('GET', '/v1/agent/commands?wait=0', ALPHA)).status).toBe(200);
});
afterEach(() => t.close());

/** The agent of alpha answers every command it is handed with `output`. */
async function answer(api: TestApi, output: string): Promise<string[]> {
  const { commands } = await json(await api.req('GET', '/v1/agent/commands?wait=5', ALPHA));
  for (const command of commands) {
    const res = await api.req(
      'POST',
      `/v1/agent/commands/${command.id}/result`,
      ALPHA,
      agentResult(output),
    );
    expect(res.status).toBe(204);
  }
  return commands.map((c: { id: string }) => c.id);
}

/** POST exec with `body`, answered with `output`: the response. */
async function exec(api: TestApi, body: object, output: string, token = KEY): Promise<Response> {
  const pending = api.req('POST', '/v1/clusters/alpha/exec', token, body);
  await answer(api, output);
  return pending;
}

/** Every page after `first`, read with `maxBytes` (or the command's budget): the joined text. */
async function readAll(
  api: TestApi,
  id: string,
  first: { output: string; nextCursor: string | null },
  maxBytes?: number,
  token = KEY,
): Promise<{ text: string; pages: number }> {
  let text = first.output;
  let cursor = first.nextCursor;
  let pages = 1;
  while (cursor !== null) {
    const query = `cursor=${cursor}${maxBytes ? `&maxBytes=${maxBytes}` : ''}`;
    const res = await api.req('GET', `/v1/commands/${id}/output?${query}`, token);
    expect(res.status).toBe(200);
    const page = OutputPage.parse(await json(res));
    if (maxBytes !== undefined && page.output.length > 0)
      expect(Buffer.byteLength(page.output)).toBeLessThanOrEqual(Math.max(maxBytes, 4));
    text += page.output;
    cursor = page.nextCursor;
    pages += 1;
  }
  return { text, pages };
}

const LINES = Array.from({ length: 40 }, (_, i) => `line ${i} — ünïcödé ✓ 😀\n`).join('');

describe('maxOutputBytes on exec', () => {
  it('without it the Result is unchanged: the whole output, nextCursor null', async () => {
    const res = await exec(t, { command: 'get pods' }, LINES);
    expect(res.status).toBe(200);
    const body = ExecResult.parse(await json(res));
    expect(body.output).toBe(LINES);
    expect(body.nextCursor).toBeNull();
    expect(body.outputBytes).toBe(Buffer.byteLength(LINES));
  });

  it('with it the Result holds the first page, cut at a line, and a cursor to the rest', async () => {
    const res = await exec(t, { command: 'get pods', maxOutputBytes: 100 }, LINES);
    expect(res.status).toBe(200);
    const body = ExecResult.parse(await json(res));
    expect(Buffer.byteLength(body.output)).toBeLessThanOrEqual(100);
    expect(body.output.endsWith('\n')).toBe(true);
    expect(LINES.startsWith(body.output)).toBe(true);
    expect(body.outputBytes).toBe(Buffer.byteLength(LINES));
    expect(body.nextCursor).toEqual(expect.any(String));
    const { text, pages } = await readAll(t, body.id, body);
    expect(text).toBe(LINES);
    // Later pages keep the command's budget.
    expect(pages).toBeGreaterThan(Buffer.byteLength(LINES) / 100);
  });

  it('a budget the output fits gives the whole output and no cursor', async () => {
    const res = await exec(t, { command: 'get pods', maxOutputBytes: 4096 }, 'short\n');
    expect(await json(res)).toMatchObject({ output: 'short\n', nextCursor: null });
  });

  it('a line longer than the budget is cut at the budget, never inside a character', async () => {
    const body = await json(await exec(t, { command: 'get pods', maxOutputBytes: 5 }, '€€€€\n'));
    expect(body.output).toBe('€');
    const rest = await readAll(t, body.id, body);
    expect(rest.text).toBe('€€€€\n');
  });

  it.each([
    ['0', 0],
    ['-1', -1],
    ['over PORTHOLE_MAX_OUTPUT_BYTES', 4097],
    ['huge', 1e12],
    ['a string', '100'],
    ['a fraction', 1.5],
    ['null', null],
  ])('%s is 400 invalid_request naming maxOutputBytes, nothing queued', async (_l, value) => {
    for (const path of ['/v1/clusters/alpha/exec', '/v1/clusters/alpha/commands']) {
      const res = await t.req('POST', path, KEY, { command: 'get pods', maxOutputBytes: value });
      expect(res.status).toBe(400);
      const { error } = await json(res);
      expect(error.code).toBe('invalid_request');
      expect(error.message).toMatch(/^maxOutputBytes: /);
    }
    expect(await t.store.commands.queueLength('alpha')).toBe(0);
  });

  it('the budget reaches no agent: the envelope still caps at PORTHOLE_MAX_OUTPUT_BYTES', async () => {
    const queued = await json(
      await t.req('POST', '/v1/clusters/alpha/commands', KEY, {
        command: 'get pods',
        maxOutputBytes: 10,
      }),
    );
    const { commands } = await json(await t.req('GET', '/v1/agent/commands?wait=0', ALPHA));
    expect(commands[0]).toMatchObject({ id: queued.id, maxOutputBytes: 4096 });
    const claims = JSON.parse(
      Buffer.from(commands[0].signature.split('.')[1], 'base64url').toString('utf8'),
    );
    expect(claims.max_output_bytes).toBe(4096);
  });
});

describe('GET /v1/commands/{id}', () => {
  async function queue(body: object, output: string): Promise<string> {
    const queued = await json(await t.req('POST', '/v1/clusters/alpha/commands', KEY, body));
    await answer(t, output);
    return queued.id;
  }

  it('keeps the budget the command was submitted with', async () => {
    const id = await queue({ command: 'get pods', maxOutputBytes: 100 }, LINES);
    const body = ExecResult.parse(await json(await t.req('GET', `/v1/commands/${id}`, KEY)));
    expect(Buffer.byteLength(body.output)).toBeLessThanOrEqual(100);
    expect((await readAll(t, id, body)).text).toBe(LINES);
  });

  it('takes a budget for this read with ?maxBytes, and gives the whole output without one', async () => {
    const id = await queue({ command: 'get pods' }, LINES);
    const whole = await json(await t.req('GET', `/v1/commands/${id}`, KEY));
    expect(whole).toMatchObject({ output: LINES, nextCursor: null });
    const paged = await json(await t.req('GET', `/v1/commands/${id}?maxBytes=64`, KEY));
    expect(Buffer.byteLength(paged.output)).toBeLessThanOrEqual(64);
    expect((await readAll(t, id, paged)).text).toBe(LINES);
  });

  it('a pending command has no output yet: 409 conflict', async () => {
    const queued = await json(
      await t.req('POST', '/v1/clusters/alpha/commands', KEY, { command: 'get pods' }),
    );
    const res = await t.req('GET', `/v1/commands/${queued.id}/output`, KEY);
    expect(res.status).toBe(409);
    expect((await json(res)).error.code).toBe('conflict');
  });
});

describe('cursors', () => {
  let id: string;
  let cursor: string;
  beforeEach(async () => {
    const body = await json(await exec(t, { command: 'get pods', maxOutputBytes: 64 }, LINES));
    id = body.id;
    cursor = body.nextCursor;
  });
  const page = (cursorValue: string, token = KEY, cmd = id) =>
    t.req('GET', `/v1/commands/${cmd}/output?cursor=${encodeURIComponent(cursorValue)}`, token);

  it('reads the next page, again and again (a cursor is not used up)', async () => {
    const a = await json(await page(cursor));
    const b = await json(await page(cursor));
    expect(a).toEqual(b);
    expect(a.output.length).toBeGreaterThan(0);
  });

  it.each([
    ['tampered', (c: string) => c.slice(0, 10) + (c[10] === 'A' ? 'B' : 'A') + c.slice(11)],
    ['truncated', (c: string) => c.slice(0, -1)],
    ['extended', (c: string) => `${c}A`],
    ['empty', () => ''],
    ['not base64url', (c: string) => `${c.slice(0, -1)}!`],
    ['forged', () => 'A'.repeat(28)],
  ])('a %s cursor is 400 invalid_request', async (_label, change) => {
    const res = await page(change(cursor));
    expect(res.status).toBe(400);
    const { error } = await json(res);
    expect(error.code).toBe('invalid_request');
    expect(error.message).toMatch(/^cursor: /);
  });

  it("another command's cursor is 400: it is bound to its command", async () => {
    const other = await json(await exec(t, { command: 'get pods', maxOutputBytes: 64 }, LINES));
    expect((await page(other.nextCursor)).status).toBe(400);
    expect((await page(cursor, KEY, other.id)).status).toBe(400);
  });

  it('another principal gets 404 command_not_found, as for the result itself', async () => {
    const issued = await json(
      await t.req('POST', '/v1/admin/api-keys', ADMIN, { name: 'someone-else' }),
    );
    for (const token of [issued.key, ADMIN]) {
      const res = await page(cursor, token);
      expect(res.status).toBe(404);
      expect((await json(res)).error.code).toBe('command_not_found');
    }
    // The admin may read the result, and pages it with cursors of its own.
    const mine = await json(await t.req('GET', `/v1/commands/${id}?maxBytes=64`, ADMIN));
    expect((await readAll(t, id, mine, undefined, ADMIN)).text).toBe(LINES);
  });

  it('a cursor past the end reads empty, with no next cursor', async () => {
    const cursors = createCursors(t.signer.deriveKey(CURSOR_KEY_INFO));
    const owner = parseKeyList(`sre:${KEY}`, 'K', false)[0]!.id;
    for (const offset of [Buffer.byteLength(LINES), Buffer.byteLength(LINES) + 10]) {
      const res = await page(cursors.issue(id, owner, offset));
      expect(res.status).toBe(200);
      expect(await json(res)).toEqual({ output: '', nextCursor: null });
    }
  });

  it('is read by any replica of the deployment, and by no other deployment', async () => {
    const signingKey = generateSigningKey();
    const a = await startTestApi({}, { signingKey });
    const b = await startTestApi({}, { signingKey, store: a.store });
    const other = await startTestApi({}, { store: a.store });
    await a.req('GET', '/v1/agent/commands?wait=0', ALPHA);
    const pending = a.req('POST', '/v1/clusters/alpha/exec', KEY, {
      command: 'get pods',
      maxOutputBytes: 64,
    });
    await answer(a, LINES);
    const first = await json(await pending);
    expect((await readAll(b, first.id, first)).text).toBe(LINES);
    const foreign = await other.req(
      'GET',
      `/v1/commands/${first.id}/output?cursor=${first.nextCursor}`,
      KEY,
    );
    expect(foreign.status).toBe(400);
    await Promise.all([b, other].map((api) => api.close()));
    await a.close();
  });

  it.each(['0', '-1', 'abc', '1e3', '4097', '99999999999'])(
    'maxBytes=%s is 400 invalid_request',
    async (value) => {
      const res = await t.req('GET', `/v1/commands/${id}/output?maxBytes=${value}`, KEY);
      expect(res.status).toBe(400);
      expect((await json(res)).error.message).toMatch(/^maxBytes: /);
    },
  );
});

describe('a 500 KB output of mixed UTF-8 and long lines', () => {
  /** Lines of every character width, some longer than every budget below but the last. */
  function bigOutput(): string {
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 500_000; i++) {
      const line =
        i % 17 === 0
          ? '长'.repeat(7000 + i) + '😀'.repeat(3 + (i % 5))
          : `${i}\tpod-${i}\tRunning ✓ é ß € 𝄞 ${'x'.repeat(i % 90)}`;
      parts.push(line);
      size += Buffer.byteLength(line) + 1;
    }
    return `${parts.join('\n')}\n`;
  }

  // Every budget from 1 byte up is checked on the page arithmetic itself (commands/paging.test.ts);
  // over HTTP each page is a request, so the budgets here keep the page count in the hundreds.
  it.each([1000, 4096, 16_384, 65_536])(
    'pages of %i bytes join to the output byte for byte',
    async (budget) => {
      const big = await startTestApi({ maxOutputBytes: 1_048_576, rateLimitPerMinute: 1_000_000 });
      try {
        const output = bigOutput();
        expect(Buffer.byteLength(output)).toBeGreaterThan(500_000);
        await big.req('GET', '/v1/agent/commands?wait=0', ALPHA);
        const first = await json(
          await exec(big, { command: 'get pods', maxOutputBytes: budget }, output),
        );
        expect(first.outputBytes).toBe(Buffer.byteLength(output));
        const { text } = await readAll(big, first.id, first, budget);
        expect(Buffer.from(text, 'utf8').equals(Buffer.from(output, 'utf8'))).toBe(true);
      } finally {
        await big.close();
      }
    },
    60_000,
  );
});
