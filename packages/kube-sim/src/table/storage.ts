// PersistentVolumeClaim, PersistentVolume and StorageClass rows as the apiserver prints them.
import type {
  KubeObject,
  PersistentVolume,
  PersistentVolumeClaim,
  StorageClass,
} from '../types.js';
import { AGE_COLUMN, NAME_COLUMN, column } from './columns.js';
import { timestampSince } from './duration.js';
import type { Cell, Printer } from './printer.js';

const BETA_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

/** GetAccessModesAsString: RWO, ROX, RWX, RWOP in that order, each once. */
export function accessModes(modes: string[] | undefined): string {
  const set = new Set(modes ?? []);
  const out: string[] = [];
  if (set.has('ReadWriteOnce')) out.push('RWO');
  if (set.has('ReadOnlyMany')) out.push('ROX');
  if (set.has('ReadWriteMany')) out.push('RWX');
  if (set.has('ReadWriteOncePod')) out.push('RWOP');
  return out.join(',');
}

/** The beta annotation wins over spec.storageClassName, as in GetPersistentVolume(Claim)Class. */
function storageClassOf(object: KubeObject, specClass: string | undefined): string {
  const annotation = object.metadata.annotations?.[BETA_CLASS_ANNOTATION];
  return annotation ?? specClass ?? '';
}

export const persistentVolumeClaimPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Status', 'string', 'The current phase of the claim.'),
    column('Volume', 'string', 'The binding reference to the PersistentVolume backing this claim.'),
    column('Capacity', 'string', 'The actual resources of the underlying volume.'),
    column('Access Modes', 'string', 'The actual access modes the volume backing the PVC has.'),
    column('StorageClass', 'string', 'StorageClass of the pvc'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
    AGE_COLUMN,
    column('VolumeMode', 'string', 'What type of volume is required by the claim.', 1),
  ],
  cells(object: KubeObject, now: Date): Cell[] {
    const pvc = object as PersistentVolumeClaim;
    const spec = pvc.spec ?? {};
    const phase = pvc.metadata.deletionTimestamp ? 'Terminating' : (pvc.status?.phase ?? '');
    // Capacity and modes come from the bound volume, so an unbound claim shows none.
    const bound = Boolean(spec.volumeName);
    return [
      pvc.metadata.name,
      phase,
      spec.volumeName ?? '',
      bound ? (pvc.status?.capacity?.['storage'] ?? '0') : '',
      bound ? accessModes(pvc.status?.accessModes) : '',
      storageClassOf(pvc, spec.storageClassName),
      spec.volumeAttributesClassName ?? '<unset>',
      timestampSince(pvc.metadata.creationTimestamp, now),
      spec.volumeMode ?? '<unset>',
    ];
  },
};

export const persistentVolumePrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column(
      'Capacity',
      'string',
      "The description of the persistent volume's resources and capacity.",
    ),
    column('Access Modes', 'string', 'All ways the volume can be mounted.'),
    column(
      'Reclaim Policy',
      'string',
      'What happens to a persistent volume when released from its claim.',
    ),
    column('Status', 'string', 'The current phase of the volume.'),
    column('Claim', 'string', 'The binding between this volume and a claim.'),
    column('StorageClass', 'string', 'StorageClass of the pv'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pv'),
    column('Reason', 'string', 'A brief CamelCase string that describes any failure.'),
    AGE_COLUMN,
    column(
      'VolumeMode',
      'string',
      'Whether the volume is used with a formatted filesystem or as a raw block device.',
      1,
    ),
  ],
  cells(object: KubeObject, now: Date): Cell[] {
    const pv = object as PersistentVolume;
    const spec = pv.spec ?? {};
    const claim = spec.claimRef
      ? `${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}`
      : '';
    return [
      pv.metadata.name,
      spec.capacity?.['storage'] ?? '0',
      accessModes(spec.accessModes),
      spec.persistentVolumeReclaimPolicy ?? '',
      pv.metadata.deletionTimestamp ? 'Terminating' : (pv.status?.phase ?? ''),
      claim,
      storageClassOf(pv, spec.storageClassName),
      spec.volumeAttributesClassName ?? '<unset>',
      pv.status?.reason ?? '',
      timestampSince(pv.metadata.creationTimestamp, now),
      spec.volumeMode ?? '<unset>',
    ];
  },
};

const DEFAULT_CLASS_ANNOTATIONS = [
  'storageclass.kubernetes.io/is-default-class',
  'storageclass.beta.kubernetes.io/is-default-class',
];

export const storageClassPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Provisioner', 'string', 'The type of the provisioner.'),
    column('ReclaimPolicy', 'string', 'The reclaim policy of volumes this class provisions.'),
    column('VolumeBindingMode', 'string', 'How volumes are provisioned and bound.'),
    column('AllowVolumeExpansion', 'string', 'Whether volumes of this class can be expanded.'),
    AGE_COLUMN,
  ],
  cells(object: KubeObject, now: Date): Cell[] {
    const sc = object as StorageClass;
    const annotations = sc.metadata.annotations ?? {};
    const isDefault = DEFAULT_CLASS_ANNOTATIONS.some((a) => annotations[a] === 'true');
    return [
      isDefault ? `${sc.metadata.name} (default)` : sc.metadata.name,
      sc.provisioner ?? '',
      sc.reclaimPolicy ?? 'Delete',
      sc.volumeBindingMode ?? 'Immediate',
      sc.allowVolumeExpansion ?? false,
      timestampSince(sc.metadata.creationTimestamp, now),
    ];
  },
};
