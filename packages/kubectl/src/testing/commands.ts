// Random kubectl commands over every flag of every read verb, in the spellings users type, for the policy to judge and the renderer to run.
import fc from 'fast-check';

/** A flag with its value, kept together when flags are shuffled. */
type Unit = string[];

const label = fc.stringMatching(/^[a-z][-a-z0-9]{0,8}[a-z0-9]$/);
/** Names the built-in kube-sim cluster has, and names it does not. */
const name = fc.oneof(
  fc.constantFrom('web', 'api', 'missing', 'web-7c5ddbdf54-2xkqp', 'redis', 'kube-proxy', 'cp-1'),
  label,
);
const namespace = fc.oneof(fc.constantFrom('default', 'shop', 'kube-system', 'nope'), label);
const labelSelector = fc.constantFrom(
  'app=web',
  'app==web',
  'app!=web',
  'app in (web,api)',
  'tier notin (a)',
  '!canary',
  'app,tier',
);
const fieldSelector = fc.constantFrom(
  'status.phase=Running',
  'metadata.name=web',
  'metadata.namespace!=default',
  'spec.nodeName==worker-1',
);
const count = fc.integer({ min: 0, max: 2000 });

/** A flag that may be absent: `[]` or its unit. */
const maybe = (unit: fc.Arbitrary<Unit>): fc.Arbitrary<Unit> =>
  fc.oneof({ weight: 2, arbitrary: fc.constant<Unit>([]) }, { weight: 1, arbitrary: unit });
/** A boolean flag as users write it. */
const bool = (flag: string): fc.Arbitrary<Unit> =>
  maybe(fc.constantFrom([`--${flag}`], [`--${flag}=true`], [`--${flag}=false`]));
/** A value flag, `--flag v` or `--flag=v`. */
const valued = (flag: string, value: fc.Arbitrary<string>): fc.Arbitrary<Unit> =>
  maybe(value.chain((v) => fc.constantFrom([flag, v], [`${flag}=${v}`])));
const nsOrAll = fc.oneof(
  valued('-n', namespace),
  fc.constantFrom<Unit>(['-A'], ['--all-namespaces']),
);

/** head, positionals, then the flag units in a random order. */
function command(
  head: string[],
  positionals: fc.Arbitrary<string[]>,
  units: Array<fc.Arbitrary<Unit>>,
): fc.Arbitrary<string[]> {
  return fc.tuple(positionals, fc.tuple(...units)).chain(([pos, flags]) =>
    fc
      .shuffledSubarray(
        flags.filter((u) => u.length > 0),
        { minLength: flags.filter((u) => u.length > 0).length },
      )
      .map((shuffled) => [...head, ...pos, ...shuffled.flat()]),
  );
}

const OBJECT_TYPES = [
  'pods',
  'po',
  'pod',
  'Pod',
  'deploy',
  'deployments.apps',
  'svc',
  'services',
  'nodes',
  'no',
  'ns',
  'events',
  'ev',
  'rs',
  'all',
  'cm',
  'jobs',
  'cronjobs',
  'hpa',
  'ingress',
  'pvc',
  'pv',
  'sa',
  'sts',
  'ds',
  'crd',
  'storageclass',
  'netpol',
  'roles',
  'clusterroles',
  'endpointslices',
  'limits',
  'quota',
  'pdb',
];
const objectType = fc.constantFrom(...OBJECT_TYPES);

const types = fc
  .uniqueArray(objectType, { minLength: 1, maxLength: 3 })
  .map((list) => [list.join(',')]);
/** `TYPE[,TYPE] NAME...` or `TYPE/NAME...`. */
const named = fc.oneof(
  fc
    .tuple(types, fc.array(name, { minLength: 1, maxLength: 2 }))
    .map(([list, names]) => [...list, ...names]),
  fc
    .array(
      fc.tuple(
        objectType.filter((t) => t !== 'all'),
        name,
      ),
      { minLength: 1, maxLength: 3 },
    )
    .map((pairs) => pairs.map(([t, n]) => `${t}/${n}`)),
);

const sortPath = fc.constantFrom(
  '.metadata.name',
  '.metadata.creationTimestamp',
  '.status.containerStatuses[0].restartCount',
  '{.spec.nodeName}',
  '.metadata.nope',
);

