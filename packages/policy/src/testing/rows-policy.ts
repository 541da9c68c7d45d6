// Corpus rows that depend on discovery (custom resources) or on a policy file (tests only).
import { parsePolicy } from '../index.js';
import { DISCOVERY } from './discovery.js';
import type { Row } from './harness.js';
import { SECRETS, bad, no, ok } from './harness.js';

const D = { discovery: DISCOVERY };
const CS = { clusterScoped: true };

const SMALL = { policy: parsePolicy('verbs: [get, describe]') };
const STATUS_ONLY = { policy: parsePolicy('verbs: [rollout status]') };
const DENY = {
  discovery: DISCOVERY,
  policy: parsePolicy(
    'resources:\n  deny: [configmaps, widgets.example.com, "*.rbac.authorization.k8s.io"]\n',
  ),
};
const ALLOW = {
  discovery: DISCOVERY,
  policy: parsePolicy('resources: { allow: [pods, deployments.apps, "*.example.com"] }'),
};
const NAMESPACES = {
  policy: parsePolicy('namespaces: { allow: ["team-*", default], deny: [team-secret] }'),
};
const SECRETS_OK = { discovery: DISCOVERY, policy: parsePolicy('secrets: { allow: true }') };

export const POLICY_ROWS: Row[] = [
  // discovery: custom resources resolve the way kubectl resolves them
  ['get widgets', ok('get widgets.example.com'), 'CRD plural', D],
  ['get widget', ok('get widgets.example.com'), 'CRD singular', D],
  ['get Widget', ok('get widgets.example.com'), 'CRD Kind', D],
  ['get wd', ok('get widgets.example.com'), 'CRD short name', D],
  ['get wd.example.com', ok('get widgets.example.com'), 'short name with group', D],
  ['get widgets.example.com', ok('get widgets.example.com'), 'kind.group with a dotted group', D],
  ['get widgets.v1.example.com', ok('get widgets.example.com'), 'preferred version dropped', D],
  [
    'get widgets.v1beta1.example.com',
    ok('get widgets.v1beta1.example.com'),
    'other version kept',
    D,
  ],
  ['get widgets.example.com/w1', ok('get widgets.example.com/w1'), 'type/name', D],
  ['get gadget', ok('get gadgets.example.com', CS), 'empty singularName: the kind stands in', D],
  ['get Gadget', ok('get gadgets.example.com', CS), 'Kind', D],
  ['get all', ok('get all'), 'all includes the CRD that joined the category', D],
  ['get example', ok('get example', CS), 'a CRD category', D],
  ['get cert', ok('get certificates.cert-manager.io'), 'cert-manager short name', D],
  ['describe widgets w1', ok('describe widgets.example.com w1'), 'describe a CR', D],
  [
    'explain widgets.spec',
    ok('explain widgets.example.com.spec', { readsObjects: false }),
    'explain a CRD',
    D,
  ],
  ['events --for widget/w1', ok('events --for=widgets.example.com/w1'), 'events of a CR', D],
  ['get deployments', ok('get deployments.apps'), 'discovery order decides a shared plural', D],
  [
    'get deployments.other.example.com',
    ok('get deployments.other.example.com'),
    'the other group by name',
    D,
  ],
  ['get pods/log', ok('get pods/log'), 'a pod named log, not the subresource', D],
  ['get log', no('resource', /not known in the cluster/), 'subresources are not types', D],
  ['get vs', no('resource', SECRETS), 'a CR named secrets, by short name', D],
  ['get secrets.vault.example.com', no('resource', SECRETS), 'a CR named secrets, by group', D],
  ['get widgets.example', no('resource'), 'partial group', D],
  ['get sprockets', no('resource', /not known in the cluster/), 'unknown to discovery', D],
  ['get pods', no('resource', /not known/), 'an empty discovery knows nothing', { discovery: [] }],
  ['logs web-1', no('resource', /not known/), 'logs needs pods in discovery', { discovery: [] }],
  // policy: verbs
  ['get pods', ok('get pods'), 'enabled verb', SMALL],
  [
    'logs web-1',
    no('verb', /^verb "logs" is disabled by the policy$/),
    'verb narrowed away',
    SMALL,
  ],
  ['top pod', no('verb'), 'top narrowed away', SMALL],
  [
    'delete pod x',
    no('verb', /allows: get, describe\)$/),
    'message lists the enabled verbs',
    SMALL,
  ],
  [
    'rollout status deploy/x',
    ok('rollout status deployments.apps/x --watch=false'),
    'one rollout subcommand',
    STATUS_ONLY,
  ],
  [
    'rollout history deploy/x',
    no('verb', /"rollout history" is disabled/),
    'the other one',
    STATUS_ONLY,
  ],
  ['rollout restart deploy/x', no('verb', /rollout restart/), 'writes stay refused', STATUS_ONLY],
  // policy: resources
  ['get cm', no('resource', /"configmaps" is denied by the policy/), 'denied by name', DENY],
  ['get clusterroles', no('resource', /denied by the policy/), 'denied by group wildcard', DENY],
  ['get wd', no('resource', /"widgets.example.com" is denied/), 'CRD denied', DENY],
  [
    'get all',
    no('resource', /includes "widgets.example.com"/),
    'a category with a denied member',
    DENY,
  ],
  ['get pods', ok('get pods'), 'not on the deny list', DENY],
  ['get gadgets', ok('get gadgets.example.com', CS), 'other CRD of the group', DENY],
  ['get pods', ok('get pods'), 'on the allow list', ALLOW],
  ['get svc', no('resource', /"services" is denied/), 'not on the allow list', ALLOW],
  ['get widgets', ok('get widgets.example.com'), 'allowed by group wildcard', ALLOW],
  [
    'logs deploy/x',
    ok('logs deployments.apps/x --tail=500'),
    'deployments and pods allowed',
    ALLOW,
  ],
  ['events', no('resource', /"events" is denied/), 'events need the events resource', ALLOW],
  ['get all', no('resource', /includes/), 'all includes services', ALLOW],
  ['cluster-info', no('resource', /"services" is denied/), 'cluster-info reads services', ALLOW],
  // policy: namespaces
  [
    'get pods -n team-a',
    ok('get pods -n team-a', { namespace: 'team-a' }),
    'prefix pattern',
    NAMESPACES,
  ],
  [
    'get pods -n default',
    ok('get pods -n default', { namespace: 'default' }),
    'exact name',
    NAMESPACES,
  ],
  [
    'get pods',
    no('namespace', /name a namespace with -n/),
    'the agent default cannot be checked',
    NAMESPACES,
  ],
  ['get pods -A', no('namespace', /-A is not allowed/), 'all namespaces', NAMESPACES],
  [
    'get pods -n team-secret',
    no('namespace', /"team-secret" is denied by the policy/),
    'deny wins',
    NAMESPACES,
  ],
  ['get pods -n kube-system', no('namespace'), 'not allowed', NAMESPACES],
  ['get nodes', ok('get nodes', CS), 'cluster-scoped reads are not in a namespace', NAMESPACES],
  ['cluster-info', no('namespace'), 'cluster-info reads kube-system', NAMESPACES],
  [
    'cluster-info -n default',
    ok('cluster-info -n default', { namespace: 'default' }),
    'named namespace',
    NAMESPACES,
  ],
  ['version', ok('version', { readsObjects: false }), 'no namespace involved', NAMESPACES],
  [
    'logs web-1 -n default',
    ok('logs web-1 -n default --tail=500', { namespace: 'default' }),
    'logs in an allowed namespace',
    NAMESPACES,
  ],
  ['events -A', no('namespace'), 'events everywhere', NAMESPACES],
  [
    'top pod -n team-x',
    ok('top pod -n team-x', { namespace: 'team-x' }),
    'top in a team namespace',
    NAMESPACES,
  ],
  ['get pods -n Team-a', bad('namespace'), 'still a DNS label', NAMESPACES],
  // policy: secrets allowed (values are redacted by the agent)
  ['get secrets', ok('get secrets', { readsSecrets: true }), 'secrets allowed', SECRETS_OK],
  [
    'get secret/x -o yaml',
    ok('get secrets/x -o yaml', { readsSecrets: true }),
    'yaml of a secret',
    SECRETS_OK,
  ],
  [
    'describe secret x',
    ok('describe secrets x', { readsSecrets: true }),
    'describe a secret',
    SECRETS_OK,
  ],
  ['get pods,secrets', ok('get pods,secrets', { readsSecrets: true }), 'in a list', SECRETS_OK],
  [
    'explain secrets',
    ok('explain secrets', { readsObjects: false }),
    'schema of Secret',
    SECRETS_OK,
  ],
  ['events --for secret/x', ok('events --for=secrets/x'), 'events about a secret', SECRETS_OK],
  [
    'get vs',
    ok('get secrets.vault.example.com', { readsSecrets: true }),
    'a CR named secrets follows the resource lists',
    SECRETS_OK,
  ],
  ['get pods --raw=/api/v1/secrets', no('flag', /raw/), 'raw stays refused', SECRETS_OK],
];
