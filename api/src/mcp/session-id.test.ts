// The Mcp-Session-Id carries the client's declared name and version, and nothing else is trusted.
import { describe, expect, it } from 'vitest';
import { UNKNOWN_CLIENT, clientOfSessionId, sessionIdFor } from './session-id.js';
import { bindVia, boundClient, viaOf } from './via.js';

describe('session ids', () => {
  it('name and version come back from the id; ids are unique and visible ASCII', () => {
    const client = boundClient('claude-code', '2.1.0');
    const a = sessionIdFor(client);
    const b = sessionIdFor(client);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[\x21-\x7e]+$/);
    expect(clientOfSessionId(a)).toEqual({ name: 'claude-code', version: '2.1.0' });
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['not ours', 'a1b2c3'],
    ['not base64 JSON', 'ph1.!!!.x'],
    ['JSON of the wrong shape', `ph1.${Buffer.from('{"n":1}').toString('base64url')}.x`],
    ['too long', `ph1.${'A'.repeat(600)}`],
  ])('%s → an unknown client', (_title, id) => {
    expect(clientOfSessionId(id)).toEqual(UNKNOWN_CLIENT);
  });

  it('what a client writes into an id is bounded and scrubbed again when read', () => {
    const payload = { n: `ghp_${'A1b2'.repeat(9)}x`, v: '1' };
    const id = `ph1.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.x`;
    expect(clientOfSessionId(id).name).not.toContain('A1b2A1b2');
  });
});

describe('the via mark', () => {
  it('is read only from bindings bindVia made, keeping the outer bindings', () => {
    const incoming = { socket: { remoteAddress: '10.0.0.1' } };
    const env = bindVia({ incoming }, { name: 'x', version: '1' });
    expect(viaOf(env)).toEqual({ via: 'mcp', client_name: 'x', client_version: '1' });
    expect(env).toMatchObject({ incoming });
    for (const forged of [
      undefined,
      {},
      { via: 'mcp' },
      { porthole_via: { via: 'mcp', client_name: 'x', client_version: '1' } },
      { [Symbol('porthole.via')]: { via: 'mcp', client_name: 'x', client_version: '1' } },
    ])
      expect(viaOf(forged)).toBeNull();
  });
});
