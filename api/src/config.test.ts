// Configuration: defaults, one-line reasons, and no secret value in any message.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has the contract defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      host: '0.0.0.0',
      port: 8080,
      metricsPort: 9464,
      redis: null,
      commandTimeoutSeconds: 30,
      resultTtlSeconds: 300,
      maxOutputBytes: 1_048_576,
      agentOfflineAfterSeconds: 30,
      fleetMaxClusters: 50,
      logLevel: 'info',
    });
    expect(loadConfig({ PORTHOLE_FLEET_MAX_CLUSTERS: '3' }).fleetMaxClusters).toBe(3);
    expect(loadConfig({}).maxQueuedPerPrincipal).toBe(100);
    expect(loadConfig({ PORTHOLE_MAX_QUEUED_PER_PRINCIPAL: '7' }).maxQueuedPerPrincipal).toBe(7);
  });

  it('gives Redis Cluster its password and TLS switch', () => {
    expect(loadConfig({ REDIS_CLUSTER_NODES: 'a:1,b:2' }).redis).toEqual({
      clusterNodes: ['a:1', 'b:2'],
      password: null,
      tls: false,
    });
    const dir = mkdtempSync(join(tmpdir(), 'porthole-config-'));
    writeFileSync(join(dir, 'password'), 'redis-pw\n');
    expect(
      loadConfig({
        REDIS_CLUSTER_NODES: 'a:1',
        REDIS_PASSWORD_FILE: join(dir, 'password'),
        REDIS_TLS: 'true',
      }).redis,
    ).toEqual({ clusterNodes: ['a:1'], password: 'redis-pw', tls: true });
  });

  it('reads keys and tokens, and the _FILE forms', () => {
    const dir = mkdtempSync(join(tmpdir(), 'porthole-config-'));
    writeFileSync(join(dir, 'tokens'), '{"alpha":"alpha-token-0123456789"}\n');
    const c = loadConfig({
      PORTHOLE_API_KEYS: 'sre:sre-key-0123456789abc,\nbare-key-0123456789abc',
      PORTHOLE_ADMIN_KEYS: 'root:root-key-0123456789abc',
      PORTHOLE_AGENT_TOKENS_FILE: join(dir, 'tokens'),
    });
    expect(c.apiKeys.map((k) => [k.name, k.admin, k.prefix])).toEqual([
      ['sre', false, 'sre-key-'],
      ['key-2', false, 'bare-key'],
      ['root', true, 'root-key'],
    ]);
    expect([...c.agentTokens.keys()]).toEqual(['alpha']);
  });

  const SECRET = 'supersecret-0123456789';
  it.each([
    [{ PORTHOLE_PORT: '70000' }, /PORTHOLE_PORT/],
    [{ REDIS_URL: 'http://x' }, /REDIS_URL/],
    [{ REDIS_URL: 'redis://a:1', REDIS_CLUSTER_NODES: 'a:1' }, /both set/],
    [{ REDIS_URL: 'redis://a:1', REDIS_PASSWORD: SECRET }, /REDIS_CLUSTER_NODES only/],
    [{ REDIS_URL: 'redis://a:1', REDIS_TLS: 'true' }, /REDIS_CLUSTER_NODES only/],
    [{ REDIS_CLUSTER_NODES: 'a:1', REDIS_TLS: 'yes' }, /REDIS_TLS/],
    [{ PORTHOLE_API_KEYS: 'short' }, /PORTHOLE_API_KEYS/],
    [{ PORTHOLE_API_KEYS: `a:${SECRET},a:${SECRET}x` }, /used twice/],
    // Names are unique across both lists, default names of bare keys included.
    [{ PORTHOLE_API_KEYS: `ops:${SECRET}`, PORTHOLE_ADMIN_KEYS: `ops:${SECRET}x` }, /used twice/],
    [{ PORTHOLE_API_KEYS: `key-2:${SECRET},${SECRET}x` }, /used twice/],
    [{ PORTHOLE_AGENT_TOKENS: `{"alpha":"${SECRET}"` }, /not valid JSON/],
    [{ PORTHOLE_AGENT_TOKENS: `{"Bad_Id":"${SECRET}"}` }, /PORTHOLE_AGENT_TOKENS/],
    [{ PORTHOLE_AGENT_TOKENS: `{"a":"${SECRET}","b":"${SECRET}"}` }, /share one token/],
    [{ PORTHOLE_API_KEYS: SECRET, PORTHOLE_API_KEYS_FILE: '/x' }, /both set/],
    [{ PORTHOLE_API_KEYS_FILE: '/nonexistent/file' }, /cannot read/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ PORTHOLE_FLEET_MAX_CLUSTERS: '0' }, /PORTHOLE_FLEET_MAX_CLUSTERS/],
    [{ PORTHOLE_FLEET_MAX_CLUSTERS: 'many' }, /PORTHOLE_FLEET_MAX_CLUSTERS/],
    [{ PORTHOLE_MAX_QUEUED_PER_PRINCIPAL: '0' }, /PORTHOLE_MAX_QUEUED_PER_PRINCIPAL/],
    [{ PORTHOLE_MAX_QUEUED_PER_PRINCIPAL: '1e9' }, /PORTHOLE_MAX_QUEUED_PER_PRINCIPAL/],
  ])('%j is refused with a one-line reason', (env, reason) => {
    let message = '';
    try {
      loadConfig(env);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(reason);
    expect(message).not.toContain('\n');
    expect(message).not.toContain(SECRET);
  });
});
