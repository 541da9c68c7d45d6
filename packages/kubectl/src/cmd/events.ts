// runEvents: kubectl events — core/v1 events, filtered by --for and --types, oldest first (no --watch).
import type { EventsRequest } from '@porthole/policy';
import { CORE, RequestFailed, listItems } from '../resource/rest.js';
import { eventInterval } from '../describe/common.js';
import { Discovery, DiscoveryError } from '../resource/discovery.js';
import { checkErrText, plainError } from '../resource/errors.js';
import { goSort } from '../go/sort.js';
import { parseTime } from '../go/time.js';
import { at, has, str } from '../go/obj.js';
import type { GoMap } from '../go/value.js';
import { goMap } from '../go/value.js';
import { marshalIndentOrdered } from '../printers/json.js';
import { escapeTerminal } from '../printers/table.js';
import { TabWriter } from '../printers/tabwriter.js';
import { toKubectlYaml } from '../printers/yaml.js';
import { typedEvent } from '../go/typed.js';
import type { CommandOutput, RunOptions } from '../types.js';
import type { KubeGet } from '../resource/client.js';

const fail = (text: string): CommandOutput => ({ stdout: '', stderr: text, exitCode: 1 });

/** The time `kubectl events` sorts by: series, then lastTimestamp, then eventTime. */
function eventTime(e: GoMap): number {
  const zero = -62135596800000;
  if (has(e, 'series')) return parseTime(at(e, 'series', 'lastObservedTime')) ?? zero;
  const last = parseTime(at(e, 'lastTimestamp'));
  if (last !== null) return last;
  return parseTime(at(e, 'eventTime')) ?? zero;
}

/** fields.OneTermEqualSelector(...).String(), values escaped. */
const term = (k: string, v: string): string =>
  `${k}=${v.replaceAll('\\', '\\\\').replaceAll(',', '\\,').replaceAll('=', '\\=')}`;

/** Runs `kubectl events` (never --watch). */
export async function runEvents(
  req: EventsRequest,
  kube: KubeGet,
  opts: RunOptions,
): Promise<CommandOutput> {
  const namespace = req.namespace ?? opts.defaultNamespace;
  const allNamespaces = req.allNamespaces;
  const now = (opts.now ?? Date.now)();

  let fieldSelector = '';
  if (req.for !== null) {
    const discovery = new Discovery(kube, opts.discoveryCache);
    let m;
    try {
      await discovery.load();
      m = await discovery.resolve(req.for.type);
    } catch (err) {
      if (!(err instanceof DiscoveryError)) throw err;
      // The REST mapper's NoResourceMatchError, which kubectl prints without "error: ".
      const arg = req.for.type.toLowerCase();
      const dot = arg.indexOf('.');
      const [resource, group] = dot >= 0 ? [arg.slice(0, dot), arg.slice(dot + 1)] : [arg, ''];
      return fail(
        group !== ''
          ? `the server doesn't have a resource type "${resource}" in group "${group}"\n`
          : `the server doesn't have a resource type "${resource}"\n`,
      );
    }
    const apiVersion = m.group === '' ? m.version : `${m.group}/${m.version}`;
    fieldSelector = [
      term('involvedObject.kind', m.kind),
      term('involvedObject.apiVersion', apiVersion),
      term('involvedObject.name', req.for.name),
    ].join(',');
  }
  const types = req.types;

  let events: GoMap[];
  try {
    events = await listItems(kube, CORE.events, allNamespaces ? '' : namespace, { fieldSelector });
  } catch (err) {
    if (err instanceof RequestFailed) return fail(checkErrText(err.error));
    throw err;
  }
  if (types.length > 0)
    events = events.filter((e) =>
      types.some((t) => t.toLowerCase() === str(e, 'type').toLowerCase()),
    );
  if (events.length === 0) {
    return {
      stdout: '',
      stderr: allNamespaces ? 'No events found.\n' : `No events found in ${namespace} namespace.\n`,
      exitCode: 0,
    };
  }
  goSort(events, (a, b) => eventTime(a) < eventTime(b));

  const output = req.output;
  if (output === 'json' || output === 'yaml') {
    const list = goMap([
      ['kind', 'EventList'],
      ['apiVersion', 'v1'],
      ['metadata', new Map()],
      ['items', events.map(typedEvent)],
    ]);
    if (output === 'json')
      return { stdout: `${marshalIndentOrdered(list)}\n`, stderr: '', exitCode: 0 };
    try {
      return { stdout: toKubectlYaml(list), stderr: '', exitCode: 0 };
    } catch (err) {
      if (!(err instanceof Error)) throw err;
      return fail(checkErrText(plainError(err.message)));
    }
  }
  // kubectl's name printer refuses a typed list and the error is dropped: nothing is printed.
  if (output === 'name') return { stdout: '', stderr: '', exitCode: 0 };
  let stdout = '';
  const w = new TabWriter((chunk) => {
    stdout += chunk;
  });
  if (!req.noHeaders)
    w.write(`${allNamespaces ? 'NAMESPACE\t' : ''}LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n`);
  for (const e of events) {
    const ns = allNamespaces ? `${str(e, 'metadata', 'namespace')}\t` : '';
    w.write(
      `${ns}${eventInterval(e, now)}\t${escapeTerminal(str(e, 'type'))}\t${escapeTerminal(str(e, 'reason'))}\t${escapeTerminal(str(e, 'involvedObject', 'kind'))}/${escapeTerminal(str(e, 'involvedObject', 'name'))}\t${escapeTerminal(str(e, 'message').trim())}\n`,
    );
  }
  w.flush();
  return { stdout, stderr: '', exitCode: 0 };
}
