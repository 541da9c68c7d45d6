// The agent's one choke point: every Kubernetes answer is redacted before a renderer sees a byte.
//
// runKubectl only ever gets the KubeGet built here, so a new verb cannot read around it; what
// the verbs then print passes the scrubber once more in the agent's execute.ts (defence in depth).
import {
  RedactionTally,
  parseLossless,
  redactObject,
  scanNumbers,
  scrubText,
  stringifyLossless,
} from '@porthole/redact';
import { goValueOfParsed } from '../go/parsed.js';
import type { KubeGet, KubeResponse } from './client.js';

export { RedactionTally };

declare const redactedBrand: unique symbol;
/** A KubeGet whose answers are redacted: the only kind runKubectl accepts, so no verb reads raw. */
export type RedactedKubeGet = KubeGet & { readonly [redactedBrand]: true };

/**
 * An answer the agent could not redact: JSON nested deeper than its stack reaches (an object
 * thousands of levels deep; no Kubernetes kind comes near). Refused, never shown, and said so,
 * instead of "Maximum call stack size exceeded", or of the lossless parser's overflow passing
 * for "not JSON" and the body going out through the text scrubber alone.
 */
export class UnredactableAnswer extends Error {
  override readonly name = 'UnredactableAnswer';
  constructor() {
    super(
      "the Kubernetes API's answer is nested too deeply for the agent to redact; it is not shown",
    );
  }
}

/** A stack overflow (or a string past V8's limit) becomes UnredactableAnswer; the rest rethrows. */
function unredactable(err: unknown): unknown {
  return err instanceof RangeError ? new UnredactableAnswer() : err;
}

/** `/api/v1/secrets`, `/api/v1/namespaces/x/secrets/y`, any group's `…/secrets…`. */
const SECRETS_PATH = /^\/apis?\/(?:[^/?]+\/)*secrets(?:[/?]|$)/;

/**
 * A KubeGet whose every answer is redacted: JSON bodies as objects (re-encoded only when
 * something changed, so untouched output stays byte-identical, 64-bit integers included),
 * everything else as text; Warning headers too.
 */
export function redactingKube(kube: KubeGet, tally: RedactionTally): RedactedKubeGet {
  const get: KubeGet = async (path, accept) => {
    const res = await kube(path, accept);
    const warnings = res.warnings?.map((w) => scrubText(w, tally));
    // Status, body and warnings only: a decoded value is what this layer made, never one from
    // below, which nothing here redacted.
    const withWarnings: KubeResponse = {
      status: res.status,
      body: res.body,
      ...(warnings ? { warnings } : {}),
    };
    const trimmed = res.body.trimStart();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      let parsed: unknown;
      const { lossless, integers } = scanNumbers(res.body);
      try {
        parsed = lossless ? parseLossless(res.body) : JSON.parse(res.body);
      } catch (err) {
        if (err instanceof RangeError) throw new UnredactableAnswer();
        // Not JSON after all: treat it as text below, like a log.
        return { ...withWarnings, body: scrubText(res.body, tally) };
      }
      const secrets = SECRETS_PATH.test(path.split('?')[0] ?? '');
      let out: ReturnType<typeof redactObject>;
      let body: string;
      try {
        out = redactObject(parsed, tally, { secrets });
        body = !out.changed
          ? res.body
          : lossless
            ? stringifyLossless(out.value)
            : JSON.stringify(out.value);
      } catch (err) {
        throw unredactable(err);
      }
      // The renderer reads the redacted value as decoded here, not by decoding the body again
      // (where that could differ, lossless bodies included, goValueOfParsed says null).
      const decoded = goValueOfParsed(out.value, integers);
      return { ...withWarnings, body, ...(decoded === null ? {} : { decoded }) };
    }
    return { ...withWarnings, body: scrubText(res.body, tally) };
  };
  return get as RedactedKubeGet;
}
