// Log lines people can read: errors as {type, message} with their class and cause, never pino's
// "type":"Object" for a described error, never a stack.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, describeError } from './log.js';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger('test', 'info', sink) };
}

class StoreUnavailableError extends Error {}

describe('describeError', () => {
  it('names the class, keeps the code, and follows the cause', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), {
      code: 'ECONNREFUSED',
    });
    const err = new StoreUnavailableError('Redis is unavailable', { cause });
    expect(describeError(err)).toEqual({
      type: 'StoreUnavailableError',
      message: 'Redis is unavailable',
      cause: {
        type: 'Error',
        message: 'connect ECONNREFUSED 127.0.0.1:6379',
        code: 'ECONNREFUSED',
      },
    });
    expect(describeError(new TypeError('bad'))).toEqual({ type: 'TypeError', message: 'bad' });
    // DOMException's own name says more than its class.
    expect(describeError(new DOMException('The operation timed out.', 'TimeoutError'))).toEqual({
      type: 'TimeoutError',
      message: 'The operation timed out.',
    });
  });

  it('describes what is not an Error by its kind, and cuts long messages', () => {
    expect(describeError('boom')).toEqual({ type: 'string', message: 'boom' });
    expect(describeError(null)).toEqual({ type: 'null', message: 'null' });
    expect(describeError(new Error('x'.repeat(2000))).message.length).toBeLessThanOrEqual(501);
  });

  it('stops after a few causes (a cycle cannot loop)', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    let depth = 0;
    for (let d: { cause?: unknown } | undefined = describeError(a); d; d = d.cause as typeof d)
      depth++;
    expect(depth).toBeLessThanOrEqual(4);
  });
});

describe('the logger', () => {
  it('writes a described error as it is, not as pino\'s "type":"Object" with a stack', () => {
    const { lines, logger } = capture();
    logger.warn({ err: describeError(new RangeError('out of range')) }, 'described');
    expect(lines[0]?.err).toEqual({ type: 'RangeError', message: 'out of range' });
  });

  it('describes an Error logged raw the same way', () => {
    const { lines, logger } = capture();
    logger.error({ err: new StoreUnavailableError('down') }, 'raw');
    expect(lines[0]?.err).toEqual({ type: 'StoreUnavailableError', message: 'down' });
    expect(JSON.stringify(lines[0])).not.toContain('stack');
  });
});

describe('secrets in log lines', () => {
  it('censors secret-named fields at the top, one level down and in req.headers', () => {
    const { lines, logger } = capture();
    const line = {
      token: 't0p',
      authorization: 'Bearer abc',
      config: { key: 'k3y', password: 'pw', user: 'ann' },
      headers: { authorization: 'Bearer def', accept: 'json' },
      req: { method: 'GET', headers: { authorization: 'Bearer ghi', host: 'h' } },
    };
    logger.info(line, 'request');
    const written = JSON.stringify(lines[0]);
    for (const secret of ['t0p', 'abc', 'k3y', 'pw', 'def', 'ghi'])
      expect(written).not.toContain(secret);
    expect(lines[0]).toMatchObject({
      token: '[redacted]',
      authorization: '[redacted]',
      config: { key: '[redacted]', password: '[redacted]', user: 'ann' },
      headers: { authorization: '[redacted]', accept: 'json' },
      req: { method: 'GET', headers: { authorization: '[redacted]', host: 'h' } },
    });
    // The caller's object is left as it was.
    expect(line.config.key).toBe('k3y');
    expect(line.req.headers.authorization).toBe('Bearer ghi');
  });

  it('censors an Error logged under another key than err (no serializer describes it)', () => {
    const { lines, logger } = capture();
    const leaky = Object.assign(new Error('boom'), { token: 's3cret' });
    logger.child({ audit: true }).warn({ cause: leaky }, 'failed');
    expect(JSON.stringify(lines[0])).not.toContain('s3cret');
    expect(lines[0]).toMatchObject({ audit: true, cause: { token: '[redacted]' } });
  });

  it('leaves a line without secrets as it is, deeper levels included', () => {
    const { lines, logger } = capture();
    const details = { status: 'succeeded', nested: { deeper: { token: 'not-a-path' } } };
    logger.info({ event_type: 'command_executed', command: ['get', 'pods'], details }, 'x');
    expect(lines[0]).toMatchObject({
      event_type: 'command_executed',
      command: ['get', 'pods'],
      details,
    });
  });
});
