// Describers for storage: PersistentVolumes and claims (core/v1) and StorageClasses (storage.k8s.io).
import { CORE, getObject, listItems } from '../resource/rest.js';
import { parseTime, rfc1123z, since } from '../go/time.js';
import { at, bool, has, int, map, maps, str, stringMap, strings } from '../go/obj.js';
import { quantityString } from '../go/quantity.js';
import type { GoMap } from '../go/value.js';
import {
  annotationsOf,
  describeEvents,
  formatLabelMap,
  labelsOf,
  nameOf,
  printAnnotationsMultiline,
  printLabelsMultiline,
  printPodsMultiline,
  uidOf,
  rl,
  printBoolPtr,
} from './common.js';
import { accessModes, printCsiAttributes, printPersistentVolumeClaim } from './volumes.js';
import type { PrefixWriter } from './writer.js';
import { LEVEL_0, LEVEL_1, LEVEL_2, tabbedString } from './writer.js';
import type { Describer } from './related.js';
import { eventsFor } from './related.js';

export const describePvc: Describer = async (ctx, namespace, name) => {
  const pvc = await getObject(ctx.kube, CORE.persistentvolumeclaims, namespace, name);
  const nsPods = await listItems(ctx.kube, CORE.pods, namespace);
  const users: GoMap[] = [];
  for (const p of nsPods)
    for (const v of maps(p, 'spec', 'volumes'))
      if (
        has(v, 'persistentVolumeClaim') &&
        str(v, 'persistentVolumeClaim', 'claimName') === nameOf(pvc)
      )
        users.push(p);
  for (const ref of maps(pvc, 'metadata', 'ownerReferences')) {
    if (str(ref, 'kind') !== 'Pod') continue;
    const owner = nsPods.find((p) => uidOf(p) === str(ref, 'uid'));
    if (owner && !users.some((p) => uidOf(p) === uidOf(owner))) users.push(owner);
  }
  const events = await eventsFor(ctx, pvc, 'PersistentVolumeClaim');
  return tabbedString((w) => {
    printPersistentVolumeClaim(w, pvc, true, ctx.now);
    printPodsMultiline(w, 'Used By', users);
    const conditions = maps(pvc, 'status', 'conditions');
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
      for (const c of conditions)
        w.write(
          LEVEL_1,
          `${str(c, 'type')} \t${str(c, 'status')} \t${rfc1123z(parseTime(at(c, 'lastProbeTime')))} \t${rfc1123z(parseTime(at(c, 'lastTransitionTime')))} \t${str(c, 'reason')} \t${str(c, 'message')}\n`,
        );
    }
    if (events !== null) describeEvents(events, w, ctx.now);
  });
};

function pvSource(pv: GoMap, w: PrefixWriter): void {
  const spec = map(pv, 'spec');
  const s = (k: string): GoMap | undefined => map(spec, k);
  let v: GoMap | undefined;
  if ((v = s('hostPath'))) {
    w.write(
      LEVEL_2,
      `Type:\tHostPath (bare host directory volume)\n    Path:\t${str(v, 'path')}\n    HostPathType:\t${has(v, 'type') ? str(v, 'type') : '<none>'}\n`,
    );
  } else if ((v = s('gcePersistentDisk'))) {
    w.write(
      LEVEL_2,
      `Type:\tGCEPersistentDisk (a Persistent Disk resource in Google Compute Engine)\n    PDName:\t${str(v, 'pdName')}\n    FSType:\t${str(v, 'fsType')}\n    Partition:\t${int(v, 'partition')}\n    ReadOnly:\t${bool(v, 'readOnly')}\n`,
    );
  } else if ((v = s('awsElasticBlockStore'))) {
    w.write(
      LEVEL_2,
      `Type:\tAWSElasticBlockStore (a Persistent Disk resource in AWS)\n    VolumeID:\t${str(v, 'volumeID')}\n    FSType:\t${str(v, 'fsType')}\n    Partition:\t${int(v, 'partition')}\n    ReadOnly:\t${bool(v, 'readOnly')}\n`,
    );
  } else if ((v = s('nfs'))) {
    w.write(
      LEVEL_2,
      `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${str(v, 'server')}\n    Path:\t${str(v, 'path')}\n    ReadOnly:\t${bool(v, 'readOnly')}\n`,
    );
  } else if ((v = s('local'))) {
    w.write(
      LEVEL_2,
      `Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t${str(v, 'path')}\n`,
    );
  } else if ((v = s('csi'))) {
    w.write(
      LEVEL_2,
      `Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t${str(v, 'driver')}\n    FSType:\t${str(v, 'fsType')}\n    VolumeHandle:\t${str(v, 'volumeHandle')}\n    ReadOnly:\t${bool(v, 'readOnly')}\n`,
    );
    printCsiAttributes(w, stringMap(v, 'volumeAttributes'));
  } else {
    w.write(LEVEL_1, '<unknown>\n');
  }
}