/** get's printer flags; --show-labels only with the table printers, as kubectl requires. */
const printing = fc.oneof(
  fc.tuple(
    valued('-o', fc.constantFrom('json', 'yaml', 'name', 'JSON')),
    bool('show-managed-fields'),
  ),
  fc.tuple(valued('-o', fc.constant('wide')), bool('show-labels')),
  fc.tuple(
    valued(
      '-o',
      fc.constantFrom(
        'jsonpath={.items[*].metadata.name}',
        'jsonpath={.metadata.name} {.kind}',
        'jsonpath={range .items[*]}{.metadata.name}{"\\n"}{end}',
        'jsonpath={.spec.nope}',
        'jsonpath={.items[',
        'jsonpath-as-json={..name}',
        'custom-columns=NAME:.metadata.name,KIND:.kind',
        'custom-columns=N:{.metadata.name},X:.spec.containers[*].image',
        'custom-columns=NAME',
      ),
    ),
    bool('allow-missing-template-keys'),
  ),
);
const getFlags = [
  bool('no-headers'),
  valued('-L', fc.constantFrom('app', 'app,tier', 'kubernetes.io/hostname')),
  valued('--sort-by', sortPath),
  bool('show-kind'),
  bool('ignore-not-found'),
];

/** Objects by name (in one namespace), or every object of some types (selected, anywhere). */
const get = fc.oneof(
  printing.chain(([o, p]) =>
    command(['get'], named, [valued('-n', namespace), fc.constant(o), fc.constant(p), ...getFlags]),
  ),
  printing.chain(([o, p]) =>
    command(['get'], types, [
      maybe(nsOrAll),
      valued('-l', labelSelector),
      valued('--field-selector', fieldSelector),
      fc.constant(o),
      fc.constant(p),
      ...getFlags,
    ]),
  ),
);

const describe = fc.oneof(
  command(['describe'], named, [valued('-n', namespace), bool('show-events')]),
  command(['describe'], types, [maybe(nsOrAll), valued('-l', labelSelector), bool('show-events')]),
);

const duration = fc.constantFrom('1s', '90s', '5m', '1h', '1h30m', '48h', '2h0m3s');
/** Go RFC 3339 times across the calendar, with and without fractions and offsets. */
const rfc3339 = fc
  .tuple(
    fc.integer({
      min: Date.parse('0000-01-01T00:00:00Z'),
      max: Date.parse('9999-12-31T23:59:59Z'),
    }),
    fc.constantFrom('', '.5', '.123', '.123456789'),
    fc.constantFrom('Z', '+00:00', '+05:30', '-08:00', '+23:59', '-23:59'),
  )
  .map(([ms, fraction, offset]) => {
    const minutes =
      offset === 'Z'
        ? 0
        : (offset[0] === '-' ? -1 : 1) *
          (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4)));
    const local = new Date(ms + minutes * 60_000).toISOString();
    return `${local.slice(0, 19)}${fraction}${offset}`;
  })
  .filter((t) => /^\d{4}-/.test(t));

const containerFlag = fc.constantFrom('nginx', 'app', 'wait-for-db');
/** At most one of --since and --since-time. */
const window = fc.oneof(valued('--since', duration), valued('--since-time', rfc3339));
const logFlags = [
  valued('-n', namespace),
  bool('all-pods'),
  maybe(fc.constantFrom(['-p'], ['--previous'])),
  bool('prefix'),
  bool('timestamps'),
  window,
  valued('--tail', count.map(String)),
  valued('--limit-bytes', count.map(String)),
];
/** -c or --all-containers, not both. */
const containers = fc.oneof(valued('-c', containerFlag), bool('all-containers'));
const logTarget = fc.oneof(
  name.map((n) => [n]),
  fc
    .tuple(
      fc.constantFrom('pod', 'deploy', 'deployment', 'sts', 'ds', 'job', 'svc', 'rs', 'rc'),
      name,
    )
    .map(([t, n]) => [`${t}/${n}`]),
);
const logs = fc.oneof(
  command(['logs'], logTarget, [containers, ...logFlags]),
  command(['logs'], fc.tuple(name, containerFlag), logFlags),
  command(['logs'], fc.constant<string[]>([]), [
    labelSelector.map((l) => ['-l', l]),
    containers,
    ...logFlags,
  ]),
);

const eventsFor = fc
  .tuple(fc.constantFrom('pod', 'Pod', 'deploy', 'node', 'Node', 'svc', 'jobs.batch'), name)
  .map(([t, n]) => `${t}/${n}`);
const events = command(['events'], fc.constant<string[]>([]), [
  maybe(nsOrAll),
  valued('--for', eventsFor),
  valued('--types', fc.constantFrom('Normal', 'Warning', 'warning,Normal', 'Normal,Normal')),
  valued('-o', fc.constantFrom('json', 'yaml', 'name')),
  bool('no-headers'),
]);

