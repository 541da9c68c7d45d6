import { describe, expect, it } from 'vitest';
import type { Pod } from '../types.js';
import { podPrinter, podSummary } from './pods.js';

const now = new Date('2026-01-10T12:00:00Z');
const running = { running: { startedAt: '2026-01-01T00:00:00Z' } };

function pod(spec: Pod['spec'], status: Pod['status'], meta: Partial<Pod['metadata']> = {}): Pod {
  return {
    metadata: {
      name: 'p',
      namespace: 'default',
      creationTimestamp: '2026-01-01T12:00:00Z',
      ...meta,
    },
    spec,
    status,
  };
}

const one = { containers: [{ name: 'app' }] };
const two = { containers: [{ name: 'a' }, { name: 'b' }] };

describe('pod STATUS, READY and RESTARTS cells', () => {
  it.each<[string, Pod, string, string, string]>([
    [
      'running and ready',
      pod(one, {
        phase: 'Running',
        containerStatuses: [{ name: 'app', ready: true, state: running }],
      }),
      '1/1',
      'Running',
      '0',
    ],
    [
      'crash loop with a recent restart',
      pod(one, {
        phase: 'Running',
        containerStatuses: [
          {
            name: 'app',
            restartCount: 5,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: {
              terminated: { exitCode: 1, reason: 'Error', finishedAt: '2026-01-10T11:58:00Z' },
            },
          },
        ],
      }),
      '0/1',
      'CrashLoopBackOff',
      '5 (2m ago)',
    ],
    [
      'restarts without a termination time',
      pod(one, {
        phase: 'Running',
        containerStatuses: [{ name: 'app', ready: true, restartCount: 3, state: running }],
      }),
      '1/1',
      'Running',
      '3',
    ],
    [
      'pending, not scheduled',
      pod(one, {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }],
      }),
      '0/1',
      'Pending',
      '0',
    ],
    [
      'scheduling gated',
      pod(one, {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }],
      }),
      '0/1',
      'SchedulingGated',
      '0',
    ],
    [
      'completed',
      pod(one, {
        phase: 'Succeeded',
        containerStatuses: [
          { name: 'app', state: { terminated: { exitCode: 0, reason: 'Completed' } } },
        ],
      }),
      '0/1',
      'Completed',
      '0',
    ],
    [
      'OOMKilled',
      pod(one, {
        phase: 'Running',
        containerStatuses: [
          { name: 'app', state: { terminated: { exitCode: 137, reason: 'OOMKilled' } } },
        ],
      }),
      '0/1',
      'OOMKilled',
      '0',
    ],
    [
      'exit code without reason',
      pod(one, {
        phase: 'Failed',
        containerStatuses: [{ name: 'app', state: { terminated: { exitCode: 2 } } }],
      }),
      '0/1',
      'ExitCode:2',
      '0',
    ],
    [
      'signal without reason',
      pod(one, {
        phase: 'Failed',
        containerStatuses: [{ name: 'app', state: { terminated: { exitCode: 137, signal: 9 } } }],
      }),
      '0/1',
      'Signal:9',
      '0',
    ],
    [
      'image pull error',
      pod(one, {
        phase: 'Pending',
        containerStatuses: [{ name: 'app', state: { waiting: { reason: 'ImagePullBackOff' } } }],
      }),
      '0/1',
      'ImagePullBackOff',
      '0',
    ],
    [
      'first container reason wins (walked last to first)',
      pod(two, {
        phase: 'Running',
        containerStatuses: [
          { name: 'a', state: { waiting: { reason: 'CrashLoopBackOff' } } },
          { name: 'b', state: { waiting: { reason: 'ErrImagePull' } } },
        ],
      }),
      '0/2',
      'CrashLoopBackOff',
      '0',
    ],
    [
      'completed sidecar next to a running container, pod ready',
      pod(two, {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [
          { name: 'a', ready: true, state: running },
          { name: 'b', state: { terminated: { exitCode: 0, reason: 'Completed' } } },
        ],
      }),
      '1/2',
      'Running',
      '0',
    ],
    [
      'completed container next to a running one, pod not ready',
      pod(two, {
        phase: 'Running',
        containerStatuses: [
          { name: 'a', ready: true, state: running },
          { name: 'b', state: { terminated: { exitCode: 0, reason: 'Completed' } } },
        ],
      }),
      '1/2',
      'NotReady',
      '0',
    ],
    [
      'init container running',
      pod(
        { ...one, initContainers: [{ name: 'i1' }, { name: 'i2' }] },
        { phase: 'Pending', initContainerStatuses: [{ name: 'i1', state: running }] },
      ),
      '0/1',
      'Init:0/2',
      '0',
    ],
    [
      'second init container waiting after the first succeeded',
      pod(
        { ...one, initContainers: [{ name: 'i1' }, { name: 'i2' }] },
        {
          phase: 'Pending',
          initContainerStatuses: [
            { name: 'i1', state: { terminated: { exitCode: 0, reason: 'Completed' } } },
            { name: 'i2', state: { waiting: { reason: 'PodInitializing' } } },
          ],
        },
      ),
      '0/1',
      'Init:1/2',
      '0',
    ],
    [
      'init container crash looping',
      pod(
        { ...one, initContainers: [{ name: 'i1' }] },
        {
          phase: 'Pending',
          initContainerStatuses: [
            { name: 'i1', restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } } },
          ],
        },
      ),
      '0/1',
      'Init:CrashLoopBackOff',
      '4',
    ],
    [
      'init container failed with a reason',
      pod(
        { ...one, initContainers: [{ name: 'i1' }] },
        {
          phase: 'Pending',
          initContainerStatuses: [
            { name: 'i1', state: { terminated: { exitCode: 1, reason: 'Error' } } },
          ],
        },
      ),
      '0/1',
      'Init:Error',
      '0',
    ],
    [
      'init container exit code',
      pod(
        { ...one, initContainers: [{ name: 'i1' }] },
        {
          phase: 'Pending',
          initContainerStatuses: [{ name: 'i1', state: { terminated: { exitCode: 3 } } }],
        },
      ),
      '0/1',
      'Init:ExitCode:3',
      '0',
    ],
    [
      'init container signal',
      pod(
        { ...one, initContainers: [{ name: 'i1' }] },
        {
          phase: 'Pending',
          initContainerStatuses: [
            { name: 'i1', state: { terminated: { exitCode: 143, signal: 15 } } },
          ],
        },
      ),
      '0/1',
      'Init:Signal:15',
      '0',
    ],
    [
      'sidecar (restartable init container) counts toward READY and RESTARTS',
      pod(
        {
          containers: [{ name: 'app' }],
          initContainers: [{ name: 'proxy', restartPolicy: 'Always' }],
        },
        {
          phase: 'Running',
          conditions: [{ type: 'Initialized', status: 'True' }],
          initContainerStatuses: [
            {
              name: 'proxy',
              started: true,
              ready: true,
              restartCount: 2,
              state: running,
              lastState: { terminated: { exitCode: 1, finishedAt: '2026-01-10T09:00:00Z' } },
            },
          ],
          containerStatuses: [{ name: 'app', ready: true, state: running }],
        },
      ),
      '2/2',
      'Running',
      '2 (3h ago)',
    ],
    [
      'terminating',
      pod(
        one,
        { phase: 'Running', containerStatuses: [{ name: 'app', ready: true, state: running }] },
        { deletionTimestamp: '2026-01-10T11:00:00Z' },
      ),
      '1/1',
      'Terminating',
      '0',
    ],
    [
      'lost node',
      pod(
        one,
        { phase: 'Running', reason: 'NodeLost' },
        { deletionTimestamp: '2026-01-10T11:00:00Z' },
      ),
      '0/1',
      'Unknown',
      '0',
    ],
    ['evicted', pod(one, { phase: 'Failed', reason: 'Evicted' }), '0/1', 'Evicted', '0'],
    [
      'succeeded pod being deleted keeps its phase',
      pod(one, { phase: 'Succeeded' }, { deletionTimestamp: '2026-01-10T11:00:00Z' }),
      '0/1',
      'Succeeded',
      '0',
    ],
  ])('%s', (_name, input, ready, status, restarts) => {
    expect(podSummary(input, now)).toEqual({ ready, status, restarts });
  });

  it('sums restarts over containers and shows the latest termination', () => {
    const input = pod(two, {
      phase: 'Running',
      containerStatuses: [
        {
          name: 'a',
          ready: true,
          restartCount: 2,
          state: running,
          lastState: { terminated: { finishedAt: '2026-01-09T12:00:00Z' } },
        },
        {
          name: 'b',
          ready: true,
          restartCount: 3,
          state: running,
          lastState: { terminated: { finishedAt: '2026-01-10T02:00:00Z' } },
        },
      ],
    });
    expect(podSummary(input, now).restarts).toBe('5 (10h ago)');
  });
});

