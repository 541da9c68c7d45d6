// The PriorityClass describer (scheduling.k8s.io/v1).
import { getObject } from '../resource/rest.js';
import { bool, int, str } from '../go/obj.js';
import { annotationsOf, describeEvents, formatLabelMap, nameOf } from './common.js';
import { LEVEL_0, tabbedString } from './writer.js';
import type { Describer } from './related.js';
import { eventsFor } from './related.js';

export const describePriorityClass: Describer = async (ctx, _namespace, name) => {
  const pc = await getObject(
    ctx.kube,
    { group: 'scheduling.k8s.io', version: 'v1', resource: 'priorityclasses', namespaced: false },
    '',
    name,
  );
  const events = await eventsFor(ctx, pc, 'PriorityClass');
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${nameOf(pc)}\n`);
    w.write(LEVEL_0, `Value:\t${int(pc, 'value')}\n`);
    w.write(LEVEL_0, `GlobalDefault:\t${bool(pc, 'globalDefault')}\n`);
    w.write(LEVEL_0, `PreemptionPolicy:\t${str(pc, 'preemptionPolicy')}\n`);
    w.write(LEVEL_0, `Description:\t${str(pc, 'description')}\n`);
    w.write(LEVEL_0, `Annotations:\t${formatLabelMap(annotationsOf(pc))}\n`);
    if (events !== null) describeEvents(events, w, ctx.now);
  });
};