export const describePv: Describer = async (ctx, _namespace, name) => {
  const pv = await getObject(ctx.kube, CORE.persistentvolumes, '', name);
  const events = await eventsFor(ctx, pv, 'PersistentVolume');
  return tabbedString((w) => {
    const spec = map(pv, 'spec');
    w.write(LEVEL_0, `Name:\t${nameOf(pv)}\n`);
    printLabelsMultiline(w, 'Labels', labelsOf(pv));
    printAnnotationsMultiline(w, 'Annotations', annotationsOf(pv));
    w.write(LEVEL_0, `Finalizers:\t[${strings(pv, 'metadata', 'finalizers').join(' ')}]\n`);
    const beta = map(pv, 'metadata', 'annotations')?.get('volume.beta.kubernetes.io/storage-class');
    w.write(
      LEVEL_0,
      `StorageClass:\t${beta !== undefined ? (typeof beta === 'string' ? beta : '') : str(spec, 'storageClassName')}\n`,
    );
    if (has(pv, 'metadata', 'deletionTimestamp'))
      w.write(
        LEVEL_0,
        `Status:\tTerminating (lasts ${since(at(pv, 'metadata', 'deletionTimestamp'), ctx.now)})\n`,
      );
    else w.write(LEVEL_0, `Status:\t${str(pv, 'status', 'phase')}\n`);
    w.write(
      LEVEL_0,
      has(spec, 'claimRef')
        ? `Claim:\t${str(spec, 'claimRef', 'namespace')}/${str(spec, 'claimRef', 'name')}\n`
        : 'Claim:\t\n',
    );
    w.write(LEVEL_0, `Reclaim Policy:\t${str(spec, 'persistentVolumeReclaimPolicy')}\n`);
    w.write(LEVEL_0, `Access Modes:\t${accessModes(strings(spec, 'accessModes'))}\n`);
    if (has(spec, 'volumeMode')) w.write(LEVEL_0, `VolumeMode:\t${str(spec, 'volumeMode')}\n`);
    w.write(LEVEL_0, `Capacity:\t${quantityString(rl(spec, 'storage', 'capacity'))}\n`);
    w.write(LEVEL_0, 'Node Affinity:\t');
    const required = map(spec, 'nodeAffinity', 'required');
    if (!required) w.writeLine('<none>');
    else {
      w.writeLine('');
      w.write(LEVEL_1, 'Required Terms:\t');
      const terms = maps(required, 'nodeSelectorTerms');
      if (terms.length === 0) w.writeLine('<none>');
      else {
        w.writeLine('');
        terms.forEach((t, i) => {
          w.write(LEVEL_2, `Term ${i}:\t`);
          const exprs = maps(t, 'matchExpressions');
          if (exprs.length === 0) {
            w.writeLine('<none>');
            return;
          }
          exprs.forEach((e, j) => {
            if (j !== 0) w.write(LEVEL_2, '\t');
            const values = strings(e, 'values');
            const text =
              `${str(e, 'key')} ${str(e, 'operator').toLowerCase()}` +
              (values.length > 0 ? ` [${values.join(', ')}]` : '');
            w.write(LEVEL_0, `${text}\n`);
          });
        });
      }
    }
    w.write(LEVEL_0, `Message:\t${str(pv, 'status', 'message')}\n`);
    w.write(LEVEL_0, 'Source:\n');
    pvSource(pv, w);
    if (events !== null) describeEvents(events, w, ctx.now);
  });
};

export const describeStorageClass: Describer = async (ctx, _namespace, name) => {
  const sc = await getObject(
    ctx.kube,
    { group: 'storage.k8s.io', version: 'v1', resource: 'storageclasses', namespaced: false },
    '',
    name,
  );
  const events = await eventsFor(ctx, sc, 'StorageClass');
  return tabbedString((w) => {
    const ann = map(sc, 'metadata', 'annotations');
    const isDefault =
      ann?.get('storageclass.kubernetes.io/is-default-class') === 'true' ||
      ann?.get('storageclass.beta.kubernetes.io/is-default-class') === 'true';
    w.write(LEVEL_0, `Name:\t${nameOf(sc)}\n`);
    w.write(LEVEL_0, `IsDefaultClass:\t${isDefault ? 'Yes' : 'No'}\n`);
    w.write(LEVEL_0, `Annotations:\t${formatLabelMap(annotationsOf(sc))}\n`);
    w.write(LEVEL_0, `Provisioner:\t${str(sc, 'provisioner')}\n`);
    w.write(LEVEL_0, `Parameters:\t${formatLabelMap(stringMap(sc, 'parameters'))}\n`);
    w.write(LEVEL_0, `AllowVolumeExpansion:\t${printBoolPtr(at(sc, 'allowVolumeExpansion'))}\n`);
    const opts = strings(sc, 'mountOptions');
    if (opts.length === 0) w.write(LEVEL_0, 'MountOptions:\t<none>\n');
    else {
      w.write(LEVEL_0, 'MountOptions:\n');
      for (const o of opts) w.write(LEVEL_1, `${o}\n`);
    }
    if (has(sc, 'reclaimPolicy')) w.write(LEVEL_0, `ReclaimPolicy:\t${str(sc, 'reclaimPolicy')}\n`);
    if (has(sc, 'volumeBindingMode'))
      w.write(LEVEL_0, `VolumeBindingMode:\t${str(sc, 'volumeBindingMode')}\n`);
    if (has(sc, 'allowedTopologies')) {
      const topologies = maps(sc, 'allowedTopologies');
      w.write(LEVEL_0, 'AllowedTopologies:\t');
      if (topologies.length === 0) w.writeLine('<none>');
      else {
        w.writeLine('');
        topologies.forEach((t, i) => {
          w.write(LEVEL_1, `Term ${i}:\t`);
          const reqs = maps(t, 'matchLabelExpressions');
          if (reqs.length === 0) {
            w.writeLine('<none>');
            return;
          }
          reqs.forEach((r, j) => {
            if (j !== 0) w.write(LEVEL_1, '\t');
            const values = strings(r, 'values');
            w.write(
              LEVEL_0,
              `${str(r, 'key')} in${values.length > 0 ? ` [${values.join(', ')}]` : ''}\n`,
            );
          });
        });
      }
    }
    if (events !== null) describeEvents(events, w, ctx.now);
  });
};
