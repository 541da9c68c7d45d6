// The HorizontalPodAutoscaler describer (autoscaling/v2, falling back to v1), metrics included.
import { CORE, RequestFailed, getObject } from '../resource/rest.js';
import { parseTime, rfc1123z } from '../go/time.js';
import { at, has, int, map, maps, str } from '../go/obj.js';
import { quantityOrZero, quantityString } from '../go/quantity.js';
import type { GoMap, GoValue } from '../go/value.js';
import {
  annotationsOf,
  describeEvents,
  labelsOf,
  nameOf,
  namespaceOf,
  printAnnotationsMultiline,
  printLabelsMultiline,
} from './common.js';
import type { PrefixWriter } from './writer.js';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, tabbedString } from './writer.js';
import type { Describer } from './related.js';
import { eventsFor } from './related.js';

function describeMetric(w: PrefixWriter, metric: GoMap, current: GoMap | undefined): void {
  const q = (v: GoValue | undefined): string => quantityString(quantityOrZero(v));
  const type = str(metric, 'type');
  switch (type) {
    case 'External': {
      const mname = JSON.stringify(str(metric, 'external', 'metric', 'name'));
      if (has(metric, 'external', 'target', 'averageValue')) {
        const cur = has(current, 'external', 'current', 'averageValue')
          ? q(at(current, 'external', 'current', 'averageValue'))
          : '<unknown>';
        w.write(
          LEVEL_1,
          `${mname} (target average value):\t${cur} / ${q(at(metric, 'external', 'target', 'averageValue'))}\n`,
        );
      } else {
        const cur = has(current, 'external')
          ? q(at(current, 'external', 'current', 'value'))
          : '<unknown>';
        w.write(
          LEVEL_1,
          `${mname} (target value):\t${cur} / ${q(at(metric, 'external', 'target', 'value'))}\n`,
        );
      }
      return;
    }
    case 'Pods': {
      const cur = has(current, 'pods')
        ? q(at(current, 'pods', 'current', 'averageValue'))
        : '<unknown>';
      w.write(
        LEVEL_1,
        `${JSON.stringify(str(metric, 'pods', 'metric', 'name'))} on pods:\t${cur} / ${q(at(metric, 'pods', 'target', 'averageValue'))}\n`,
      );
      return;
    }
    case 'Object': {
      w.write(
        LEVEL_1,
        `"${str(metric, 'object', 'metric', 'name')}" on ${str(metric, 'object', 'describedObject', 'kind')}/${str(metric, 'object', 'describedObject', 'name')} `,
      );
      if (str(metric, 'object', 'target', 'type') === 'AverageValue') {
        const cur = has(current, 'object')
          ? q(at(current, 'object', 'current', 'averageValue'))
          : '<unknown>';
        w.write(
          LEVEL_0,
          `(target average value):\t${cur} / ${q(at(metric, 'object', 'target', 'averageValue'))}\n`,
        );
      } else {
        const cur = has(current, 'object')
          ? q(at(current, 'object', 'current', 'value'))
          : '<unknown>';
        w.write(
          LEVEL_0,
          `(target value):\t${cur} / ${q(at(metric, 'object', 'target', 'value'))}\n`,
        );
      }
      return;
    }
    case 'Resource':
    case 'ContainerResource': {
      const key = type === 'Resource' ? 'resource' : 'containerResource';
      if (type === 'Resource') w.write(LEVEL_1, `resource ${str(metric, key, 'name')} on pods`);
      else
        w.write(
          LEVEL_1,
          `resource ${str(metric, key, 'name')} of container "${str(metric, key, 'container')}" on pods`,
        );
      if (has(metric, key, 'target', 'averageValue')) {
        const cur = has(current, key)
          ? q(at(current, key, 'current', 'averageValue'))
          : '<unknown>';
        w.write(LEVEL_0, `:\t${cur} / ${q(at(metric, key, 'target', 'averageValue'))}\n`);
      } else {
        const cur =
          has(current, key) && has(current, key, 'current', 'averageUtilization')
            ? `${int(current, key, 'current', 'averageUtilization')}% (${q(at(current, key, 'current', 'averageValue'))})`
            : '<unknown>';
        const target = has(metric, key, 'target', 'averageUtilization')
          ? `${int(metric, key, 'target', 'averageUtilization')}%`
          : '<auto>';
        w.write(LEVEL_1, `(as a percentage of request):\t${cur} / ${target}\n`);
      }
      return;
    }
    default:
      w.write(LEVEL_1, `<unknown metric type ${JSON.stringify(type)}>\n`);
  }
}

