// HorizontalPodAutoscaler rows as the apiserver prints them (printHorizontalPodAutoscaler, formatHPAMetrics).
import type {
  HorizontalPodAutoscaler,
  KubeObject,
  MetricSpec,
  MetricStatus,
  MetricTarget,
  MetricValueStatus,
} from '../types.js';
import { AGE_COLUMN, NAME_COLUMN, column } from './columns.js';
import { timestampSince } from './duration.js';
import type { Cell, Printer } from './printer.js';

const MAX_METRICS = 2;
const UNKNOWN = '<unknown>';

/** A target or current value "averageValue (avg)" or "value", for object and external metrics. */
function valueOrAverage(
  target: MetricTarget,
  current: MetricValueStatus | undefined,
  found: boolean,
): string {
  if (target.averageValue !== undefined) {
    const now = found && current?.averageValue !== undefined ? current.averageValue : UNKNOWN;
    return `${now}/${target.averageValue} (avg)`;
  }
  const now = found ? (current?.value ?? '0') : UNKNOWN;
  return `${now}/${target.value ?? '0'}`;
}

/** A resource metric: "cpu: 45%/70%", or "memory: 200Mi/500Mi" for an average value target. */
function resourceMetric(
  name: string,
  target: MetricTarget,
  current: MetricValueStatus | undefined,
  found: boolean,
): string {
  if (target.averageValue !== undefined) {
    const now = found ? (current?.averageValue ?? '0') : UNKNOWN;
    return `${name}: ${now}/${target.averageValue}`;
  }
  const now =
    found && current?.averageUtilization !== undefined ? `${current.averageUtilization}%` : UNKNOWN;
  const goal = target.averageUtilization !== undefined ? `${target.averageUtilization}%` : '<auto>';
  return `${name}: ${now}/${goal}`;
}

export function hpaTargets(
  specs: MetricSpec[] | undefined,
  statuses: MetricStatus[] | undefined,
): string {
  const list = specs ?? [];
  if (list.length === 0) return '<none>';
  const status = statuses ?? [];
  const out = list.map((spec, i) => {
    const s = status[i];
    switch (spec.type) {
      case 'External':
        return valueOrAverage(
          spec.external?.target ?? {},
          s?.external?.current,
          s?.external !== undefined,
        );
      case 'Pods': {
        const now = s?.pods ? (s.pods.current.averageValue ?? '0') : UNKNOWN;
        return `${now}/${spec.pods?.target.averageValue ?? '0'}`;
      }
      case 'Object':
        return valueOrAverage(
          spec.object?.target ?? {},
          s?.object?.current,
          s?.object !== undefined,
        );
      case 'Resource':
        return resourceMetric(
          spec.resource?.name ?? '',
          spec.resource?.target ?? {},
          s?.resource?.current,
          s?.resource !== undefined,
        );
      case 'ContainerResource':
        return resourceMetric(
          spec.containerResource?.name ?? '',
          spec.containerResource?.target ?? {},
          s?.containerResource?.current,
          s?.containerResource !== undefined,
        );
      default:
        return '<unknown type>';
    }
  });
  if (out.length > MAX_METRICS) {
    return `${out.slice(0, MAX_METRICS).join(', ')} + ${out.length - MAX_METRICS} more...`;
  }
  return out.join(', ');
}

export const horizontalPodAutoscalerPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Reference', 'string', 'The target resource to scale.'),
    column('Targets', 'string', 'The metrics used to calculate the desired replica count.'),
    column('MinPods', 'string', 'The lower limit for the number of replicas.'),
    column('MaxPods', 'string', 'The upper limit for the number of replicas.'),
    column(
      'Replicas',
      'string',
      'The current number of replicas of pods managed by this autoscaler.',
    ),
    AGE_COLUMN,
  ],
  cells(object: KubeObject, now: Date): Cell[] {
    const hpa = object as HorizontalPodAutoscaler;
    const spec = hpa.spec ?? {};
    return [
      hpa.metadata.name,
      `${spec.scaleTargetRef?.kind ?? ''}/${spec.scaleTargetRef?.name ?? ''}`,
      hpaTargets(spec.metrics, hpa.status?.currentMetrics),
      spec.minReplicas !== undefined ? String(spec.minReplicas) : '<unset>',
      spec.maxReplicas ?? 0,
      hpa.status?.currentReplicas ?? 0,
      timestampSince(hpa.metadata.creationTimestamp, now),
    ];
  },
};
