import { X509Certificate, createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { integer, objectIdentifier, time } from './der.js';
import { generateTls, ipBytes } from './tls.js';

describe('generateTls', () => {
  const tls = generateTls({ extraNames: ['kube-sim.test', '10.1.2.3'] });
  const ca = new X509Certificate(tls.caPem);
  const leaf = new X509Certificate(tls.certPem);

  it('issues a CA that signed the server certificate', () => {
    expect(ca.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(ca.verify(ca.publicKey)).toBe(true);
  });

  it('names localhost, 127.0.0.1, ::1 and the extra names', () => {
    expect(leaf.checkHost('localhost')).toBe('localhost');
    expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(leaf.checkIP('::1')).toBe('::1');
    expect(leaf.checkHost('kube-sim.test')).toBe('kube-sim.test');
    expect(leaf.checkIP('10.1.2.3')).toBe('10.1.2.3');
    expect(leaf.checkHost('example.com')).toBeUndefined();
  });

  it('is valid now, and the key matches the certificate', () => {
    const nowMs = Date.now();
    expect(Date.parse(leaf.validFrom)).toBeLessThan(nowMs);
    expect(Date.parse(leaf.validTo)).toBeGreaterThan(nowMs + 300 * 24 * 3600 * 1000);
    expect(leaf.checkPrivateKey(createPrivateKey(tls.keyPem))).toBe(true);
  });

  it('creates a fresh CA each time', () => {
    expect(generateTls().caPem).not.toBe(tls.caPem);
  });
});

describe('DER encoding', () => {
  it.each([
    ['00', '020100'],
    ['7f', '02017f'],
    ['80', '02020080'],
    ['00007f', '02017f'],
    ['0080', '02020080'],
  ])('INTEGER %s is minimal', (input, output) => {
    expect(integer(Buffer.from(input, 'hex')).toString('hex')).toBe(output);
  });

  it('encodes OIDs with multi-byte arcs', () => {
    expect(objectIdentifier('1.2.840.10045.4.3.2').toString('hex')).toBe('06082a8648ce3d040302');
  });

  it('switches from UTCTime to GeneralizedTime in 2050', () => {
    expect(time(new Date('2049-12-31T23:59:59Z')).toString('ascii', 2)).toBe('491231235959Z');
    expect(time(new Date('2050-01-01T00:00:00Z')).toString('ascii', 2)).toBe('20500101000000Z');
  });

  it.each([
    ['127.0.0.1', '7f000001'],
    ['::1', '00000000000000000000000000000001'],
    ['fd00::1:2', 'fd000000000000000000000000010002'],
  ])('IP %s', (ip, hex) => {
    expect(ipBytes(ip).toString('hex')).toBe(hex);
  });
});
