// Volumes as kubectl describe prints them: every volume source, CSI attributes, claims and access modes.
import { since } from '../go/time.js';
import { has, int, map, maps, str, stringMap, strings, bool, at } from '../go/obj.js';
import { cmp, quantityOrZero, quantityString } from '../go/quantity.js';
import type { GoMap } from '../go/value.js';
import {
  annotationsOf,
  labelsOf,
  printAnnotationsMultiline,
  printLabelsMultiline,
} from './common.js';
import type { PrefixWriter } from './writer.js';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, NestedPrefixWriter } from './writer.js';

function volumeSourceLines(v: GoMap, w: PrefixWriter): void {
  const src = (k: string): GoMap | undefined => map(v, k);
  let s: GoMap | undefined;
  if ((s = src('hostPath'))) {
    const type = has(s, 'type') ? str(s, 'type') : '<none>';
    w.write(
      LEVEL_2,
      `Type:\tHostPath (bare host directory volume)\n    Path:\t${str(s, 'path')}\n    HostPathType:\t${type}\n`,
    );
  } else if ((s = src('emptyDir'))) {
    const limit = has(s, 'sizeLimit') ? quantityOrZero(at(s, 'sizeLimit')) : null;
    const sizeLimit =
      limit !== null && cmp(limit, quantityOrZero('0')) > 0 ? quantityString(limit) : '<unset>';
    w.write(
      LEVEL_2,
      `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${str(s, 'medium')}\n    SizeLimit:\t${sizeLimit}\n`,
    );
  } else if ((s = src('gcePersistentDisk'))) {
    w.write(
      LEVEL_2,
      `Type:\tGCEPersistentDisk (a Persistent Disk resource in Google Compute Engine)\n    PDName:\t${str(s, 'pdName')}\n    FSType:\t${str(s, 'fsType')}\n    Partition:\t${int(s, 'partition')}\n    ReadOnly:\t${bool(s, 'readOnly')}\n`,
    );
  } else if ((s = src('awsElasticBlockStore'))) {
    w.write(
      LEVEL_2,
      `Type:\tAWSElasticBlockStore (a Persistent Disk resource in AWS)\n    VolumeID:\t${str(s, 'volumeID')}\n    FSType:\t${str(s, 'fsType')}\n    Partition:\t${int(s, 'partition')}\n    ReadOnly:\t${bool(s, 'readOnly')}\n`,
    );
  } else if ((s = src('gitRepo'))) {
    w.write(
      LEVEL_2,
      `Type:\tGitRepo (a volume that is pulled from git when the pod is created)\n    Repository:\t${str(s, 'repository')}\n    Revision:\t${str(s, 'revision')}\n`,
    );
  } else if ((s = src('secret'))) {
    w.write(
      LEVEL_2,
      `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${str(s, 'secretName')}\n    Optional:\t${bool(s, 'optional')}\n`,
    );
  } else if ((s = src('configMap'))) {
    w.write(
      LEVEL_2,
      `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${str(s, 'name')}\n    Optional:\t${bool(s, 'optional')}\n`,
    );
  } else if ((s = src('nfs'))) {
    w.write(
      LEVEL_2,
      `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${str(s, 'server')}\n    Path:\t${str(s, 'path')}\n    ReadOnly:\t${bool(s, 'readOnly')}\n`,
    );
  } else if ((s = src('persistentVolumeClaim'))) {
    w.write(
      LEVEL_2,
      `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${str(s, 'claimName')}\n    ReadOnly:\t${bool(s, 'readOnly')}\n`,
    );
  } else if ((s = src('ephemeral'))) {
    w.write(
      LEVEL_2,
      'Type:\tEphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)\n',
    );
    const template = map(s, 'volumeClaimTemplate');
    if (template) printPersistentVolumeClaim(new NestedPrefixWriter(w, LEVEL_2), template, false);
  } else if ((s = src('downwardAPI'))) {
    w.write(
      LEVEL_2,
      'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n',
    );
    for (const item of maps(s, 'items')) {
      if (has(item, 'fieldRef'))
        w.write(LEVEL_3, `${str(item, 'fieldRef', 'fieldPath')} -> ${str(item, 'path')}\n`);
      if (has(item, 'resourceFieldRef'))
        w.write(LEVEL_3, `${str(item, 'resourceFieldRef', 'resource')} -> ${str(item, 'path')}\n`);
    }
  } else if ((s = src('projected'))) {
    w.write(
      LEVEL_2,
      'Type:\tProjected (a volume that contains injected data from multiple sources)\n',
    );
    for (const p of maps(s, 'sources')) {
      if (has(p, 'secret')) {
        w.write(
          LEVEL_2,
          `SecretName:\t${str(p, 'secret', 'name')}\n    Optional:\t${bool(p, 'secret', 'optional')}\n`,
        );
      } else if (has(p, 'downwardAPI')) {
        w.write(LEVEL_2, 'DownwardAPI:\ttrue\n');
      } else if (has(p, 'configMap')) {
        w.write(
          LEVEL_2,
          `ConfigMapName:\t${str(p, 'configMap', 'name')}\n    Optional:\t${bool(p, 'configMap', 'optional')}\n`,
        );
      } else if (has(p, 'serviceAccountToken')) {
        w.write(
          LEVEL_2,
          `TokenExpirationSeconds:\t${int(p, 'serviceAccountToken', 'expirationSeconds')}\n`,
        );
      }
    }
  } else if ((s = src('csi'))) {
    w.write(
      LEVEL_2,
      `Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t${str(s, 'driver')}\n    FSType:\t${str(s, 'fsType')}\n    ReadOnly:\t${bool(s, 'readOnly')}\n`,
    );
    printCsiAttributes(w, stringMap(s, 'volumeAttributes'));
  } else if ((s = src('image'))) {
    w.write(
      LEVEL_2,
      `Type:\tImage (a container image or OCI artifact)\n    Reference:\t${str(s, 'reference')}\n    PullPolicy:\t${str(s, 'pullPolicy')}\n`,
    );
  } else {
    w.write(LEVEL_1, '<unknown>\n');
  }
}

