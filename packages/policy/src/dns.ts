// Kubernetes name rules (DNS-1123) used for namespaces, object names and label-key prefixes.

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A DNS-1123 label: what a namespace name must be. */
export function isDns1123Label(s: string): boolean {
  return s.length <= 63 && LABEL.test(s);
}

/** A DNS-1123 subdomain: what most object names (pods, deployments, nodes, events) must be. */
export function isDns1123Subdomain(s: string): boolean {
  return s.length <= 253 && SUBDOMAIN.test(s);
}

// RBAC objects take any path segment (`system:controller:job-controller`); this is the
// conservative subset seen in practice: no '/', '%', spaces or leading '-'.
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._:@-]*$/;
const SUBDOMAIN_PREFIX = /^[a-z0-9][-a-z0-9.]*$/;

/** Whether `s` can name an object of a kind with this rule. */
export function isObjectName(rule: 'subdomain' | 'segment', s: string): boolean {
  return rule === 'subdomain' ? isDns1123Subdomain(s) : s.length <= 253 && SEGMENT.test(s);
}

/** `describe` also takes the start of a name (`web-`), matched as a prefix when no object has it exactly. */
export function isObjectNamePrefix(rule: 'subdomain' | 'segment', s: string): boolean {
  return s.length <= 253 && (rule === 'subdomain' ? SUBDOMAIN_PREFIX : SEGMENT).test(s);
}