export const describeHpa: Describer = async (ctx, namespace, name) => {
  let hpa: GoMap;
  let v2 = true;
  try {
    hpa = await getObject(ctx.kube, CORE.hpaV2, namespace, name);
  } catch (err) {
    if (!(err instanceof RequestFailed)) throw err;
    hpa = await getObject(ctx.kube, CORE.hpaV1, namespace, name);
    v2 = false;
  }
  const events = await eventsFor(ctx, hpa, 'HorizontalPodAutoscaler');
  return tabbedString((w) => {
    const spec = map(hpa, 'spec');
    w.write(LEVEL_0, `Name:\t${nameOf(hpa)}\n`);
    w.write(LEVEL_0, `Namespace:\t${namespaceOf(hpa)}\n`);
    printLabelsMultiline(w, 'Labels', labelsOf(hpa));
    printAnnotationsMultiline(w, 'Annotations', annotationsOf(hpa));
    w.write(
      LEVEL_0,
      `CreationTimestamp:\t${rfc1123z(parseTime(at(hpa, 'metadata', 'creationTimestamp')))}\n`,
    );
    w.write(
      LEVEL_0,
      `Reference:\t${str(spec, 'scaleTargetRef', 'kind')}/${str(spec, 'scaleTargetRef', 'name')}\n`,
    );
    if (v2) {
      w.write(LEVEL_0, 'Metrics:\t( current / target )\n');
      const current = maps(hpa, 'status', 'currentMetrics');
      maps(spec, 'metrics').forEach((m, i) => describeMetric(w, m, current[i]));
    } else if (has(spec, 'targetCPUUtilizationPercentage')) {
      w.write(
        LEVEL_0,
        `Target CPU utilization:\t${int(spec, 'targetCPUUtilizationPercentage')}%\n`,
      );
      const cur = has(hpa, 'status', 'currentCPUUtilizationPercentage')
        ? String(int(hpa, 'status', 'currentCPUUtilizationPercentage'))
        : '<unknown>';
      w.write(LEVEL_0, `Current CPU utilization:\t${cur}%\n`);
    }
    w.write(
      LEVEL_0,
      `Min replicas:\t${has(spec, 'minReplicas') ? int(spec, 'minReplicas') : '<unset>'}\n`,
    );
    w.write(LEVEL_0, `Max replicas:\t${int(spec, 'maxReplicas')}\n`);
    if (v2 && has(spec, 'behavior')) {
      w.write(LEVEL_0, 'Behavior:\n');
      for (const [dir, title] of [
        ['scaleUp', 'Scale Up'],
        ['scaleDown', 'Scale Down'],
      ] as const) {
        const rules = map(spec, 'behavior', dir);
        if (!rules) continue;
        w.write(LEVEL_1, `${title}:\n`);
        if (has(rules, 'stabilizationWindowSeconds'))
          w.write(
            LEVEL_2,
            `Stabilization Window: ${int(rules, 'stabilizationWindowSeconds')} seconds\n`,
          );
        const policies = maps(rules, 'policies');
        if (policies.length > 0) {
          w.write(
            LEVEL_2,
            `Select Policy: ${has(rules, 'selectPolicy') ? str(rules, 'selectPolicy') : 'Max'}\n`,
          );
          w.write(LEVEL_2, 'Policies:\n');
          for (const p of policies)
            w.write(
              LEVEL_3,
              `- Type: ${str(p, 'type')}\tValue: ${int(p, 'value')}\tPeriod: ${int(p, 'periodSeconds')} seconds\n`,
            );
        }
      }
    }
    w.write(LEVEL_0, `${str(spec, 'scaleTargetRef', 'kind')} pods:\t`);
    w.write(
      LEVEL_0,
      `${int(hpa, 'status', 'currentReplicas')} current / ${int(hpa, 'status', 'desiredReplicas')} desired\n`,
    );
    const conditions = maps(hpa, 'status', 'conditions');
    if (v2 && conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t------\t-------\n');
      for (const c of conditions)
        w.write(
          LEVEL_1,
          `${str(c, 'type')}\t${str(c, 'status')}\t${str(c, 'reason')}\t${str(c, 'message')}\n`,
        );
    }
    if (events !== null) describeEvents(events, w, ctx.now);
  });
};