export function printCsiAttributes(w: PrefixWriter, attrs: Array<[string, string]>): void {
  w.write(LEVEL_2, 'VolumeAttributes:\t');
  if (attrs.length === 0) {
    w.writeLine('<none>');
    return;
  }
  attrs.forEach(([k, v], i) => {
    if (i !== 0) {
      w.write(LEVEL_2, '');
      w.write(LEVEL_2, '\t');
    }
    const line = `${k}=${v}`;
    w.write(
      LEVEL_2,
      Buffer.byteLength(line) > 140
        ? `${Buffer.from(line).subarray(0, 140).toString()}...\n`
        : `${line}\n`,
    );
  });
}

export function describeVolumes(volumes: GoMap[], w: PrefixWriter, space: string): void {
  if (volumes.length === 0) {
    w.write(LEVEL_0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(LEVEL_0, `${space}Volumes:\n`);
  for (const v of volumes) {
    w.write(LEVEL_1, `${space !== '' ? ' ' : ''}${str(v, 'name')}:\n`);
    volumeSourceLines(v, w);
  }
}

/** storageutil.GetAccessModesAsString. */
export function accessModes(modes: string[]): string {
  const out: string[] = [];
  for (const [mode, short] of [
    ['ReadWriteOnce', 'RWO'],
    ['ReadOnlyMany', 'ROX'],
    ['ReadWriteMany', 'RWX'],
    ['ReadWriteOncePod', 'RWOP'],
  ] as const)
    if (modes.includes(mode)) out.push(short);
  return out.join(',');
}

/** storageutil.GetPersistentVolumeClaimClass. */
export function claimClass(pvc: GoMap): string {
  const ann = map(pvc, 'metadata', 'annotations');
  const beta = ann?.get('volume.beta.kubernetes.io/storage-class');
  if (beta !== undefined) return typeof beta === 'string' ? beta : '';
  return str(pvc, 'spec', 'storageClassName');
}

/** printPersistentVolumeClaim: full PVCs and ephemeral claim templates. */
export function printPersistentVolumeClaim(
  w: PrefixWriter,
  pvc: GoMap,
  full: boolean,
  now = 0,
): void {
  if (full) {
    w.write(LEVEL_0, `Name:\t${str(pvc, 'metadata', 'name')}\n`);
    w.write(LEVEL_0, `Namespace:\t${str(pvc, 'metadata', 'namespace')}\n`);
  }
  w.write(LEVEL_0, `StorageClass:\t${claimClass(pvc)}\n`);
  if (full) {
    if (has(pvc, 'metadata', 'deletionTimestamp'))
      w.write(
        LEVEL_0,
        `Status:\tTerminating (lasts ${since(at(pvc, 'metadata', 'deletionTimestamp'), now)})\n`,
      );
    else w.write(LEVEL_0, `Status:\t${str(pvc, 'status', 'phase')}\n`);
  }
  const volumeName = str(pvc, 'spec', 'volumeName');
  w.write(LEVEL_0, `Volume:\t${volumeName}\n`);
  printLabelsMultiline(w, 'Labels', labelsOf(pvc));
  printAnnotationsMultiline(w, 'Annotations', annotationsOf(pvc));
  if (full)
    w.write(LEVEL_0, `Finalizers:\t[${strings(pvc, 'metadata', 'finalizers').join(' ')}]\n`);
  let capacity = '';
  let modes = '';
  if (volumeName !== '') {
    modes = accessModes(strings(pvc, 'status', 'accessModes'));
    capacity = quantityString(quantityOrZero(at(pvc, 'status', 'capacity', 'storage')));
  }
  w.write(LEVEL_0, `Capacity:\t${capacity}\n`);
  w.write(LEVEL_0, `Access Modes:\t${modes}\n`);
  if (has(pvc, 'spec', 'volumeMode'))
    w.write(LEVEL_0, `VolumeMode:\t${str(pvc, 'spec', 'volumeMode')}\n`);
  if (has(pvc, 'spec', 'dataSource')) {
    w.write(LEVEL_0, 'DataSource:\n');
    if (has(pvc, 'spec', 'dataSource', 'apiGroup'))
      w.write(LEVEL_1, `APIGroup:\t${str(pvc, 'spec', 'dataSource', 'apiGroup')}\n`);
    w.write(LEVEL_1, `Kind:\t${str(pvc, 'spec', 'dataSource', 'kind')}\n`);
    w.write(LEVEL_1, `Name:\t${str(pvc, 'spec', 'dataSource', 'name')}\n`);
  }
}
