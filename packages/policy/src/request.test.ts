// The typed request of allowed commands, per verb: command in, the exact request the agent runs.
import { describe, expect, it } from 'vitest';
import { evaluate } from './index.js';
import type {
  ApiResourcesRequest,
  DescribeRequest,
  EvaluateOptions,
  EventsRequest,
  ExplainRequest,
  GetRequest,
  KubectlRequest,
  LogsRequest,
  RolloutRequest,
  TopNodeRequest,
  TopPodRequest,
} from './index.js';
import { DISCOVERY } from './testing/discovery.js';
import type { Row } from './testing/harness.js';
import { checkRequest } from './testing/request-check.js';
import { ATTACK_ROWS } from './testing/rows-attacks.js';
import { GET_ROWS } from './testing/rows-get.js';
import { PIPE_ROWS } from './testing/rows-pipes.js';
import { POLICY_ROWS } from './testing/rows-policy.js';
import {
  DESCRIBE_ROWS,
  DISCOVERY_VERB_ROWS,
  EVENTS_ROWS,
  EXPLAIN_ROWS,
  LOGS_ROWS,
  ROLLOUT_ROWS,
  TOP_ROWS,
} from './testing/rows-verbs.js';

const OPTIONS: EvaluateOptions = { discovery: DISCOVERY };

// Each verb's request for its simplest command; rows below state only what differs.
const GET: GetRequest = {
  verb: 'get',
  resources: [{ type: 'pods', names: [] }],
  form: 'list',
  namespace: null,
  allNamespaces: false,
  labelSelector: null,
  fieldSelector: null,
  output: 'table',
  template: null,
  allowMissingTemplateKeys: true,
  showLabels: false,
  noHeaders: false,
  labelColumns: [],
  sortBy: null,
  showKind: false,
  ignoreNotFound: false,
  showManagedFields: false,
};
const DESCRIBE: DescribeRequest = {
  verb: 'describe',
  resources: [{ type: 'pods', names: [] }],
  form: 'list',
  namespace: null,
  allNamespaces: false,
  labelSelector: null,
  showEvents: true,
};
const LOGS: LogsRequest = {
  verb: 'logs',
  resource: { type: null, name: 'web-1' },
  namespace: null,
  labelSelector: null,
  container: null,
  allContainers: false,
  allPods: false,
  previous: false,
  prefix: false,
  timestamps: false,
  sinceSeconds: null,
  sinceTime: null,
  tailLines: 500,
  limitBytes: null,
};
const EVENTS: EventsRequest = {
  verb: 'events',
  namespace: null,
  allNamespaces: false,
  for: null,
  types: [],
  output: 'table',
  noHeaders: false,
};
const TOP_POD: TopPodRequest = {
  verb: 'top',
  subcommand: 'pod',
  name: null,
  namespace: null,
  allNamespaces: false,
  labelSelector: null,
  fieldSelector: null,
  sortBy: null,
  containers: false,
  sum: false,
  noHeaders: false,
  showSwap: false,
};
const TOP_NODE: TopNodeRequest = {
  verb: 'top',
  subcommand: 'node',
  name: null,
  labelSelector: null,
  sortBy: null,
  noHeaders: false,
  showCapacity: false,
  showSwap: false,
};
const EXPLAIN: ExplainRequest = {
  verb: 'explain',
  resource: 'pods',
  fields: [],
  recursive: false,
  apiVersion: null,
};
const API_RESOURCES: ApiResourcesRequest = {
  verb: 'api-resources',
  namespaced: null,
  apiGroup: null,
  verbs: [],
  categories: [],
  sortBy: null,
  output: 'table',
  noHeaders: false,
};
const ROLLOUT: RolloutRequest = {
  verb: 'rollout',
  subcommand: 'history',
  resource: { type: 'deployments.apps', name: 'web' },
  namespace: null,
  revision: 0,
};

type RequestRow = [command: string, request: KubectlRequest];

