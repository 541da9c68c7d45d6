// A cluster's discovery for tests: the standard kinds plus a few custom resources (tests only).
import { BUILTIN_RESOURCES } from '../index.js';
import type { ApiResource } from '../index.js';

const crd = (
  name: string,
  kind: string,
  group: string,
  version: string,
  extra: Partial<ApiResource> = {},
): ApiResource => ({
  name,
  singularName: name.replace(/s$/, ''),
  shortNames: [],
  kind,
  group,
  version,
  namespaced: true,
  categories: [],
  ...extra,
});

export const CRDS: readonly ApiResource[] = [
  crd('widgets', 'Widget', 'example.com', 'v1', {
    shortNames: ['wd'],
    categories: ['all', 'example'],
  }),
  crd('widgets', 'Widget', 'example.com', 'v1beta1', {
    shortNames: ['wd'],
    categories: ['all', 'example'],
  }),
  // discovery may leave singularName empty for CRDs: the lower-cased kind stands in.
  crd('gadgets', 'Gadget', 'example.com', 'v1alpha1', {
    singularName: '',
    namespaced: false,
    categories: ['example'],
  }),
  // A custom resource that calls itself secrets is refused like core Secrets.
  crd('secrets', 'Secret', 'vault.example.com', 'v1', { shortNames: ['vs'] }),
  crd('certificates', 'Certificate', 'cert-manager.io', 'v1', { shortNames: ['cert', 'certs'] }),
  // Same plural as apps/deployments, listed later: plain "deployments" stays apps.
  crd('deployments', 'Deployment', 'other.example.com', 'v1'),
  // Subresources appear in discovery lists; they are not types.
  crd('pods/log', 'Pod', '', 'v1'),
];

export const DISCOVERY: readonly ApiResource[] = [...BUILTIN_RESOURCES, ...CRDS];
