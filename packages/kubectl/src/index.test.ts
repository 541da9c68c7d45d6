// The package's runtime surface: the renderer takes the policy's typed request, so no argv reader or argv error is left to export.
import { describe, expect, it } from 'vitest';
import * as kubectl from './index.js';

describe('@porthole/kubectl exports', () => {
  it('are the renderer, the redaction seam and the discovery cache, nothing that reads argv', () => {
    expect(Object.keys(kubectl).sort()).toEqual([
      'DiscoveryCache',
      'RedactionTally',
      'redactingKube',
      'runKubectl',
    ]);
  });
});
