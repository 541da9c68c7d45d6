// What every part of the Store conformance suite shares: stores on a test clock, and builders.
import { createHash, randomBytes } from 'node:crypto';
import type { CommandEnvelope } from '@porthole/protocol';
import type { ApiKeyRecord } from '../records.js';
import type { Store, StoreOptions } from '../store.js';

/**
 * Builds a fresh, empty store with these options. Called twice with the same `keyPrefix`, it
 * must give two handles on the same data, as two API replicas have (a store that lives in one
 * process returns the same instance).
 */
export type MakeStore = (options: StoreOptions) => Promise<Store>;

export interface TestClock {
  now: () => number;
  /** Pushes the clock forward (or back, with a negative step). */
  advance: (ms: number) => void;
  /**
   * Stops the clock where it reads now: from then on only `advance` moves it. A test that steps
   * to just inside a lease or a deadline freezes first, so however slowly the machine runs, the
   * store sees exactly the times the test chose.
   */
  freeze: () => void;
}

/** A clock that runs with real time and can be pushed, or frozen. */
export function testClock(): TestClock {
  let offset = 0;
  let frozenAt: number | null = null;
  return {
    now: () => frozenAt ?? Date.now() + offset,
    advance: (ms) => {
      if (frozenAt === null) offset += ms;
      else frozenAt += ms;
    },
    freeze: () => {
      frozenAt ??= Date.now() + offset;
    },
  };
}

/**
 * The timeout of a wait that is meant to end on an event (a result, queued work, an abort, a
 * deadline, close). Woken by its event, a wait ends in milliseconds even on a busy machine; one
 * that missed its event runs to this timeout. Tests that check a wait was woken rather than timed
 * out bound it by WOKEN_WITHIN_MS: far from both, so only a missed event fails them.
 */
export const LONG_WAIT_MS = 10_000;
export const WOKEN_WITHIN_MS = LONG_WAIT_MS / 2;

export interface Setup {
  store: Store;
  clock: TestClock;
  /** A cluster id no other test uses. */
  cluster: string;
  /** A second store on the same data and clock: another API replica. */
  replica: () => Promise<Store>;
}

export type SetupFn = (options?: StoreOptions) => Promise<Setup>;

export const newId = () => randomBytes(9).toString('base64url');
export const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');
export const randomHash = () => hashOf(randomBytes(16).toString('hex'));
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves to how long `promise` took, with its value. */
export async function timed<T>(promise: Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await promise;
  return { value, ms: performance.now() - start };
}

export function envelope(
  clusterId: string,
  now: number,
  overrides: Partial<CommandEnvelope> = {},
): CommandEnvelope {
  return {
    id: newId(),
    clusterId,
    argv: ['get', 'pods', '-n', 'default'],
    principal: 'conformance',
    createdAt: now,
    deadline: now + 30_000,
    maxOutputBytes: 1_048_576,
    signature: 'conformance-signature',
    ...overrides,
  };
}

export function apiKey(overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  return {
    id: newId(),
    // Names are unique among live keys: each key gets its own unless a test says otherwise.
    name: `key-${newId()}`,
    hash: randomHash(),
    prefix: 'ph_abcde',
    clusters: null,
    namespaces: null,
    admin: false,
    createdAt: Date.now(),
    expiresAt: null,
    lastUsedAt: null,
    revokedAt: null,
    ...overrides,
  };
}
