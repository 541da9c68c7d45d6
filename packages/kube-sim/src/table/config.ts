// ConfigMap, Secret, ServiceAccount, ResourceQuota, Lease and RBAC binding rows as the apiserver prints them.
import type { KubeObject, Lease, ResourceQuota, RoleBinding, Subject } from '../types.js';
import { AGE_COLUMN, NAME_COLUMN, column } from './columns.js';
import { timestampSince } from './duration.js';
import { byteOrder } from './format.js';
import type { Cell, Printer } from './printer.js';

const count = (value: unknown): number =>
  value !== null && typeof value === 'object' ? Object.keys(value).length : 0;

export const configMapPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Data', 'string', 'Configuration data for this ConfigMap.'),
    AGE_COLUMN,
  ],
  cells(object: KubeObject, now: Date): Cell[] {
    return [
      object.metadata.name,
      count(object['data']) + count(object['binaryData']),
      timestampSince(object.metadata.creationTimestamp, now),
    ];
  },
};

export const secretPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Type', 'string', 'Used to facilitate programmatic handling of secret data.'),
    column('Data', 'string', 'Data contains the secret data.'),
    AGE_COLUMN,
  ],
  cells(object: KubeObject, now: Date): Cell[] {
    const type = typeof object['type'] === 'string' ? object['type'] : '';
    return [
      object.metadata.name,
      type,
      count(object['data']),
      timestampSince(object.metadata.creationTimestamp, now),
    ];
  },
};

export const serviceAccountPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column(
      'Secrets',
      'string',
      'Secrets in the same namespace that pods running as this service account may use.',
    ),
    AGE_COLUMN,
  ],
  cells(object: KubeObject, now: Date): Cell[] {
    const secrets = Array.isArray(object['secrets']) ? object['secrets'].length : 0;
    return [object.metadata.name, secrets, timestampSince(object.metadata.creationTimestamp, now)];
  },
};

export const resourceQuotaPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    AGE_COLUMN,
    column(
      'Request',
      'string',
      'Request represents a minimum amount of cpu/memory that a container may consume.',
    ),
    column(
      'Limit',
      'string',
      'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.',
    ),
  ],
  cells(object: KubeObject, now: Date): Cell[] {
    const quota = object as ResourceQuota;
    const hard = quota.status?.hard ?? {};
    const used = quota.status?.used ?? {};
    const requests: string[] = [];
    const limits: string[] = [];
    for (const name of Object.keys(hard).sort(byteOrder)) {
      const text = `${name}: ${used[name] ?? '0'}/${hard[name] ?? '0'}`;
      const pieces = name.split('.');
      (pieces.length > 1 && pieces[0] === 'limits' ? limits : requests).push(text);
    }
    return [
      quota.metadata.name,
      timestampSince(quota.metadata.creationTimestamp, now),
      requests.join(', '),
      limits.join(', '),
    ];
  },
};

export const leasePrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Holder', 'string', 'The identity of the holder of a current lease.'),
    AGE_COLUMN,
  ],
  cells(object: KubeObject, now: Date): Cell[] {
    const lease = object as Lease;
    return [
      lease.metadata.name,
      lease.spec?.holderIdentity ?? '',
      timestampSince(lease.metadata.creationTimestamp, now),
    ];
  },
};

/** SubjectsStrings: users, groups and "namespace/name" service accounts. */
export function subjectStrings(subjects: Subject[] | undefined): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const serviceAccounts: string[] = [];
  for (const s of subjects ?? []) {
    if (s.kind === 'ServiceAccount') serviceAccounts.push(`${s.namespace ?? ''}/${s.name}`);
    else if (s.kind === 'User') users.push(s.name);
    else if (s.kind === 'Group') groups.push(s.name);
  }
  return [users.join(', '), groups.join(', '), serviceAccounts.join(', ')];
}

function bindingPrinter(what: string): Printer {
  return {
    columns: [
      NAME_COLUMN,
      column(
        'Role',
        'string',
        'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace.',
      ),
      AGE_COLUMN,
      column('Users', 'string', `Users in the ${what}`, 1),
      column('Groups', 'string', `Groups in the ${what}`, 1),
      column('ServiceAccounts', 'string', `ServiceAccounts in the ${what}`, 1),
    ],
    cells(object: KubeObject, now: Date): Cell[] {
      const binding = object as RoleBinding;
      const ref = binding.roleRef;
      return [
        binding.metadata.name,
        `${ref?.kind ?? ''}/${ref?.name ?? ''}`,
        timestampSince(binding.metadata.creationTimestamp, now),
        ...subjectStrings(binding.subjects),
      ];
    },
  };
}

export const roleBindingPrinter = bindingPrinter('roleBinding');
export const clusterRoleBindingPrinter = bindingPrinter('clusterRoleBinding');
