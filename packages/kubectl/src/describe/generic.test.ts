// The generic describer's field labels: camel-case split, acronyms kept, other spellings left alone.
import { describe, expect, it } from 'vitest';
import { smartLabelFor } from './generic.js';

describe('smartLabelFor (generic describer field labels)', () => {
  it.each([
    ['apiVersion', 'API Version'],
    ['creationTimestamp', 'Creation Timestamp'],
    ['uid', 'UID'],
    ['podCIDR', 'Pod Cidr'],
    ['k8s', 'k8s'],
    ['x_y', 'x_y'],
    ['replicas', 'Replicas'],
  ])('%s → %s', (field, label) => {
    expect(smartLabelFor(field)).toBe(label);
  });
});
