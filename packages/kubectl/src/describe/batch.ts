// Describers for batch/v1: Jobs and CronJobs.
import { CORE, getObject } from '../resource/rest.js';
import { parseTime, rfc1123z, humanDuration } from '../go/time.js';
import { at, bool, controllerOf, has, int, map, maps, str } from '../go/obj.js';
import type { GoValue } from '../go/value.js';
import {
  annotationsOf,
  describeEvents,
  labelsOf,
  nameOf,
  namespaceOf,
  printAnnotationsMultiline,
  printLabelsMultiline,
  selectorString,
  printBoolPtr,
} from './common.js';
import { describePodTemplate } from './pod.js';
import { LEVEL_0, tabbedString } from './writer.js';
import type { Describer } from './related.js';
import { eventsFor } from './related.js';

function capIndexes(indexes: string, softLimit: number): string {
  if (indexes.length === 0) return '<none>';
  let ix = softLimit;
  for (; ix < indexes.length; ix++) if (indexes[ix] === ',') break;
  if (ix >= indexes.length) return indexes;
  return indexes.slice(0, ix + 1) + '...';
}

function jobSelector(sel: GoValue | undefined): string {
  const s = selectorString(sel);
  if (s !== null) return s;
  const bad = maps(sel, 'matchExpressions').find(
    (e) => !['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(str(e, 'operator')),
  );
  return `Failed to get selector: "${str(bad, 'operator')}" is not a valid label selector operator`;
}

export const describeJob: Describer = async (ctx, namespace, name) => {
  const job = await getObject(ctx.kube, CORE.jobs, namespace, name);
  const events = await eventsFor(ctx, job, 'Job');
  return tabbedString((w) => {
    const spec = map(job, 'spec');
    const status = map(job, 'status');
    w.write(LEVEL_0, `Name:\t${nameOf(job)}\n`);
    w.write(LEVEL_0, `Namespace:\t${namespaceOf(job)}\n`);
    const sel = jobSelector(at(spec, 'selector'));
    w.write(
      LEVEL_0,
      sel.startsWith('Failed to get selector') ? `Selector:\t${sel}\n` : `Selector:\t${sel}\n`,
    );
    printLabelsMultiline(w, 'Labels', labelsOf(job));
    printAnnotationsMultiline(w, 'Annotations', annotationsOf(job));
    const ctrl = controllerOf(job);
    if (ctrl) w.write(LEVEL_0, `Controlled By:\t${str(ctrl, 'kind')}/${str(ctrl, 'name')}\n`);
    if (has(spec, 'parallelism')) w.write(LEVEL_0, `Parallelism:\t${int(spec, 'parallelism')}\n`);
    w.write(
      LEVEL_0,
      has(spec, 'completions')
        ? `Completions:\t${int(spec, 'completions')}\n`
        : 'Completions:\t<unset>\n',
    );
    if (has(spec, 'completionMode'))
      w.write(LEVEL_0, `Completion Mode:\t${str(spec, 'completionMode')}\n`);
    if (has(spec, 'suspend')) w.write(LEVEL_0, `Suspend:\t${bool(spec, 'suspend')}\n`);
    if (has(spec, 'backoffLimit'))
      w.write(LEVEL_0, `Backoff Limit:\t${int(spec, 'backoffLimit')}\n`);
    if (has(spec, 'ttlSecondsAfterFinished'))
      w.write(LEVEL_0, `TTL Seconds After Finished:\t${int(spec, 'ttlSecondsAfterFinished')}\n`);
    const start = parseTime(at(status, 'startTime'));
    const completion = parseTime(at(status, 'completionTime'));
    if (start !== null) w.write(LEVEL_0, `Start Time:\t${rfc1123z(start)}\n`);
    if (completion !== null) w.write(LEVEL_0, `Completed At:\t${rfc1123z(completion)}\n`);
    if (start !== null && completion !== null)
      w.write(LEVEL_0, `Duration:\t${humanDuration(completion - start)}\n`);
    if (has(spec, 'activeDeadlineSeconds'))
      w.write(LEVEL_0, `Active Deadline Seconds:\t${int(spec, 'activeDeadlineSeconds')}s\n`);
    if (!has(status, 'ready'))
      w.write(
        LEVEL_0,
        `Pods Statuses:\t${int(status, 'active')} Active / ${int(status, 'succeeded')} Succeeded / ${int(status, 'failed')} Failed\n`,
      );
    else
      w.write(
        LEVEL_0,
        `Pods Statuses:\t${int(status, 'active')} Active (${int(status, 'ready')} Ready) / ${int(status, 'succeeded')} Succeeded / ${int(status, 'failed')} Failed\n`,
      );
    if (str(spec, 'completionMode') === 'Indexed')
      w.write(LEVEL_0, `Completed Indexes:\t${capIndexes(str(status, 'completedIndexes'), 50)}\n`);
    describePodTemplate(map(spec, 'template') ?? new Map(), w);
    if (events !== null) describeEvents(events, w, ctx.now);
  });
};

export const describeCronJob: Describer = async (ctx, namespace, name) => {
  const cj = await getObject(ctx.kube, CORE.cronjobs, namespace, name);
  const events = await eventsFor(ctx, cj, 'CronJob');
  return tabbedString((w) => {
    const spec = map(cj, 'spec');
    w.write(LEVEL_0, `Name:\t${nameOf(cj)}\n`);
    w.write(LEVEL_0, `Namespace:\t${namespaceOf(cj)}\n`);
    printLabelsMultiline(w, 'Labels', labelsOf(cj));
    printAnnotationsMultiline(w, 'Annotations', annotationsOf(cj));
    w.write(LEVEL_0, `Schedule:\t${str(spec, 'schedule')}\n`);
    w.write(LEVEL_0, `Concurrency Policy:\t${str(spec, 'concurrencyPolicy')}\n`);
    w.write(LEVEL_0, `Suspend:\t${printBoolPtr(at(spec, 'suspend'))}\n`);
    const opt = (field: string, title: string, suffix = ''): void => {
      w.write(
        LEVEL_0,
        has(spec, field) ? `${title}:\t${int(spec, field)}${suffix}\n` : `${title}:\t<unset>\n`,
      );
    };
    opt('successfulJobsHistoryLimit', 'Successful Job History Limit');
    opt('failedJobsHistoryLimit', 'Failed Job History Limit');
    opt('startingDeadlineSeconds', 'Starting Deadline Seconds', 's');
    const jt = map(spec, 'jobTemplate', 'spec');
    w.write(
      LEVEL_0,
      has(jt, 'selector')
        ? `Selector:\t${jobSelector(at(jt, 'selector'))}\n`
        : 'Selector:\t<unset>\n',
    );
    w.write(
      LEVEL_0,
      has(jt, 'parallelism')
        ? `Parallelism:\t${int(jt, 'parallelism')}\n`
        : 'Parallelism:\t<unset>\n',
    );
    w.write(
      LEVEL_0,
      has(jt, 'completions')
        ? `Completions:\t${int(jt, 'completions')}\n`
        : 'Completions:\t<unset>\n',
    );
    if (has(jt, 'activeDeadlineSeconds'))
      w.write(LEVEL_0, `Active Deadline Seconds:\t${int(jt, 'activeDeadlineSeconds')}s\n`);
    describePodTemplate(map(jt, 'template') ?? new Map(), w);
    const last = parseTime(at(cj, 'status', 'lastScheduleTime'));
    w.write(
      LEVEL_0,
      last !== null ? `Last Schedule Time:\t${rfc1123z(last)}\n` : 'Last Schedule Time:\t<unset>\n',
    );
    const active = maps(cj, 'status', 'active');
    w.write(LEVEL_0, 'Active Jobs:\t');
    if (active.length === 0) w.writeLine('<none>');
    else {
      active.forEach((j, i) => {
        if (i !== 0) w.write(LEVEL_0, ', ');
        w.write(LEVEL_0, str(j, 'name'));
      });
      w.writeLine('');
    }
    if (events !== null) describeEvents(events, w, ctx.now);
  });
};
