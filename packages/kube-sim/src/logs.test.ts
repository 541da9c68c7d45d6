import { describe, expect, it } from 'vitest';
import type { LogSource } from './fixtures/types.js';
import { nanoStamp, parseLogQuery, podLogs, type LogQuery } from './logs.js';
import type { Status } from './status.js';
import type { ContainerStatus, Pod } from './types.js';

const now = new Date('2026-01-10T12:00:00Z');

function pod(statuses: ContainerStatus[], extra: Partial<NonNullable<Pod['spec']>> = {}): Pod {
  return {
    metadata: { name: 'p', namespace: 'ns' },
    spec: { nodeName: 'worker-1', containers: [{ name: 'app' }], ...extra },
    status: { containerStatuses: statuses },
  };
}

const running: ContainerStatus = {
  name: 'app',
  state: { running: { startedAt: '2026-01-10T08:00:00Z' } },
  lastState: {
    terminated: {
      exitCode: 1,
      startedAt: '2026-01-10T07:00:00Z',
      finishedAt: '2026-01-10T08:00:00Z',
    },
  },
};

const LOGS: Record<string, LogSource> = {
  'ns/p/app': [
    { time: '2026-01-10T09:00:00Z', line: 'one' },
    { time: '2026-01-10T10:30:00.5Z', line: 'two' },
    { time: '2026-01-10T11:30:00Z', line: 'three ünïcode' },
  ],
  'ns/p/app#previous': 'old 1\nold 2\n',
};

const query = (q: Partial<LogQuery> = {}): LogQuery => ({
  previous: false,
  timestamps: false,
  ...q,
});
const text = (result: Buffer | Status) =>
  Buffer.isBuffer(result) ? result.toString() : result.message;

describe('podLogs', () => {
  it.each<[string, Partial<LogQuery>, string]>([
    ['all lines', {}, 'one\ntwo\nthree ünïcode\n'],
    ['tail', { tailLines: 2 }, 'two\nthree ünïcode\n'],
    ['tail 0', { tailLines: 0 }, ''],
    ['since seconds (2h)', { sinceSeconds: 7200 }, 'two\nthree ünïcode\n'],
    ['since time', { sinceTime: Date.parse('2026-01-10T11:00:00Z') }, 'three ünïcode\n'],
    ['tail before since', { tailLines: 1, sinceSeconds: 36000 }, 'three ünïcode\n'],
    [
      'timestamps, nine digits',
      { timestamps: true, tailLines: 2 },
      '2026-01-10T10:30:00.500000000Z two\n2026-01-10T11:30:00.000000000Z three ünïcode\n',
    ],
    [
      'previous run, stamped with its start',
      { previous: true, timestamps: true },
      '2026-01-10T07:00:00.000000000Z old 1\n2026-01-10T07:00:00.000000000Z old 2\n',
    ],
  ])('%s', (_title, q, expected) => {
    expect(text(podLogs(pod([running]), LOGS, query(q), now))).toBe(expected);
  });

  it('cuts at limitBytes, even inside a UTF-8 character', () => {
    const result = podLogs(pod([running]), LOGS, query({ tailLines: 1, limitBytes: 7 }), now);
    expect(Buffer.isBuffer(result) && [...result]).toEqual([...Buffer.from('three '), 0xc3]);
  });

  it('reads the last run of a container waiting to restart, from either key', () => {
    const crashing: ContainerStatus = {
      name: 'app',
      state: { waiting: { reason: 'CrashLoopBackOff' } },
      lastState: { terminated: { exitCode: 1, startedAt: '2026-01-10T07:00:00Z' } },
    };
    const onlyCurrent = { 'ns/p/app': 'crashed\n' };
    expect(text(podLogs(pod([crashing]), onlyCurrent, query(), now))).toBe('crashed\n');
    expect(text(podLogs(pod([crashing]), onlyCurrent, query({ previous: true }), now))).toBe(
      'crashed\n',
    );
    const onlyPrevious = { 'ns/p/app#previous': 'before\n' };
    expect(text(podLogs(pod([crashing]), onlyPrevious, query(), now))).toBe('before\n');
  });

  it.each<[string, ContainerStatus | undefined, boolean, string]>([
    [
      'no status yet',
      undefined,
      false,
      'container "app" in pod "p" is waiting to start: ContainerCreating',
    ],
    [
      'image pull back-off',
      { name: 'app', state: { waiting: { reason: 'ImagePullBackOff' } } },
      false,
      'container "app" in pod "p" is waiting to start: trying and failing to pull image',
    ],
    [
      'image pull error',
      { name: 'app', state: { waiting: { reason: 'ErrImagePull' } } },
      false,
      'container "app" in pod "p" is waiting to start: image can\'t be pulled',
    ],
    [
      'config error',
      { name: 'app', state: { waiting: { reason: 'CreateContainerConfigError' } } },
      false,
      'container "app" in pod "p" is waiting to start: CreateContainerConfigError',
    ],
    [
      'no state',
      { name: 'app' },
      false,
      'container "app" in pod "p" is waiting to start - no logs yet',
    ],
    [
      'no previous run',
      { name: 'app', state: { running: {} } },
      true,
      'previous terminated container "app" in pod "p" not found',
    ],
  ])('explains why there is nothing to read: %s', (_title, status, previous, message) => {
    const result = podLogs(pod(status ? [status] : []), LOGS, query({ previous }), now);
    expect(result).toMatchObject({ code: 400, reason: 'BadRequest', message });
  });

  it('needs a container name when there are several, naming init containers too', () => {
    const p = pod([running], {
      containers: [{ name: 'a' }, { name: 'b' }],
      initContainers: [{ name: 'init' }],
    });
    expect(podLogs(p, LOGS, query(), now)).toMatchObject({
      message:
        'a container name must be specified for pod p, choose one of: [a b] or one of the init containers: [init]',
    });
    expect(podLogs(p, LOGS, query({ container: 'zzz' }), now)).toMatchObject({
      message: 'container zzz is not valid for pod p',
    });
  });

  it('answers an unscheduled pod with an empty log', () => {
    const p: Pod = {
      metadata: { name: 'p', namespace: 'ns' },
      spec: { containers: [{ name: 'app' }] },
    };
    expect(text(podLogs(p, LOGS, query(), now))).toBe('');
  });
});

