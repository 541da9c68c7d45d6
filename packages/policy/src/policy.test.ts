// The policy file: parsing, validation errors with their YAML path, and how a policy narrows or widens.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, POLICY_VERBS, PolicyError, evaluate, parsePolicy } from './index.js';
import type { Policy } from './index.js';

const example = readFileSync(new URL('../examples/policy.yaml', import.meta.url), 'utf8');

function decide(policy: Policy, command: string): string {
  const d = evaluate(command, { policy });
  return d.allowed ? d.argv.join(' ') : `${d.rule}: ${d.message}`;
}

describe('parsePolicy: the example file', () => {
  const policy = parsePolicy(example);

  it('reads every section', () => {
    expect(policy.verbs).toEqual([
      'get',
      'describe',
      'logs',
      'events',
      'top',
      'explain',
      'api-resources',
      'api-versions',
      'version',
      'rollout status',
    ]);
    expect(policy.secretsAllowed).toBe(false);
    expect(policy.namespacesRestricted).toBe(true);
  });

  it.each([
    ['get pods -n team-a', 'get pods -n team-a'],
    ['get pods -n default -o wide', 'get pods -n default -o wide'],
    ['get nodes', 'get nodes'],
    ['get cm -n team-a', 'resource: resource "configmaps" is denied by the policy'],
    [
      'get clusterroles',
      'resource: resource "clusterroles.rbac.authorization.k8s.io" is denied by the policy',
    ],
    ['get pods -n team-payments', 'namespace: namespace "team-payments" is denied by the policy'],
    ['get pods -n kube-system', 'namespace: namespace "kube-system" is denied by the policy'],
    ['get pods', 'namespace: name a namespace with -n: the policy limits namespaces'],
    ['get pods -A', 'namespace: -A is not allowed: the policy limits namespaces'],
    ['cluster-info', 'verb: verb "cluster-info" is disabled by the policy'],
    [
      'rollout history deploy/x -n team-a',
      'verb: verb "rollout history" is disabled by the policy',
    ],
    [
      'rollout status deploy/x -n team-a',
      'rollout status deployments.apps/x -n team-a --watch=false',
    ],
    ['get secrets -n team-a', 'resource: resource "secrets" is denied by the read-only policy'],
    ['version', 'version'],
  ])('%s → %s', (command, expected) => {
    expect(decide(policy, command)).toBe(expected);
  });
});