const TABLES: Record<string, RequestRow[]> = {
  get: [
    ['get pods', GET],
    [
      'get po web-1 web-2 -n prod',
      {
        ...GET,
        resources: [{ type: 'pods', names: ['web-1', 'web-2'] }],
        namespace: 'prod',
      },
    ],
    [
      'get deploy,svc web',
      {
        ...GET,
        resources: [
          { type: 'deployments.apps', names: ['web'] },
          { type: 'services', names: ['web'] },
        ],
      },
    ],
    [
      'get pod/a deploy/b -n x',
      {
        ...GET,
        resources: [
          { type: 'pods', names: ['a'] },
          { type: 'deployments.apps', names: ['b'] },
        ],
        form: 'slash',
        namespace: 'x',
      },
    ],
    ['get pod/a', { ...GET, resources: [{ type: 'pods', names: ['a'] }], form: 'slash' }],
    ['get Pod a', { ...GET, resources: [{ type: 'pods', names: ['a'] }] }],
    [
      'get all -A -l app=web --field-selector status.phase=Running',
      {
        ...GET,
        resources: [{ type: 'all', names: [] }],
        allNamespaces: true,
        labelSelector: 'app=web',
        fieldSelector: 'status.phase=Running',
      },
    ],
    ['get nodes -n prod', { ...GET, resources: [{ type: 'nodes', names: [] }] }],
    ['get no -A', { ...GET, resources: [{ type: 'nodes', names: [] }] }],
    [
      'get nodes,pods -n prod',
      {
        ...GET,
        resources: [
          { type: 'nodes', names: [] },
          { type: 'pods', names: [] },
        ],
        namespace: 'prod',
      },
    ],
    ['get pods -o JSON', { ...GET, output: 'json' }],
    ['get pods -oname', { ...GET, output: 'name' }],
    ['get pods -l " " --output=', GET],
    [
      "get pods -owide --show-labels --no-headers -L app -L tier,env --sort-by='{.metadata.name}'",
      {
        ...GET,
        output: 'wide',
        showLabels: true,
        noHeaders: true,
        labelColumns: ['app', 'tier', 'env'],
        sortBy: '.metadata.name',
      },
    ],
    [
      'get pods --show-kind --ignore-not-found --show-managed-fields -o yaml',
      { ...GET, output: 'yaml', showKind: true, ignoreNotFound: true, showManagedFields: true },
    ],
    [
      'get hpa.v1.autoscaling',
      { ...GET, resources: [{ type: 'horizontalpodautoscalers.v1.autoscaling', names: [] }] },
    ],
    ['get wd', { ...GET, resources: [{ type: 'widgets.example.com', names: [] }] }],
    [
      "get pods -o 'jsonpath={.items[*].metadata.name}'",
      { ...GET, output: 'jsonpath', template: '{.items[*].metadata.name}' },
    ],
    [
      "get pods -ojsonpath-as-json='{.x}' --allow-missing-template-keys=false",
      { ...GET, output: 'jsonpath-as-json', template: '{.x}', allowMissingTemplateKeys: false },
    ],
    [
      "get pods --output='jsonpath={.a} {.b}' --allow-missing-template-keys",
      { ...GET, output: 'jsonpath', template: '{.a} {.b}' },
    ],
    [
      'get pods -o custom-columns=N:.metadata.name --no-headers --sort-by=.metadata.name',
      {
        ...GET,
        output: 'custom-columns',
        template: 'N:.metadata.name',
        noHeaders: true,
        sortBy: '.metadata.name',
      },
    ],
    [
      // custom-columns always allows missing keys, so the flag changes nothing and is dropped.
      'get pods -o custom-columns=N:.a --allow-missing-template-keys=false',
      { ...GET, output: 'custom-columns', template: 'N:.a' },
    ],
    ['get pods -o json --allow-missing-template-keys=false', { ...GET, output: 'json' }],
  ],
  describe: [
    ['describe pods', DESCRIBE],
    ['describe pods web-', { ...DESCRIBE, resources: [{ type: 'pods', names: ['web-'] }] }],
    [
      'describe pod/web -n prod',
      {
        ...DESCRIBE,
        resources: [{ type: 'pods', names: ['web'] }],
        form: 'slash',
        namespace: 'prod',
      },
    ],
    [
      'describe ns kube-system -n x',
      { ...DESCRIBE, resources: [{ type: 'namespaces', names: ['kube-system'] }] },
    ],
    [
      'describe ing,svc web',
      {
        ...DESCRIBE,
        resources: [
          { type: 'ingresses.networking.k8s.io', names: ['web'] },
          { type: 'services', names: ['web'] },
        ],
      },
    ],
    [
      'describe pods -A -l app=web --show-events=false',
      { ...DESCRIBE, allNamespaces: true, labelSelector: 'app=web', showEvents: false },
    ],
    ['describe pods --show-events', DESCRIBE],
  ],
  logs: [
    ['logs web-1', LOGS],
    ['logs pod/web-1 -c app', { ...LOGS, container: 'app' }],
    ['logs web-1 app', { ...LOGS, container: 'app' }],
    [
      'logs deploy/web -n prod --all-pods --prefix',
      {
        ...LOGS,
        resource: { type: 'deployments.apps', name: 'web' },
        namespace: 'prod',
        allPods: true,
        prefix: true,
      },
    ],
    [
      'logs -l app=web --all-containers -p --timestamps --since=90m',
      {
        ...LOGS,
        resource: null,
        labelSelector: 'app=web',
        allContainers: true,
        previous: true,
        timestamps: true,
        sinceSeconds: 5400,
        tailLines: 10,
      },
    ],
    [
      'logs -l app=web --since=90m --tail=10',
      { ...LOGS, resource: null, labelSelector: 'app=web', sinceSeconds: 5400, tailLines: 10 },
    ],
    ['logs -l app=web', { ...LOGS, resource: null, labelSelector: 'app=web' }],
    ['logs web-1 --since=1h', { ...LOGS, sinceSeconds: 3600, tailLines: null }],
    ['logs web-1 --since=1.5s --tail=10', { ...LOGS, sinceSeconds: 2, tailLines: 10 }],
    [
      'logs web-1 --since-time=2024-02-29T23:59:59.5+01:00 --limit-bytes=4096',
      { ...LOGS, sinceTime: '2024-02-29T23:59:59.5+01:00', tailLines: null, limitBytes: 4096 },
    ],
    ['logs web-1 --tail=0 --limit-bytes=0', { ...LOGS, tailLines: 0 }],
    ['logs web-1 --max-log-requests=5', LOGS],
    ['logs job/backup', { ...LOGS, resource: { type: 'jobs.batch', name: 'backup' } }],
  ],
  events: [
    ['events', EVENTS],
    [
      'events -A --types=warning,Normal -o Name --no-headers',
      {
        ...EVENTS,
        allNamespaces: true,
        types: ['Normal', 'Warning'],
        output: 'name',
        noHeaders: true,
      },
    ],
    [
      'events -n prod --for Pod/web-1',
      { ...EVENTS, namespace: 'prod', for: { type: 'pods', name: 'web-1' } },
    ],
    [
      'events --for deploy/web --types Warning -o json',
      {
        ...EVENTS,
        for: { type: 'deployments.apps', name: 'web' },
        types: ['Warning'],
        output: 'json',
      },
    ],
  ],
  top: [
    ['top pod', TOP_POD],
    [
      'top po web-1 -n prod --containers',
      { ...TOP_POD, name: 'web-1', namespace: 'prod', containers: true },
    ],
    [
      'top pods -A -l app=web --field-selector spec.nodeName=n1 --sort-by=memory --sum --no-headers --show-swap',
      {
        ...TOP_POD,
        allNamespaces: true,
        labelSelector: 'app=web',
        fieldSelector: 'spec.nodeName=n1',
        sortBy: 'memory',
        sum: true,
        noHeaders: true,
        showSwap: true,
      },
    ],
    ['top node', TOP_NODE],
    [
      'top no n1 -n x --show-capacity --show-swap --no-headers',
      { ...TOP_NODE, name: 'n1', showCapacity: true, showSwap: true, noHeaders: true },
    ],
    [
      'top nodes -l role=worker --sort-by=cpu',
      { ...TOP_NODE, labelSelector: 'role=worker', sortBy: 'cpu' },
    ],
  ],
  explain: [
    ['explain pods', EXPLAIN],
    ['explain pods.', EXPLAIN],
    [
      'explain deploy.spec.replicas --recursive',
      { ...EXPLAIN, resource: 'deployments.apps', fields: ['spec', 'replicas'], recursive: true },
    ],
    [
      'explain deployments.apps.spec',
      { ...EXPLAIN, resource: 'deployments.apps', fields: ['spec'] },
    ],
    [
      'explain hpa.spec --api-version=autoscaling/v1',
      {
        ...EXPLAIN,
        resource: 'horizontalpodautoscalers',
        fields: ['spec'],
        apiVersion: 'autoscaling/v1',
      },
    ],
    ['explain widgets', { ...EXPLAIN, resource: 'widgets.example.com' }],
  ],
  'api-resources, api-versions, version, cluster-info': [
    ['api-resources', API_RESOURCES],
    [
      'api-resources --namespaced=false --api-group= --verbs=list,get --categories=all --sort-by=kind -o wide --no-headers',
      {
        ...API_RESOURCES,
        namespaced: false,
        apiGroup: '',
        verbs: ['list', 'get'],
        categories: ['all'],
        sortBy: 'kind',
        output: 'wide',
        noHeaders: true,
      },
    ],
    [
      'api-resources --namespaced --api-group=apps -o name --sort-by=',
      { ...API_RESOURCES, namespaced: true, apiGroup: 'apps', output: 'name' },
    ],
    ['api-versions -n x', { verb: 'api-versions' }],
    ['version', { verb: 'version', client: false, output: null }],
    ['version --client -o yaml', { verb: 'version', client: true, output: 'yaml' }],
    ['cluster-info', { verb: 'cluster-info', namespace: 'kube-system' }],
    ['cluster-info -n kube-system', { verb: 'cluster-info', namespace: 'kube-system' }],
    ['cluster-info -n monitoring', { verb: 'cluster-info', namespace: 'monitoring' }],
  ],
  rollout: [
    ['rollout history deploy/web', ROLLOUT],
    ['rollout history deployment web --revision=0', ROLLOUT],
    [
      'rollout status sts db -n prod --revision=3',
      {
        ...ROLLOUT,
        subcommand: 'status',
        resource: { type: 'statefulsets.apps', name: 'db' },
        namespace: 'prod',
        revision: 3,
      },
    ],
    [
      'rollout status ds/agent --watch=false',
      { ...ROLLOUT, subcommand: 'status', resource: { type: 'daemonsets.apps', name: 'agent' } },
    ],
  ],
};