describe('parseLogQuery', () => {
  it('reads every option', () => {
    const q = parseLogQuery(
      new URLSearchParams(
        'container=app&previous=true&timestamps=true&tailLines=5&limitBytes=100&sinceTime=2026-01-10T11:00:00Z',
      ),
    );
    expect(q).toEqual({
      container: 'app',
      previous: true,
      timestamps: true,
      tailLines: 5,
      limitBytes: 100,
      sinceTime: Date.parse('2026-01-10T11:00:00Z'),
    });
  });

  it.each([
    ['tailLines=-1', 'tailLines: Invalid value: -1: must be greater than or equal to 0'],
    ['tailLines=x', 'tailLines: Invalid value: "x": must be an integer'],
    ['limitBytes=0', 'limitBytes: Invalid value: 0: must be greater than 0'],
    ['sinceSeconds=0', 'sinceSeconds: Invalid value: 0: must be greater than 0'],
    ['sinceTime=yesterday', 'sinceTime: Invalid value: "yesterday": must be an RFC 3339 time'],
    [
      'sinceSeconds=5&sinceTime=2026-01-10T11:00:00Z',
      'at most one of `sinceTime` or `sinceSeconds` may be specified',
    ],
  ])('%s is rejected', (search, message) => {
    expect(parseLogQuery(new URLSearchParams(search))).toMatchObject({ code: 400, message });
  });

  it.each([
    ['2026-01-10T11:00:00Z', '2026-01-10T11:00:00.000000000Z'],
    ['2026-01-10T11:00:00.123456789Z', '2026-01-10T11:00:00.123456789Z'],
    ['2026-01-10T12:00:00+01:00', '2026-01-10T11:00:00.000000000Z'],
    ['garbage', ''],
  ])('stamps %s as %s', (time, stamp) => {
    expect(nanoStamp(time)).toBe(stamp);
  });
});
