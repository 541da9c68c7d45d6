// The invariants every allowed decision's request holds, shared by the table and property tests (tests only).
import { expect } from 'vitest';
import { evaluate } from '../index.js';
import type { AllowedDecision, EvaluateOptions } from '../index.js';

/**
 * The canonical argv decides the same request and pipe stages (the canonical form is stable), both
 * are plain JSON (no undefined, no class instances), and the request agrees with the decision's
 * own fields.
 */
export function checkRequest(d: AllowedDecision, options: EvaluateOptions): void {
  const again = evaluate(d.argv, options);
  expect(again, JSON.stringify(d.argv)).toMatchObject({ allowed: true });
  if (again.allowed) expect(again.request).toStrictEqual(d.request);
  if (again.allowed) expect(again.pipes).toStrictEqual(d.pipes);
  expect(JSON.parse(JSON.stringify(d.request))).toStrictEqual(d.request);
  expect(JSON.parse(JSON.stringify(d.pipes))).toStrictEqual(d.pipes);
  const r = d.request;
  expect(r.verb).toBe(d.verb);
  expect('subcommand' in r ? r.subcommand : null).toBe(d.subcommand);
  if ('namespace' in r) expect(r.namespace).toBe(d.namespace);
  if ('allNamespaces' in r) expect(r.allNamespaces).toBe(d.allNamespaces);
}
