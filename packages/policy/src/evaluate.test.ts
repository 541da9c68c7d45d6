// Table of commands and the decision the read-only policy must reach for each.
import { describe, expect, it } from 'vitest';
import { evaluate } from './index.js';
import type { Decision, DenyRule } from './index.js';

interface Allow {
  argv: string[];
  namespace?: string | null;
  all?: boolean;
  clusterScoped?: boolean;
}
interface Deny {
  kind: 'invalid_request' | 'command_denied';
  rule: DenyRule;
  message?: RegExp;
}
type Row = [command: string | string[], expected: Allow | Deny];

const ok = (argv: string[], extra: Omit<Allow, 'argv'> = {}): Allow => ({ argv, ...extra });
const denied = (rule: DenyRule, message?: RegExp): Deny => ({
  kind: 'command_denied',
  rule,
  ...(message ? { message } : {}),
});
const invalid = (rule: DenyRule, message?: RegExp): Deny => ({
  kind: 'invalid_request',
  rule,
  ...(message ? { message } : {}),
});

const SECRETS = /^resource "secrets" is denied by the read-only policy$/;
const IDENTITY = /credentials, server or identity/;

const allowed: Row[] = [
  // resource spellings
  ['get pods', ok(['get', 'pods'])],
  ['kubectl get pods', ok(['get', 'pods'])],
  ['get pod', ok(['get', 'pods'])],
  ['get po', ok(['get', 'pods'])],
  ['get Pod', ok(['get', 'pods'])],
  ['get PODS', ok(['get', 'pods'])],
  ['get pods.', ok(['get', 'pods'])],
  ['get po.', ok(['get', 'pods'])],
  ['get pods.v1.', ok(['get', 'pods'])],
  ['get Pods.v1.', ok(['get', 'pods'])],
  ['get services', ok(['get', 'services'])],
  ['get svc', ok(['get', 'services'])],
  ['get Service', ok(['get', 'services'])],
  ['get svc.v1.', ok(['get', 'services'])],
  ['get deployments', ok(['get', 'deployments.apps'])],
  ['get deployment', ok(['get', 'deployments.apps'])],
  ['get deploy', ok(['get', 'deployments.apps'])],
  ['get Deployment', ok(['get', 'deployments.apps'])],
  ['get deployments.apps', ok(['get', 'deployments.apps'])],
  ['get deploy.apps', ok(['get', 'deployments.apps'])],
  ['get Deployment.apps', ok(['get', 'deployments.apps'])],
  ['get deployments.v1.apps', ok(['get', 'deployments.apps'])],
  ['get DEPLOYMENT.v1.apps', ok(['get', 'deployments.apps'])],
  ['get deployments.v1.', ok(['get', 'deployments.apps'])],
  ['get deploy.', ok(['get', 'deployments.apps'])],
  ['get replicasets', ok(['get', 'replicasets.apps'])],
  ['get rs', ok(['get', 'replicasets.apps'])],
  ['get ReplicaSet.apps', ok(['get', 'replicasets.apps'])],
  ['get nodes', ok(['get', 'nodes'], { clusterScoped: true })],
  ['get no', ok(['get', 'nodes'], { clusterScoped: true })],
  ['get Node', ok(['get', 'nodes'], { clusterScoped: true })],
  ['get namespaces', ok(['get', 'namespaces'], { clusterScoped: true })],
  ['get ns', ok(['get', 'namespaces'], { clusterScoped: true })],
  ['get events', ok(['get', 'events'])],
  ['get ev', ok(['get', 'events'])],
  ['get Event', ok(['get', 'events'])],
  // names and forms
  ['get pod web-1', ok(['get', 'pods', 'web-1'])],
  ['get pods web-1 web-2', ok(['get', 'pods', 'web-1', 'web-2'])],
  ['get pods a a', ok(['get', 'pods', 'a', 'a'])],
  ['get pod/web-1', ok(['get', 'pods/web-1'])],
  ['get pod/a svc/b', ok(['get', 'pods/a', 'services/b'])],
  ['get deploy/x deployment.apps/y', ok(['get', 'deployments.apps/x', 'deployments.apps/y'])],
  ['get deploy,svc', ok(['get', 'deployments.apps,services'])],
  ['get pods,svc,deploy', ok(['get', 'pods,services,deployments.apps'])],
  ['get pod,svc x', ok(['get', 'pods,services', 'x'])],
  [
    'get nodes ip-10-0-0-1.ec2.internal',
    ok(['get', 'nodes', 'ip-10-0-0-1.ec2.internal'], { clusterScoped: true }),
  ],
  ['get ns kube-system', ok(['get', 'namespaces', 'kube-system'], { clusterScoped: true })],
  ['get ev web-1.17a8b9c0d1e2f3a4', ok(['get', 'events', 'web-1.17a8b9c0d1e2f3a4'])],
  ['get pods true', ok(['get', 'pods', 'true'])],
  ['get pods --show-labels true', ok(['get', 'pods', 'true', '--show-labels'])],
  ['get pods secrets', ok(['get', 'pods', 'secrets'])],
  ['get pods -- web-1', ok(['get', 'pods', 'web-1'])],
  ['get -- pods', ok(['get', 'pods'])],
  [`get pods ${'a'.repeat(253)}`, ok(['get', 'pods', 'a'.repeat(253)])],
  // namespace
  ['get pods -n default', ok(['get', 'pods', '-n', 'default'], { namespace: 'default' })],
  [
    'get pods -nkube-system',
    ok(['get', 'pods', '-n', 'kube-system'], { namespace: 'kube-system' }),
  ],
  ['get pods -n=foo', ok(['get', 'pods', '-n', 'foo'], { namespace: 'foo' })],
  ['get pods --namespace foo', ok(['get', 'pods', '-n', 'foo'], { namespace: 'foo' })],
  ['get pods --namespace=foo', ok(['get', 'pods', '-n', 'foo'], { namespace: 'foo' })],
  ['get -n foo pods', ok(['get', 'pods', '-n', 'foo'], { namespace: 'foo' })],
  [
    'kubectl get pod web-1 -n default -o wide',
    ok(['get', 'pods', 'web-1', '-n', 'default', '-o', 'wide'], { namespace: 'default' }),
  ],
  ['get pods -A', ok(['get', 'pods', '-A'], { all: true })],
  ['get pods --all-namespaces', ok(['get', 'pods', '-A'], { all: true })],
  ['get pods --all-namespaces=true', ok(['get', 'pods', '-A'], { all: true })],
  ['get pods -A=true', ok(['get', 'pods', '-A'], { all: true })],
  ['get pods -A=false', ok(['get', 'pods'])],
  ['get pods -A=false -n foo', ok(['get', 'pods', '-n', 'foo'], { namespace: 'foo' })],
  ['get pods --all-namespaces=0', ok(['get', 'pods'])],
  ['get nodes -n foo', ok(['get', 'nodes'], { clusterScoped: true })],
  ['get nodes -A', ok(['get', 'nodes'], { clusterScoped: true })],
  ['get nodes x -A', ok(['get', 'nodes', 'x'], { clusterScoped: true })],
  ['get ns -n foo', ok(['get', 'namespaces'], { clusterScoped: true })],
  [
    'get pods,nodes -n foo',
    ok(['get', 'pods,nodes', '-n', 'foo'], { namespace: 'foo', clusterScoped: true }),
  ],
  ['get nodes,pods -A', ok(['get', 'nodes,pods', '-A'], { all: true, clusterScoped: true })],
  // selectors
  ['get pods -l app=web', ok(['get', 'pods', '-l', 'app=web'])],
  ['get pods -lapp=web', ok(['get', 'pods', '-l', 'app=web'])],
  ['get pods -l=app=web', ok(['get', 'pods', '-l', 'app=web'])],
  ['get pods --selector app==web', ok(['get', 'pods', '-l', 'app==web'])],
  ['get pods --selector=app!=web', ok(['get', 'pods', '-l', 'app!=web'])],
  [
    "get pods -l 'app in (a, b),tier notin (db)'",
    ok(['get', 'pods', '-l', 'app in (a, b),tier notin (db)']),
  ],
  ["get pods -l '!canary'", ok(['get', 'pods', '-l', '!canary'])],
  ['get pods -l app', ok(['get', 'pods', '-l', 'app'])],
  [
    'get pods -l app.kubernetes.io/name=web,env=',
    ok(['get', 'pods', '-l', 'app.kubernetes.io/name=web,env=']),
  ],
  ["get pods -l ' app = x '", ok(['get', 'pods', '-l', 'app = x'])],
  ["get pods -l ''", ok(['get', 'pods'])],
  ["get pods web-1 -l ''", ok(['get', 'pods', 'web-1'])],
  [
    'get pods --field-selector status.phase=Running',
    ok(['get', 'pods', '--field-selector', 'status.phase=Running']),
  ],
  [
    'get pods --field-selector=spec.nodeName=node-1,status.phase!=Failed',
    ok(['get', 'pods', '--field-selector', 'spec.nodeName=node-1,status.phase!=Failed']),
  ],
  [
    'get pods --field-selector spec.nodeName=',
    ok(['get', 'pods', '--field-selector', 'spec.nodeName=']),
  ],
  [
    'get ev --field-selector involvedObject.name==web-1',
    ok(['get', 'events', '--field-selector', 'involvedObject.name==web-1']),
  ],
  [
    'get pods --field-selector metadata.name=web-1 -l app=web',
    ok(['get', 'pods', '-l', 'app=web', '--field-selector', 'metadata.name=web-1']),
  ],
  // output and booleans
  ['get pods -o json', ok(['get', 'pods', '-o', 'json'])],
  ['get pods -o yaml', ok(['get', 'pods', '-o', 'yaml'])],
  ['get pods -o wide', ok(['get', 'pods', '-o', 'wide'])],
  ['get pods -o name', ok(['get', 'pods', '-o', 'name'])],
  ['get pods -ojson', ok(['get', 'pods', '-o', 'json'])],
  ['get pods -o=yaml', ok(['get', 'pods', '-o', 'yaml'])],
  ['get pods --output json', ok(['get', 'pods', '-o', 'json'])],
  ['get pods --output=name', ok(['get', 'pods', '-o', 'name'])],
  ['get pods -o JSON', ok(['get', 'pods', '-o', 'json'])],
  ['get pods -o YAML', ok(['get', 'pods', '-o', 'yaml'])],
  ["get pods -o ''", ok(['get', 'pods'])],
  ['get pods --show-labels', ok(['get', 'pods', '--show-labels'])],
  ['get pods --show-labels=true -o wide', ok(['get', 'pods', '-o', 'wide', '--show-labels'])],
  ['get pods --show-labels=false -o json', ok(['get', 'pods', '-o', 'json'])],
  ['get pods --show-labels=1', ok(['get', 'pods', '--show-labels'])],
  ['get pods --no-headers', ok(['get', 'pods', '--no-headers'])],
  ['get pods --no-headers=false', ok(['get', 'pods'])],
  ['get pods --no-headers -o name', ok(['get', 'pods', '-o', 'name', '--no-headers'])],
  [
    'get --no-headers -o wide --show-labels -l app=x -n prod pods',
    ok(
      ['get', 'pods', '-n', 'prod', '-l', 'app=x', '-o', 'wide', '--show-labels', '--no-headers'],
      { namespace: 'prod' },
    ),
  ],
  // quoting and whitespace
  ['  get   pods  ', ok(['get', 'pods'])],
  ['get\tpods', ok(['get', 'pods'])],
  ['\'get\' "pods"', ok(['get', 'pods'])],
  ['g"e"t p\\ods', ok(['get', 'pods'])],
  // argv input
  [['get', 'pods'], ok(['get', 'pods'])],
  [
    ['kubectl', 'get', 'pods', '-n', 'default'],
    ok(['get', 'pods', '-n', 'default'], { namespace: 'default' }),
  ],
  [['get', 'pods', '-l', 'app in (a,b)'], ok(['get', 'pods', '-l', 'app in (a,b)'])],
];

