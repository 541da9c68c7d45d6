// The PodDisruptionBudget describer (policy/v1).
import { getObject } from '../resource/rest.js';
import { at, has, int, intOrString } from '../go/obj.js';
import { describeEvents, formatLabelSelector, nameOf, namespaceOf } from './common.js';
import { LEVEL_0, LEVEL_2, tabbedString } from './writer.js';
import type { Describer } from './related.js';
import { eventsFor } from './related.js';

export const describePdb: Describer = async (ctx, namespace, name) => {
  const pdb = await getObject(
    ctx.kube,
    { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets', namespaced: true },
    namespace,
    name,
  );
  const events = await eventsFor(ctx, pdb, 'PodDisruptionBudget');
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${nameOf(pdb)}\n`);
    w.write(LEVEL_0, `Namespace:\t${namespaceOf(pdb)}\n`);
    if (has(pdb, 'spec', 'minAvailable'))
      w.write(LEVEL_0, `Min available:\t${intOrString(pdb, 'spec', 'minAvailable')}\n`);
    else if (has(pdb, 'spec', 'maxUnavailable'))
      w.write(LEVEL_0, `Max unavailable:\t${intOrString(pdb, 'spec', 'maxUnavailable')}\n`);
    w.write(
      LEVEL_0,
      has(pdb, 'spec', 'selector')
        ? `Selector:\t${formatLabelSelector(at(pdb, 'spec', 'selector'))}\n`
        : 'Selector:\t<unset>\n',
    );
    w.write(LEVEL_0, 'Status:\n');
    w.write(LEVEL_2, `Allowed disruptions:\t${int(pdb, 'status', 'disruptionsAllowed')}\n`);
    w.write(LEVEL_2, `Current:\t${int(pdb, 'status', 'currentHealthy')}\n`);
    w.write(LEVEL_2, `Desired:\t${int(pdb, 'status', 'desiredHealthy')}\n`);
    w.write(LEVEL_2, `Total:\t${int(pdb, 'status', 'expectedPods')}\n`);
    if (events !== null) describeEvents(events, w, ctx.now);
  });
};