describe('parsePolicy: the README example', () => {
  it('parses and narrows as documented', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const block = /```yaml\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const p = parsePolicy(block);
    expect(p.verbs).toEqual(['get', 'describe', 'logs', 'events', 'top', 'rollout status']);
    expect(decide(p, 'get pods -n team-a')).toBe('get pods -n team-a');
  });
});

describe('parsePolicy: defaults', () => {
  it.each(['', '   \n', '# only a comment\n', 'null', '~', '{}', 'version: 1'])(
    '%j is the contract policy',
    (text) => {
      const p = parsePolicy(text);
      expect(p.verbs).toEqual(POLICY_VERBS);
      expect(p.secretsAllowed).toBe(false);
      expect(p.namespacesRestricted).toBe(false);
      for (const c of ['get pods', 'get cm -A', 'logs x', 'get secrets', 'delete pod x']) {
        expect(evaluate(c, { policy: p })).toEqual(evaluate(c));
      }
    },
  );

  it('the default policy is frozen', () => {
    expect(Object.isFrozen(DEFAULT_POLICY)).toBe(true);
    expect(Object.isFrozen(DEFAULT_POLICY.verbs)).toBe(true);
  });
});

describe('parsePolicy: narrowing and widening', () => {
  it('"rollout" stands for both rollout subcommands', () => {
    expect(parsePolicy('verbs: [rollout]').verbs).toEqual(['rollout history', 'rollout status']);
  });

  it('an empty verb list allows nothing', () => {
    const p = parsePolicy('verbs: []');
    expect(decide(p, 'get pods')).toBe('verb: verb "get" is disabled by the policy');
    expect(decide(p, 'version')).toBe('verb: verb "version" is disabled by the policy');
  });

  it('secrets.allow lets secrets through and tells the agent to redact', () => {
    const p = parsePolicy('secrets:\n  allow: true\n');
    const d = evaluate('get secret db -o yaml -n prod', { policy: p });
    expect(d).toMatchObject({
      allowed: true,
      argv: ['get', 'secrets', 'db', '-n', 'prod', '-o', 'yaml'],
      readsSecrets: true,
      secretsAllowed: true,
    });
    expect(evaluate('get pods', { policy: p })).toMatchObject({
      readsSecrets: false,
      secretsAllowed: true,
    });
  });

  it('deny wins over allow, for resources and namespaces', () => {
    const p = parsePolicy(
      'resources: { allow: ["*.apps", pods], deny: [statefulsets.apps] }\n' +
        'namespaces: { allow: ["*"], deny: ["kube-*"] }\n',
    );
    expect(decide(p, 'get deploy -n a')).toBe('get deployments.apps -n a');
    expect(decide(p, 'get sts -n a')).toMatch(/^resource: .*"statefulsets.apps" is denied/);
    expect(decide(p, 'get svc -n a')).toMatch(/^resource: .*"services" is denied/);
    expect(decide(p, 'get pods -n kube-public')).toMatch(/^namespace: /);
    expect(decide(p, 'get pods -n a')).toBe('get pods -n a');
  });

  it('deny: ["*"] denies every resource, but resource-free verbs still run', () => {
    const p = parsePolicy('resources: { deny: ["*"] }');
    expect(decide(p, 'get pods')).toMatch(/^resource: /);
    expect(decide(p, 'api-versions')).toBe('api-versions');
  });
});

const TOKEN = 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB';

describe('parsePolicy: errors name the YAML path, stay on one line, never echo values', () => {
  const rows: [text: string, message: RegExp][] = [
    [
      'verbs: [get, delete]',
      /^policy: verbs\[1\]: not one of the read-only verbs .*a policy can only narrow them$/,
    ],
    ['verbs: [exec]', /^policy: verbs\[0\]: /],
    ['verbs: [proxy, port-forward]', /^policy: verbs\[0\]: /],
    ['verbs: ["cluster-info dump"]', /^policy: verbs\[0\]: /],
    ['verbs: [rollout restart]', /^policy: verbs\[0\]: /],
    ['verbs: [GET]', /^policy: verbs\[0\]: /],
    ['verbs: [constructor]', /^policy: verbs\[0\]: /],
    ['verbs: get', /^policy: verbs: must be a list of strings$/],
    ['verbs: [1]', /^policy: verbs\[0\]: must be a string$/],
    ['resources: [pods]', /^policy: resources: must be a mapping with allow and\/or deny$/],
    [
      'resources: { allow: [secrets] }',
      /^policy: resources.allow\[0\]: Secrets are governed by secrets.allow/,
    ],
    [
      'resources: { deny: [deployments] }',
      /^policy: resources.deny\[0\]: "deployments" is in the apps group: write "deployments.apps"$/,
    ],
    ['resources: { deny: [Pods] }', /^policy: resources.deny\[0\]: not a resource/],
    ['resources: { deny: ["*."] }', /^policy: resources.deny\[0\]: not a resource/],
    ['resources: { deny: ["pods/log"] }', /^policy: resources.deny\[0\]: not a resource/],
    ['resources: { deny: [pods.Apps] }', /^policy: resources.deny\[0\]: not a resource/],
    [
      'resources: { allow: [pods], extra: 1 }',
      /^policy: resources: "extra" is not a known key \(allowed: allow, deny\)$/,
    ],
    [
      'namespaces: { allow: [Kube] }',
      /^policy: namespaces.allow\[0\]: not a namespace name or pattern/,
    ],
    ['namespaces: { deny: ["*-team"] }', /^policy: namespaces.deny\[0\]: /],
    ['namespaces: { deny: "kube-system" }', /^policy: namespaces.deny: must be a list of strings$/],
    ['secrets: { allow: "yes" }', /^policy: secrets.allow: must be true or false$/],
    ['secrets: { allow: yes }', /^policy: secrets.allow: must be true or false$/],
    ['secrets: true', /^policy: secrets: must be a mapping such as \{ allow: true \}$/],
    ['secrets: { redact: false }', /^policy: secrets: "redact" is not a known key/],
    ['version: 2', /^policy: version: must be 1$/],
    [
      'bogus: 1',
      /^policy: "bogus" is not a known key \(allowed: version, verbs, resources, namespaces, secrets\)$/,
    ],
    ['[1, 2]', /^policy: the document must be a mapping$/],
    ['just a string', /^policy: the document must be a mapping$/],
    ['verbs: [get', /^policy: invalid YAML at line \d+, column \d+ \(\w+\)$/],
    ['a: 1\na: 2', /^policy: invalid YAML at line 2, column 1 \(DUPLICATE_KEY\)$/],
    ['verbs:\n\t- get', /^policy: invalid YAML/],
    [`token: ${TOKEN}`, /^policy: "token" is not a known key/],
    [`verbs: [${TOKEN}]`, /^policy: verbs\[0\]: /],
    [`"${TOKEN}": 1`, /^policy: unknown key \(allowed: /],
    [`resources: { deny: ["${TOKEN}"] }`, /^policy: resources.deny\[0\]: not a resource/],
    [`namespaces: { allow: ["${TOKEN}"] }`, /^policy: namespaces.allow\[0\]: /],
    [`password: "${TOKEN}\n`, /^policy: invalid YAML/],
    [`${'x'.repeat(70_000)}: 1`, /^policy: the file is larger than 65536 bytes$/],
    [
      'a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n',
      /^policy: (the YAML cannot be read as data|invalid YAML)/,
    ],
  ];

  it.each(rows)('%j', (text, message) => {
    let caught: unknown;
    try {
      parsePolicy(text);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(PolicyError);
    const e = caught as PolicyError;
    expect(e.message).toMatch(message);
    expect(e.message).not.toMatch(/[\n\r]/);
    expect(e.message).not.toContain(TOKEN.slice(4, 20));
    expect(e.message.length).toBeLessThan(300);
  });

  it('PolicyError carries the path separately', () => {
    try {
      parsePolicy('namespaces: { allow: [ok, Bad] }');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(PolicyError);
      expect((err as PolicyError).path).toBe('namespaces.allow[1]');
    }
  });
});
