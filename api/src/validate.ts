// Reading request bodies and query parameters through zod, with client-safe messages.
import type { Context } from 'hono';
import type { z } from 'zod';
import { PortholeError } from '@porthole/protocol';
import { MESSAGE_CHARS, safeText } from './safe-text.js';
import { readText } from './body.js';

export async function readJson<T>(c: Context, schema: z.ZodType<T>): Promise<T> {
  let body: unknown;
  try {
    body = JSON.parse(await readText(c));
  } catch (err) {
    if (err instanceof PortholeError) throw err;
    throw new PortholeError('invalid_request', 'body must be valid JSON');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new PortholeError('invalid_request', describeIssue(parsed.error));
  return parsed.data;
}

/** First zod issue as `path: message`; never the offending value, which may be hostile. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid request';
  const path = issue.path.length ? issue.path.join('.') : 'body';
  // zod names unknown keys in its message, and a path can hold a record key: both are input.
  return safeText(`${path}: ${issue.message}`, MESSAGE_CHARS);
}

/** An integer query parameter within [min, max], or the default when absent. */
export function intQuery(
  c: Context,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number {
  return optionalIntQuery(c, name, min, max) ?? fallback;
}

/** An integer query parameter within [min, max], or null when absent. */
export function optionalIntQuery(
  c: Context,
  name: string,
  min: number,
  max: number,
): number | null {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return null;
  // Digits only (no sign, exponent or fraction), and not so many that Number() rounds them.
  const digits = Math.max(6, String(max).length);
  if (raw.length > digits || !/^\d+$/.test(raw))
    throw new PortholeError('invalid_request', `${name}: must be an integer ${min}..${max}`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new PortholeError('invalid_request', `${name}: must be an integer ${min}..${max}`);
  return value;
}
