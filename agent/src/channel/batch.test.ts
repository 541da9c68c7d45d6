// Batching results: same-turn results leave together, each gets its own outcome, and an API
// without the batch route gets single posts.
import { describe, expect, it } from 'vitest';
import type { AgentResultPost } from '@porthole/protocol';
import { createResultBatcher, type BatchOutcome } from './batch.js';

const result = (output: string): AgentResultPost => ({
  status: 'succeeded',
  exitCode: 0,
  output,
  error: null,
  truncated: false,
  outputBytes: output.length,
  redactions: 0,
  durationMs: 1,
  command: ['get', 'pods'],
});

function recorder(batchRoute = true) {
  const singles: string[] = [];
  const batches: Array<Array<{ id: string; output: string }>> = [];
  const batcher = createResultBatcher({
    single: (id) => {
      singles.push(id);
      return Promise.resolve<BatchOutcome>('stored');
    },
    batch: (body) => {
      const parsed = JSON.parse(body) as { results: Array<{ id: string; output: string }> };
      if (!batchRoute) return Promise.resolve(null);
      batches.push(parsed.results);
      return Promise.resolve({
        outcomes: parsed.results.map((r) => ({
          id: r.id,
          outcome: r.output === 'dup' ? 'duplicate' : 'stored',
        })),
      });
    },
  });
  return { batcher, singles, batches };
}

describe('result batches', () => {
  it('sends results of one turn in one post, each with its own outcome', async () => {
    const { batcher, singles, batches } = recorder();
    const outcomes = await Promise.all([
      batcher.post('cmd-00000001', result('a')),
      batcher.post('cmd-00000002', result('dup')),
      batcher.post('cmd-00000003', result('c')),
    ]);
    expect(outcomes).toEqual(['stored', 'duplicate', 'stored']);
    expect(singles).toEqual([]);
    expect(batches.map((b) => b.map((r) => [r.id, r.output]))).toEqual([
      [
        ['cmd-00000001', 'a'],
        ['cmd-00000002', 'dup'],
        ['cmd-00000003', 'c'],
      ],
    ]);
  });

  it('a lone result takes the single route', async () => {
    const { batcher, singles, batches } = recorder();
    expect(await batcher.post('cmd-00000001', result('a'))).toBe('stored');
    expect(singles).toEqual(['cmd-00000001']);
    expect(batches).toEqual([]);
  });

  it('splits by size, and falls back to single posts for an API without batches', async () => {
    const big = 'x'.repeat(200 * 1024);
    const { batcher, batches } = recorder();
    await Promise.all([
      batcher.post('cmd-00000001', result(big)),
      batcher.post('cmd-00000002', result(big)),
      batcher.post('cmd-00000003', result('small')),
    ]);
    expect(batches.map((b) => b.map((r) => r.id))).toEqual([['cmd-00000002', 'cmd-00000003']]);
    const old = recorder(false);
    await Promise.all([
      old.batcher.post('cmd-00000001', result('a')),
      old.batcher.post('cmd-00000002', result('b')),
    ]);
    expect(old.singles).toEqual(['cmd-00000001', 'cmd-00000002']);
  });

  it('a failed batch fails each of its results, so each is retried', async () => {
    const batcher = createResultBatcher({
      single: () => Promise.resolve<BatchOutcome>('stored'),
      batch: () => Promise.reject(new Error('connection refused')),
    });
    const posts = [
      batcher.post('cmd-00000001', result('a')),
      batcher.post('cmd-00000002', result('b')),
    ];
    for (const p of posts) await expect(p).rejects.toThrow('connection refused');
  });
});