describe('pod row', () => {
  it('has all wide cells, with <none> for missing values', () => {
    const cells = podPrinter.cells(pod(one, { phase: 'Pending' }), now);
    expect(cells).toEqual([
      'p',
      '0/1',
      'Pending',
      '0',
      '9d',
      '<none>',
      '<none>',
      '<none>',
      '<none>',
    ]);
  });

  it('shows the first pod IP, node, nominated node and readiness gates', () => {
    const input = pod(
      {
        ...one,
        nodeName: 'n1',
        readinessGates: [{ conditionType: 'g1' }, { conditionType: 'g2' }],
      },
      {
        phase: 'Running',
        podIPs: [{ ip: '10.0.0.5' }, { ip: 'fd00::5' }],
        nominatedNodeName: 'n2',
        conditions: [
          { type: 'g1', status: 'True' },
          { type: 'g2', status: 'False' },
        ],
      },
    );
    expect(podPrinter.cells(input, now).slice(5)).toEqual(['10.0.0.5', 'n1', 'n2', '1/2']);
  });

  it('marks finished pods with a Completed row condition', () => {
    expect(podPrinter.conditions?.(pod(one, { phase: 'Succeeded' }))).toEqual([
      {
        type: 'Completed',
        status: 'True',
        reason: 'Succeeded',
        message: 'The pod has completed successfully.',
      },
    ]);
    expect(podPrinter.conditions?.(pod(one, { phase: 'Failed' }))?.[0]?.reason).toBe('Failed');
    expect(podPrinter.conditions?.(pod(one, { phase: 'Running' }))).toBeUndefined();
  });
});