const sortByUsage = valued('--sort-by', fc.constantFrom('cpu', 'memory'));
const topPodFlags = [
  sortByUsage,
  bool('containers'),
  bool('sum'),
  bool('no-headers'),
  bool('show-swap'),
];
const topPod = fc.constantFrom('pod', 'pods', 'po').chain((sub) =>
  fc.oneof(
    command(
      ['top', sub],
      name.map((n) => [n]),
      [valued('-n', namespace), ...topPodFlags],
    ),
    command(['top', sub], fc.constant<string[]>([]), [
      maybe(nsOrAll),
      valued('-l', labelSelector),
      valued('--field-selector', fieldSelector),
      ...topPodFlags,
    ]),
  ),
);
const topNodeFlags = [sortByUsage, bool('no-headers'), bool('show-capacity'), bool('show-swap')];
const topNode = fc.constantFrom('node', 'nodes', 'no').chain((sub) =>
  fc.oneof(
    command(
      ['top', sub],
      name.map((n) => [n]),
      topNodeFlags,
    ),
    command(['top', sub], fc.constant<string[]>([]), [
      valued('-l', labelSelector),
      ...topNodeFlags,
    ]),
  ),
);

const explained = fc.constantFrom(
  'pods',
  'pods.spec',
  'pod.spec.containers.resources',
  'po.spec.restartPolicy',
  'deploy.spec.strategy',
  'deployments.apps.spec',
  'svc.spec.type',
  'cronjobs.spec.jobTemplate',
  'hpa.v1.autoscaling',
  'nodes.status.conditions',
  'configmaps.data',
  'pods.spec.nope',
  'crd',
);
const explain = fc.oneof(
  command(
    ['explain'],
    explained.map((w) => [w]),
    [bool('recursive')],
  ),
  fc
    .constantFrom(
      ['pods.spec', 'v1'],
      ['deployments', 'apps/v1'],
      ['hpa.spec', 'autoscaling/v1'],
      ['cronjobs.spec.jobTemplate', 'batch/v1'],
      ['pods', 'apps/v1'],
    )
    .chain(([word, version]) =>
      command(['explain'], fc.constant([word]), [
        bool('recursive'),
        fc.constantFrom<Unit>(['--api-version', version], [`--api-version=${version}`]),
      ]),
    ),
);

const apiResources = command(['api-resources'], fc.constant<string[]>([]), [
  maybe(fc.constantFrom(['--namespaced'], ['--namespaced=true'], ['--namespaced=false'])),
  valued('--api-group', fc.constantFrom('', 'apps', 'batch', 'example.com')),
  valued('--verbs', fc.constantFrom('list', 'get,list', 'watch')),
  valued('--categories', fc.constantFrom('all', 'api-extensions')),
  valued('--sort-by', fc.constantFrom('name', 'kind')),
  valued('-o', fc.constantFrom('json', 'yaml', 'name', 'wide')),
  bool('no-headers'),
]);

const version = command(['version'], fc.constant<string[]>([]), [
  bool('client'),
  valued('-o', fc.constantFrom('json', 'yaml')),
]);

const clusterInfo = command(['cluster-info'], fc.constant<string[]>([]), [valued('-n', namespace)]);

const workload = fc.oneof(
  fc
    .tuple(fc.constantFrom('deploy', 'deployment', 'deployments.apps', 'sts', 'ds'), name)
    .map(([t, n]) => [`${t}/${n}`]),
  fc.tuple(fc.constantFrom('deployment', 'statefulset', 'daemonset'), name).map(([t, n]) => [t, n]),
);
const rollout = fc
  .constantFrom('history', 'status')
  .chain((sub) =>
    command(['rollout', sub], workload, [
      valued('-n', namespace),
      valued('--revision', fc.integer({ min: 0, max: 9 }).map(String)),
      sub === 'status' ? fc.constant<Unit>(['--watch=false']) : fc.constant<Unit>([]),
    ]),
  );

/** Commands of every read verb (and subcommand), by name. */
export const COMMANDS: Readonly<Record<string, fc.Arbitrary<string[]>>> = {
  get,
  describe,
  logs,
  events,
  'top pod': topPod,
  'top node': topNode,
  explain,
  'api-resources': apiResources,
  'api-versions': fc.constant(['api-versions']),
  version,
  'cluster-info': clusterInfo,
  rollout,
};
