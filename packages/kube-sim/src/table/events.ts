// Event rows as the apiserver prints them (printEvent): LAST SEEN from series/last/first/eventTime, kind/name target.
import type { Event, KubeObject } from '../types.js';
import { NAME_COLUMN, column } from './columns.js';
import { timestampSince } from './duration.js';
import type { Cell, Printer } from './printer.js';

export const eventColumns = [
  column(
    'Last Seen',
    'string',
    'The time at which the most recent occurrence of this event was recorded.',
  ),
  column(
    'Type',
    'string',
    'Type of this event (Normal, Warning), new types could be added in the future',
  ),
  column(
    'Reason',
    'string',
    "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
  ),
  column('Object', 'string', 'The object that this event is about.'),
  column(
    'Subobject',
    'string',
    'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For example, if the object reference is to a container within a pod, this would take on a value like: "spec.containers{name}" (where "name" refers to the name of the container that triggered the event) or if no container name is specified "spec.containers[2]" (container with index 2 in this pod). This syntax is chosen only to have some well-defined way of referencing a part of an object.',
    1,
  ),
  column(
    'Source',
    'string',
    'The component reporting this event. Should be a short machine understandable string.',
    1,
  ),
  column('Message', 'string', 'A human-readable description of the status of this operation.'),
  column(
    'First Seen',
    'string',
    'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)',
    1,
  ),
  column('Count', 'string', 'The number of times this event has occurred.', 1),
  { ...NAME_COLUMN, priority: 1 },
];

/** formatEventSource: component (or reportingController), then ", host" (or reportingInstance) when set. */
export function eventSource(event: Event): string {
  const component = event.source?.component || event.reportingComponent || '';
  const instance = event.source?.host || event.reportingInstance || '';
  return instance ? `${component}, ${instance}` : component;
}

function eventCells(object: KubeObject, now: Date): Cell[] {
  const event = object as Event;
  let firstSeen = timestampSince(event.firstTimestamp, now);
  if (!event.firstTimestamp) firstSeen = timestampSince(event.eventTime, now);
  let lastSeen = timestampSince(event.lastTimestamp, now);
  if (!event.lastTimestamp) lastSeen = firstSeen;
  let count = event.count ?? 0;
  if (event.series) {
    lastSeen = timestampSince(event.series.lastObservedTime, now);
    count = event.series.count ?? 0;
  } else if (count === 0) {
    count = 1; // singleton events from the events.k8s.io API carry no count
  }
  const involved = event.involvedObject ?? {};
  const kind = (involved.kind ?? '').toLowerCase();
  const target = involved.name ? `${kind}/${involved.name}` : kind;
  return [
    lastSeen,
    event.type ?? '',
    event.reason ?? '',
    target,
    involved.fieldPath ?? '',
    eventSource(event),
    (event.message ?? '').trim(),
    firstSeen,
    count,
    event.metadata.name,
  ];
}

export const eventPrinter: Printer = { columns: eventColumns, cells: eventCells };