for (const [verb, rows] of Object.entries(TABLES)) {
  describe(`request: ${verb}`, () => {
    it.each(rows)('%s', (command, expected) => {
      const d = evaluate(command, OPTIONS);
      expect(d, command).toMatchObject({ allowed: true });
      if (!d.allowed) return;
      expect(d.request).toStrictEqual(expected);
      checkRequest(d, OPTIONS);
    });
  });
}

describe('pipes: the stages beside the request', () => {
  it('are typed, in order, and leave the request as it is without them', () => {
    const d = evaluate("get pods -A | grep -i -C1 'crash' | tail -n +2 | wc -l", OPTIONS);
    expect(d).toMatchObject({ allowed: true });
    if (!d.allowed) return;
    expect(d.pipes).toEqual([
      {
        tool: 'grep',
        patterns: ['crash'],
        fixed: false,
        extended: false,
        ignoreCase: true,
        invert: false,
        word: false,
        count: false,
        lineNumbers: false,
        before: 1,
        after: 1,
      },
      { tool: 'tail', fromLine: 2 },
      { tool: 'wc', lines: true },
    ]);
    const alone = evaluate('get pods -A', OPTIONS);
    expect(alone.allowed && alone.request).toEqual(d.request);
    expect(alone.allowed && alone.pipes).toEqual([]);
  });
});