const deniedRows: Row[] = [
  // verbs
  [
    'delete pod x',
    denied('verb', /^verb "delete" is not allowed \(read-only policy allows: get\)$/),
  ],
  ['kubectl delete pod x', denied('verb', /"delete"/)],
  ['exec web-1 -- sh', denied('verb', /"exec"/)],
  ['apply -f x.yaml', denied('verb')],
  ['edit pod x', denied('verb')],
  ['patch pod x', denied('verb')],
  ['proxy', denied('verb')],
  ['port-forward pod/x 8080:80', denied('verb')],
  ['cp web-1:/etc/passwd x', denied('verb')],
  ['attach web-1', denied('verb')],
  ['debug web-1', denied('verb')],
  ['config view', denied('verb')],
  ['auth can-i --list', denied('verb')],
  ['describe pod x', denied('verb')],
  ['logs web-1', denied('verb')],
  ['create secret generic x', denied('verb')],
  ['run x --image=y', denied('verb')],
  ['scale deploy x --replicas=0', denied('verb')],
  ['drain node-1', denied('verb')],
  ['GET pods', denied('verb', /"GET"/)],
  ['gets pods', denied('verb')],
  ['kubectl kubectl get pods', denied('verb')],
  ['/usr/bin/kubectl get pods', denied('verb')],
  ['helm list', denied('verb')],
  // no verb, flags before verb
  ['', invalid('verb')],
  ['   ', invalid('verb')],
  ['kubectl', invalid('verb')],
  [[], invalid('verb')],
  [['kubectl'], invalid('verb')],
  ['-n foo get pods', invalid('syntax', /must start with a verb/)],
  ['--kubeconfig=/x get pods', denied('flag', /"--kubeconfig"/)],
  ['-s https://evil get pods', denied('flag', /^flag "-s" is not allowed$/)],
  // resources
  ['get', invalid('resource', /needs a resource type/)],
  ['get -n foo', invalid('resource')],
  ['get -l app=x', invalid('resource')],
  ['get secrets', denied('resource', SECRETS)],
  ['get secret', denied('resource', SECRETS)],
  ['get Secret', denied('resource', SECRETS)],
  ['get SECRETS', denied('resource', SECRETS)],
  ['get SeCrEt', denied('resource', SECRETS)],
  ['get secret/x', denied('resource', SECRETS)],
  ['get secrets x', denied('resource', SECRETS)],
  ['get secrets.v1.', denied('resource', SECRETS)],
  ['get secrets.', denied('resource', SECRETS)],
  ['get secret.v1.', denied('resource', SECRETS)],
  ['get secrets.v2.foo', denied('resource', SECRETS)],
  ['get pods,secrets', denied('resource', SECRETS)],
  ['get secret,pods', denied('resource', SECRETS)],
  ['get pods,,secrets', denied('resource', SECRETS)],
  ['get pod/a secret/b', denied('resource', SECRETS)],
  ['get pods/a,secrets/b', denied('resource', SECRETS)],
  ['get secrets/a/b', denied('resource', SECRETS)],
  ['get secrets -A -o yaml', denied('resource', SECRETS)],
  [['get', 'secrets'], denied('resource', SECRETS)],
  ['get all', denied('resource', /"all"/)],
  ['get configmaps', denied('resource', /"configmaps" is not allowed/)],
  ['get cm', denied('resource')],
  ['get serviceaccounts', denied('resource')],
  ['get clusterroles', denied('resource')],
  ['get events.events.k8s.io', denied('resource')],
  ['get PO', denied('resource')],
  ['get DEPLOY', denied('resource')],
  ['get pods.v1', denied('resource')],
  ['get pods.V1.', denied('resource')],
  ['get pods.v2.', denied('resource')],
  ['get deployments.APPS', denied('resource')],
  ['get services.apps', denied('resource')],
  ['get pods.core', denied('resource')],
  ['get deployments.v1beta1.apps', denied('resource')],
  ['get pods,', invalid('resource', /empty entry/)],
  ['get ,pods', invalid('resource')],
  ['get pods,pod', invalid('resource', /more than once/)],
  ['get pods/', invalid('resource')],
  ['get /x', invalid('resource')],
  ['get pods/a/b', invalid('resource')],
  ['get pod,svc/a', invalid('resource')],
  ['get pods pod/x', invalid('resource', /mixing/)],
  ['get pod/x pods', invalid('resource', /mixing/)],
  ['get pods Web-1', invalid('resource', /not a valid Kubernetes name/)],
  ['get pods web_1', invalid('resource')],
  ['get pods x,y', invalid('resource')],
  ['get pod/-x', invalid('resource')],
  ['get pods -- -x', invalid('resource')],
  ['get pods -', invalid('resource')],
  [`get pods ${'a'.repeat(254)}`, invalid('resource')],
  ['get pods ../x', invalid('resource')],
  [['get', 'pods', 'x y'], invalid('resource')],
  [['get', 'pods', '$(id)'], invalid('resource')],
  [['get', 'pods;rm'], denied('resource')],
  // forbidden and unknown flags
  [
    'get pods --kubeconfig=/x',
    denied('flag', /^flag "--kubeconfig" is not allowed for get: it selects/),
  ],
  ['get pods --kubeconfig /x', denied('flag', IDENTITY)],
  ['get pods --token abc', denied('flag', /^flag "--token" is not allowed for get/)],
  ['get pods --token=abc', denied('flag', /^(?!.*abc)/)],
  ['get pods -s https://evil', denied('flag', /^flag "-s" is not allowed/)],
  ['get pods -shttps://evil', denied('flag', /^flag "-s" \(read from "-shttps:\/\/evil"\)/)],
  ['get pods --server=https://evil', denied('flag', IDENTITY)],
  ['get pods --as=admin', denied('flag', /"--as"/)],
  ['get pods --as-group=system:masters', denied('flag')],
  ['get pods --as-uid=0', denied('flag')],
  ['get pods --user=admin', denied('flag')],
  ['get pods --cluster=prod', denied('flag')],
  ['get pods --context=prod', denied('flag')],
  ['get pods --certificate-authority=/ca', denied('flag')],
  ['get pods --client-certificate=/c', denied('flag')],
  ['get pods --client-key=/k', denied('flag')],
  ['get pods --insecure-skip-tls-verify', denied('flag', IDENTITY)],
  ['get pods --raw /api', denied('flag', /raw API/)],
  ['get --raw=/api/v1/secrets', denied('flag')],
  ['get pods -f x.yaml', denied('flag', /files/)],
  ['get pods --filename=x.yaml', denied('flag')],
  ['get pods -k dir', denied('flag')],
  ['get pods -kubeconfig', denied('flag', /"-k" \(read from "-kubeconfig"\)/)],
  ['get pods -w', denied('flag', /watching/)],
  ['get pods --watch', denied('flag', /watching/)],
  ['get pods --watch-only', denied('flag')],
  ['get pods --output-watch-events', denied('flag')],
  ['get pods -v=9', denied('flag', /^flag "-v" is not allowed for get: verbose/)],
  ['get pods --v=9', denied('flag')],
  ['get pods -v 9', denied('flag')],
  ['get pods --template={{.}}', invalid('syntax')],
  ["get pods --template='{{.}}'", denied('flag', /templates/)],
  ['get pods --sort-by=.metadata.name', denied('flag', /allowed: -n\/--namespace/)],
  ['get pods -L app', denied('flag')],
  ['get pods --label-columns=app', denied('flag')],
  ['get pods --ignore-not-found', denied('flag')],
  ['get pods --chunk-size=1', denied('flag')],
  ['get pods --request-timeout=1', denied('flag')],
  ['get pods --subresource=status', denied('flag')],
  ['get pods -h', denied('flag')],
  ['get pods --help', denied('flag')],
  ['get pods --constructor', denied('flag', /allowed:/)],
  ['get pods --ns=foo', denied('flag')],
  ['get pods ---namespace=foo', denied('flag')],
  ['get pods -Ao json', denied('flag', /combined short flags such as "-Ao"/)],
  ['get pods -An foo', denied('flag', /combined/)],
  ['get pods -A=', denied('flag', /combined/)],
  // flag values
  ['get pods -n', invalid('flag', /needs a value/)],
  ['get pods -o', invalid('flag', /needs a value/)],
  ['get pods -l', invalid('flag')],
  ['get pods --namespace', invalid('flag')],
  ['get pods -n a -n b', invalid('flag', /more than once/)],
  ['get pods -n a --namespace=b', invalid('flag', /more than once/)],
  ['get pods -o json -o yaml', invalid('flag')],
  ['get pods -A -A', invalid('flag')],
  ['get pods --show-labels=', invalid('flag', /true or false/)],
  ['get pods --show-labels=sekrit', invalid('flag', /^(?!.*sekrit)/)],
  ['get pods --show-labels=yes', invalid('flag')],
  ['get pods -A=yes', invalid('flag')],
  ['get pods -n Default', invalid('namespace')],
  ['get pods -n=', invalid('namespace')],
  ['get pods --namespace=', invalid('namespace')],
  ['get pods -n a.b', invalid('namespace')],
  [`get pods -n ${'a'.repeat(64)}`, invalid('namespace')],
  [
    'get pods -n --kubeconfig=/x',
    invalid('namespace', /^namespace "--kubeconfig" \(a flag where a value belongs\)/),
  ],
  ['get pods -n --token=sekrit', invalid('namespace', /^(?!.*sekrit)/)],
  ['get pods -- --token=sekrit', invalid('resource', /^(?!.*sekrit)/)],
  ['get pods -Asekrit', denied('flag', /^(?!.*sekrit)/)],
  ['get pods -namespace=foo', invalid('namespace')],
  ['get pods -n a -A', denied('namespace', /not both/)],
  ['get pods -A -n a', denied('namespace')],
  ['get pods --all-namespaces --namespace=kube-system', denied('namespace')],
  ['get nodes -n a -A', denied('namespace')],
  ['get pods x -A', invalid('namespace', /across all namespaces/)],
  ['get pod/x node/y -A', invalid('namespace')],
  ['get pod,svc x -A', invalid('namespace')],
  // output
  [
    'get pods -o go-template=x',
    denied(
      'output',
      /^output format "go-template" is not allowed \(allowed: json, yaml, wide, name\)$/,
    ),
  ],
  ["get pods -o 'jsonpath={..}'", denied('output', /"jsonpath"/)],
  ["get pods -o 'jsonpath={.items[*].metadata.name}'", denied('output', /^(?!.*items)/)],
  ['get pods -o jsonpath-as-json=x', denied('output')],
  ['get pods -o custom-columns=NAME:.metadata.name', denied('output')],
  ['get pods -o custom-columns-file=/etc/x', denied('output')],
  ['get pods -o template', denied('output')],
  ['get pods -o go-template-file=/x', denied('output')],
  ['get pods -o kyaml', denied('output')],
  ['get pods -o WIDE', denied('output')],
  ['get pods -o=', denied('output')],
  ['get pods -o --token=abc', denied('output', /^(?!.*abc)/)],
  ['get pods --show-labels -o json', invalid('flag', /--show-labels cannot be used with -o json/)],
  ['get pods --show-labels -o name', invalid('flag')],
  ['get pods --show-labels -o yaml', invalid('flag')],
  // selectors
  ['get pods x -l app=x', invalid('flag', /cannot be combined with resource names/)],
  ['get pod/x -l app=x', invalid('flag')],
  ['get pods x --field-selector status.phase=Running', invalid('flag')],
  ['get pods -l =x', invalid('flag')],
  ['get pods -l app=x,', invalid('flag')],
  ['get pods -l ,app', invalid('flag')],
  ["get pods -l 'app in ()'", invalid('flag')],
  ["get pods -l 'app in (a'", invalid('flag')],
  ["get pods -l 'app > 1'", invalid('flag', /not supported/)],
  ['get pods -l app=x=y', invalid('flag')],
  ["get pods -l 'app in (a|b)'", invalid('flag', /"\|"/)],
  ['get pods -l a/b/c=x', invalid('flag')],
  ['get pods -l -app', invalid('flag')],
  [`get pods -l a=${'b'.repeat(64)}`, invalid('flag')],
  [`get pods -l a${',a'.repeat(600)}`, invalid('flag', /longer than 1024/)],
  ["get pods -l '!a=b'", invalid('flag')],
  ['get pods --field-selector status.phase', invalid('flag')],
  ['get pods --field-selector =Running', invalid('flag')],
  ["get pods --field-selector 'status.phase = Running'", invalid('flag')],
  ['get pods --field-selector status.phase=Running,,', invalid('flag')],
  ['get pods --field-selector 1a=b', invalid('flag')],
  ['get pods --field-selector a=b\\,c', invalid('flag')],
  // shell features and syntax
  ['get pods; rm -rf /', invalid('syntax', /";" at position 9/)],
  ['get pods | sh', invalid('syntax', /"\|" at position 10/)],
  ['get pods && x', invalid('syntax', /"&"/)],
  ['get pods & x', invalid('syntax')],
  ['get pods > /tmp/x', invalid('syntax', /">"/)],
  ['get pods < /etc/passwd', invalid('syntax')],
  ['get pods $(id)', invalid('syntax', /"\$" at position 10/)],
  ['get pods ${HOME}', invalid('syntax')],
  ["get pods '$(id)'", invalid('syntax')],
  ['get pods "$(id)"', invalid('syntax')],
  ['get pods `id`', invalid('syntax', /"`"/)],
  ['get pods \\`id\\`', invalid('syntax')],
  ['get pods (x)', invalid('syntax')],
  ['get po*', invalid('syntax', /"\*"/)],
  ['get pods x?', invalid('syntax')],
  ['get pods [a]', invalid('syntax')],
  ['get pods {a,b}', invalid('syntax')],
  ['get pods ~/x', invalid('syntax', /"~"/)],
  ['get pods # comment', invalid('syntax', /comments/)],
  ['get pods\nrm -rf /', invalid('syntax', /U\+000A at position 9/)],
  ['get pods\r\n', invalid('syntax')],
  ['get pods\u0000', invalid('syntax', /U\+0000/)],
  ["get pods '\u0000'", invalid('syntax')],
  ['get pods\u001b[31m', invalid('syntax')],
  ['get pods \u007f', invalid('syntax')],
  ['get pods \u0085', invalid('syntax')],
  ["get pods 'x", invalid('syntax', /unterminated single quote starting at position 10/)],
  ['get pods "x', invalid('syntax', /unterminated double quote/)],
  ['get pods \\', invalid('syntax', /escapes nothing/)],
  // unicode lookalikes and invisible characters
  ['get pods \u2014kubeconfig=/x', invalid('syntax', /U\+2014/)],
  ['get pods \u2010n foo', invalid('syntax', /U\+2010/)],
  ['get pods \u2013n foo', invalid('syntax')],
  ['g\u200bet pods', invalid('syntax', /U\+200B/)],
  ['get\u00a0pods', invalid('syntax', /U\+00A0/)],
  ['get pods -\u200bn foo', invalid('syntax')],
  ['get pods --kube\u200bconfig=/x', invalid('syntax')],
  ['get s\u0435crets', invalid('syntax', /U\+0435/)],
  ['get pods\ufeff', invalid('syntax')],
  ['get \u{1F600}', invalid('syntax', /U\+1F600/)],
  [['get', 'pods', '-n\u2028foo'], invalid('syntax')],
  [
    ['get', 'pods\n', '-n', 'x'],
    invalid('syntax', /argument 2 contains control character U\+000A at offset 5/),
  ],
  [['get', 'pods\u0000'], invalid('syntax')],
  // limits
  [`get pods ${'a'.repeat(4100)}`, invalid('syntax', /limit is 4096/)],
  [`get pods ${'x '.repeat(98)}`, invalid('syntax', /more than 64 arguments/)],
  [['get', 'pods', ...Array.from({ length: 98 }, () => 'x')], invalid('syntax', /more than 64/)],
  [['get', 'pods', 'a'.repeat(4095)], invalid('syntax', /limit is 4096/)],
  [['get', 1 as unknown as string], invalid('syntax')],
];

