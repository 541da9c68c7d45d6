// Creates a throwaway CA and a localhost server certificate in memory, with node:crypto only.
// Node has no API to issue X.509 certificates, so the DER is assembled by hand (der.ts) and signed
// with ECDSA P-256: no openssl binary needed at start and no private key committed to the repo.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import {
  bitString,
  boolean,
  contextExplicit,
  contextPrimitive,
  integer,
  objectIdentifier,
  octetString,
  sequence,
  setOf,
  smallInteger,
  time,
  utf8String,
} from './der.js';

export interface TlsMaterial {
  /** PEM of the CA certificate clients must trust. */
  caPem: string;
  /** PEM of the server certificate (localhost, 127.0.0.1, ::1 and any extra names). */
  certPem: string;
  /** PKCS#8 PEM of the server private key. */
  keyPem: string;
}

export interface TlsOptions {
  now?: Date;
  /** Extra DNS names or IP addresses for the server certificate. */
  extraNames?: string[];
}

const OID = {
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
} as const;

const DAY_MS = 24 * 60 * 60 * 1000;

function name(commonName: string): Buffer {
  return sequence(
    setOf(sequence(objectIdentifier(OID.organization), utf8String('porthole kube-sim'))),
    setOf(sequence(objectIdentifier(OID.commonName), utf8String(commonName))),
  );
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  // DER forbids encoding a DEFAULT value, so "critical: false" is left out.
  return critical
    ? sequence(objectIdentifier(oid), boolean(true), octetString(value))
    : sequence(objectIdentifier(oid), octetString(value));
}

function serialNumber(): Buffer {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 1) & 0x7f) | 0x01; // positive and without a leading zero byte
  return integer(bytes);
}

function keyId(spki: Buffer): Buffer {
  return createHash('sha1').update(spki).digest();
}

export function ipBytes(address: string): Buffer {
  if (isIPv4(address)) return Buffer.from(address.split('.').map(Number));
  if (!isIPv6(address)) throw new Error(`not an IP address: ${address}`);
  const [head = '', tail] = address.split('::');
  const groups = (part: string): number[] =>
    part === '' ? [] : part.split(':').map((g) => parseInt(g, 16));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const zeros = new Array<number>(8 - left.length - right.length).fill(0);
  const all = [...left, ...zeros, ...right];
  const out = Buffer.alloc(16);
  all.forEach((group, i) => out.writeUInt16BE(group, i * 2));
  return out;
}

interface CertSpec {
  subject: string;
  issuer: string;
  spki: Buffer;
  issuerSpki: Buffer;
  signer: KeyObject;
  notBefore: Date;
  notAfter: Date;
  extensions: Buffer[];
}

function certificate(spec: CertSpec): Buffer {
  const algorithm = sequence(objectIdentifier(OID.ecdsaWithSha256));
  const tbs = sequence(
    contextExplicit(0, smallInteger(2)), // v3
    serialNumber(),
    algorithm,
    name(spec.issuer),
    sequence(time(spec.notBefore), time(spec.notAfter)),
    name(spec.subject),
    spec.spki,
    contextExplicit(3, sequence(...spec.extensions)),
  );
  const signature = sign('sha256', tbs, spec.signer); // DER-encoded ECDSA signature
  return sequence(tbs, algorithm, bitString(signature));
}

function toPem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

export function generateTls(options: TlsOptions = {}): TlsMaterial {
  const now = options.now ?? new Date();
  // Backdated a day so a client whose clock runs a little behind still accepts the certificates.
  const notBefore = new Date(now.getTime() - DAY_MS);
  const notAfter = new Date(now.getTime() + 365 * DAY_MS);

  const ca = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const caSpki = ca.publicKey.export({ type: 'spki', format: 'der' });
  const server = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const serverSpki = server.publicKey.export({ type: 'spki', format: 'der' });

  const caCert = certificate({
    subject: 'kube-sim CA',
    issuer: 'kube-sim CA',
    spki: caSpki,
    issuerSpki: caSpki,
    signer: ca.privateKey,
    notBefore,
    notAfter,
    extensions: [
      extension(OID.basicConstraints, true, sequence(boolean(true))),
      // keyCertSign (bit 5) and cRLSign (bit 6): 0b00000110, one unused trailing bit.
      extension(OID.keyUsage, true, bitString(Buffer.from([0x06]), 1)),
      extension(OID.subjectKeyIdentifier, false, octetString(keyId(caSpki))),
    ],
  });

  const names = ['localhost', '127.0.0.1', '::1', ...(options.extraNames ?? [])];
  const altNames = [...new Set(names)].map((n) =>
    isIPv4(n) || isIPv6(n)
      ? contextPrimitive(7, ipBytes(n))
      : contextPrimitive(2, Buffer.from(n, 'ascii')),
  );
  const serverCert = certificate({
    subject: 'kube-sim',
    issuer: 'kube-sim CA',
    spki: serverSpki,
    issuerSpki: caSpki,
    signer: ca.privateKey,
    notBefore,
    notAfter,
    extensions: [
      // digitalSignature (bit 0): 0b10000000, seven unused trailing bits.
      extension(OID.keyUsage, true, bitString(Buffer.from([0x80]), 7)),
      extension(OID.extKeyUsage, false, sequence(objectIdentifier(OID.serverAuth))),
      extension(OID.subjectAltName, false, sequence(...altNames)),
      extension(OID.authorityKeyIdentifier, false, sequence(contextPrimitive(0, keyId(caSpki)))),
    ],
  });

  return {
    caPem: toPem(caCert),
    certPem: toPem(serverCert),
    keyPem: server.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}