const CORPUS: Row[] = [
  ...GET_ROWS,
  ...DESCRIBE_ROWS,
  ...LOGS_ROWS,
  ...EVENTS_ROWS,
  ...TOP_ROWS,
  ...EXPLAIN_ROWS,
  ...DISCOVERY_VERB_ROWS,
  ...ROLLOUT_ROWS,
  ...ATTACK_ROWS,
  ...POLICY_ROWS,
  ...PIPE_ROWS,
];
const ALLOWED = CORPUS.filter((r) => 'argv' in r[1]);

describe('request: every allowed corpus row', () => {
  it('covers every verb and subcommand', () => {
    const kinds = new Set(
      ALLOWED.map(([command, , , options]) => {
        const d = evaluate(command, options);
        return d.allowed ? `${d.verb} ${d.subcommand ?? ''}`.trim() : 'denied';
      }),
    );
    expect([...kinds].sort()).toEqual([
      'api-resources',
      'api-versions',
      'cluster-info',
      'describe',
      'events',
      'explain',
      'get',
      'logs',
      'rollout history',
      'rollout status',
      'top node',
      'top pod',
      'version',
    ]);
  });

  it.each(ALLOWED.map((r) => [JSON.stringify(r[0]).slice(0, 100), r] as const))(
    '%s',
    (_label, [command, , , options = {}]) => {
      const d = evaluate(command, options);
      expect(d).toMatchObject({ allowed: true });
      if (d.allowed) checkRequest(d, options);
    },
  );
});