function check(command: string | string[], expected: Allow | Deny, d: Decision): void {
  if ('argv' in expected) {
    expect(d).toEqual({
      allowed: true,
      argv: expected.argv,
      verb: 'get',
      namespace: expected.namespace ?? null,
      allNamespaces: expected.all ?? false,
      clusterScoped: expected.clusterScoped ?? false,
    });
    if (!d.allowed) return;
    // Fixed point: the canonical argv is itself allowed and canonical.
    expect(evaluate(d.argv)).toEqual(d);
    return;
  }
  expect(d.allowed).toBe(false);
  if (d.allowed) return;
  expect({ kind: d.kind, rule: d.rule }).toEqual({ kind: expected.kind, rule: expected.rule });
  if (expected.message) expect(d.message).toMatch(expected.message);
  // Messages never echo a long input in full.
  const input = typeof command === 'string' ? command : command.join(' ');
  if (input.length > 200) expect(d.message.length).toBeLessThan(200);
}

const name = (c: string | string[]): string => JSON.stringify(c).slice(0, 120);

describe('evaluate: allowed commands', () => {
  it.each(allowed.map((r) => [name(r[0]), r] as const))('%s', (_n, [command, expected]) => {
    check(command, expected, evaluate(command));
  });
});

describe('evaluate: denied commands', () => {
  it.each(deniedRows.map((r) => [name(r[0]), r] as const))('%s', (_n, [command, expected]) => {
    check(command, expected, evaluate(command));
  });
});

