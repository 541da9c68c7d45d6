// metav1.Status failure bodies worded as the apiserver words them.
import type { ResourceDef } from './resources.js';

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  details?: Record<string, string>;
  code: number;
}

export function failure(
  code: number,
  reason: string,
  message: string,
  details?: Record<string, string>,
): Status {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

/** "pods" for the core group, "deployments.apps" otherwise: the apiserver's GroupResource string. */
export function qualifiedName(resource: ResourceDef): string {
  return resource.group === '' ? resource.name : `${resource.name}.${resource.group}`;
}

export function objectNotFound(resource: ResourceDef, name: string): Status {
  const details: Record<string, string> = { name };
  if (resource.group !== '') details['group'] = resource.group;
  details['kind'] = resource.name;
  return failure(404, 'NotFound', `${qualifiedName(resource)} "${name}" not found`, details);
}

export function pathNotFound(): Status {
  return failure(404, 'NotFound', 'the server could not find the requested resource', {});
}

export function methodNotAllowed(method: string): Status {
  return failure(
    405,
    'MethodNotAllowed',
    `the server does not allow this method on the requested resource: ${method} (kube-sim is read-only)`,
    {},
  );
}

export function unauthorized(): Status {
  return failure(401, 'Unauthorized', 'Unauthorized');
}

export function badRequest(message: string): Status {
  return failure(400, 'BadRequest', message);
}
