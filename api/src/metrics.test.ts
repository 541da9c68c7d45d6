import { describe, expect, it } from 'vitest';
import { createMetrics } from './metrics.js';

/** The value of one series in the exposition text, or undefined when it is absent. */
function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('per-cluster series started at zero', () => {
  it('exist for every registered cluster, keep their counts, and appear for a cluster added later', async () => {
    const clusters = ['alpha', 'beta'];
    const metrics = createMetrics({
      clusters: async () => clusters,
      isKnown: (id) => clusters.includes(id),
      connected: async (id) => id === 'alpha',
    });
    const denied = (cluster: string) =>
      `porthole_denied_commands_total{cluster="${cluster}",rule="verb"}`;

    // The gauge's collect starts them, while the counters of the same scrape are already being
    // written: they show from the next scrape on.
    await metrics.registry.metrics();
    let text = await metrics.registry.metrics();
    expect(value(text, denied('alpha'))).toBe(0);
    expect(value(text, denied('beta'))).toBe(0);
    expect(value(text, 'porthole_command_redeliveries_total{cluster="beta"}')).toBe(0);
    expect(value(text, 'porthole_agent_connected{cluster="alpha"}')).toBe(1);
    expect(value(text, denied('gamma'))).toBeUndefined();

    metrics.deniedCommands.inc({ cluster: 'alpha', rule: 'verb' });
    clusters.push('gamma');
    await metrics.registry.metrics();
    text = await metrics.registry.metrics();
    expect(value(text, denied('alpha'))).toBe(1);
    expect(value(text, denied('gamma'))).toBe(0);
    expect(
      value(text, 'porthole_unauthorized_commands_total{cluster="gamma",rule="namespace"}'),
    ).toBe(0);
    expect(value(text, 'porthole_agent_connected{cluster="gamma"}')).toBe(0);

    // A cluster gone from the registry leaves the gauge; its counters keep what they counted.
    clusters.splice(0, 1);
    text = await metrics.registry.metrics();
    expect(value(text, 'porthole_agent_connected{cluster="alpha"}')).toBeUndefined();
    expect(value(text, denied('alpha'))).toBe(1);
  });

  it('lists the clusters once per scrape for every collector that needs them', async () => {
    let lists = 0;
    const metrics = createMetrics({
      clusters: async () => {
        lists++;
        return ['alpha'];
      },
      isKnown: () => true,
      connected: async () => true,
      agentHealth: async () => null,
    });
    await metrics.registry.metrics();
    expect(lists).toBe(1);
    await metrics.registry.metrics();
    expect(lists).toBe(2);
  });
});