describe('evaluate: decision fields', () => {
  it('reports known kubectl verbs on denial and null for other words', () => {
    const table: [string, string | null][] = [
      ['delete pod x', 'delete'],
      ['exec x -- sh', 'exec'],
      ['port-forward x 80', 'port-forward'],
      ['frobnicate x', null],
      ['get secrets', 'get'],
      ['get pods | sh', null],
    ];
    for (const [command, verb] of table) {
      const d = evaluate(command);
      expect(d.allowed ? 'allowed' : d.verb, command).toBe(verb);
    }
  });

  it('string and argv forms of the same command decide the same', () => {
    const table: string[][] = [
      ['get', 'pods', '-n', 'default'],
      ['get', 'secrets'],
      ['delete', 'pod', 'x'],
      ['get', 'deploy,svc', '-o', 'wide'],
      ['get', 'pods', '--token', 'abc'],
    ];
    for (const argv of table) expect(evaluate(argv.join(' '))).toEqual(evaluate(argv));
  });

  it('never echoes a flag value that could be a credential', () => {
    for (const command of [
      'get pods --token=sekrit-value',
      'get pods --password sekrit-value',
      '--token=sekrit-value get pods',
    ]) {
      const d = evaluate(command);
      expect(d.allowed).toBe(false);
      if (!d.allowed) expect(d.message).not.toContain('sekrit');
    }
  });

  it('has at least 150 table rows', () => {
    expect(allowed.length + deniedRows.length).toBeGreaterThanOrEqual(150);
  });
});
