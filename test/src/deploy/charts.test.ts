// The Helm charts: lint, render, validate every object offline against the Kubernetes schemas, check references.
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkIntegrity, CONTRACT_ENV } from './integrity.js';
import {
  allVariants,
  CHARTS,
  DEPLOY_DIR,
  lint,
  objectName,
  render,
  renderVariant,
  templateRaw,
  type ChartName,
  type K8sObject,
  type Variant,
} from './render.js';
import { helm } from '../harness/tools.js';
import { validateObject } from './schema.js';

const variants = allVariants();
const label = (v: Variant) => `${v.chart} ${v.name}`;

/** Secrets and ConfigMaps the operator provides (named in the example): not rendered, yet referred to. */
function externalNamesOf(variant: Variant): string[] {
  return variant.valuesFiles.flatMap((file) =>
    [
      ...readFileSync(file, 'utf8').matchAll(
        /^\s+(?:existingSecret|configMap):\s*([a-z0-9.-]+)\s*$/gm,
      ),
    ].map((m) => m[1] as string),
  );
}

const kinds = (objects: K8sObject[]) => objects.map(objectName).sort();
const secretData = (object: K8sObject | undefined, key: string) =>
  Buffer.from(
    String((object?.data as Record<string, string> | undefined)?.[key] ?? ''),
    'base64',
  ).toString('utf8');

describe('every chart variant (default values and each example)', () => {
  test('there is at least one example per chart', () => {
    expect(
      variants.filter((v) => v.chart === 'porthole' && v.name !== 'default').length,
    ).toBeGreaterThanOrEqual(3);
    expect(
      variants.filter((v) => v.chart === 'porthole-agent' && v.name !== 'default').length,
    ).toBeGreaterThanOrEqual(2);
  });

  test.each(variants.map((v) => [label(v), v] as const))(
    'helm lint --strict: %s',
    async (_name, variant) => {
      const result = await lint(variant.chart, variant.valuesFiles, variant.set);
      expect(result.stdout + result.stderr).toContain('0 chart(s) failed');
      expect(result.exitCode).toBe(0);
    },
  );

  test.each(variants.map((v) => [label(v), v] as const))(
    'schemas and references: %s',
    async (_name, variant) => {
      const objects = await renderVariant(variant);
      expect(objects.length).toBeGreaterThan(3);
      const problems = objects.flatMap((o) =>
        validateObject(o).map((p) => `${objectName(o)}: ${p}`),
      );
      expect(problems).toEqual([]);
      const component = variant.chart === 'porthole' ? 'api' : 'agent';
      expect(checkIntegrity(objects, component, externalNamesOf(variant))).toEqual([]);
    },
  );
});

describe('the charts and the processes agree on configuration', () => {
  // Every variable a chart sets must be one the process reads (the keys of its config schema),
  // so a renamed or misspelt variable cannot be silently ignored.
  const readBy = (component: 'api' | 'agent') => new Set<string>(CONTRACT_ENV[component]);

  test.each(['porthole', 'porthole-agent'] as const)(
    '%s: every variable set by the default values and the examples is read',
    async (chart) => {
      const component = chart === 'porthole' ? 'api' : 'agent';
      const known = readBy(component);
      expect(known.size).toBeGreaterThan(3);
      const set = new Set<string>();
      for (const variant of variants.filter((v) => v.chart === chart)) {
        // extraEnv is for variables that are not Porthole's (the charts refuse those): left out.
        const objects = await render(variant.chart, variant.valuesFiles, variant.set, [
          '--set-json',
          'extraEnv=[]',
        ]);
        for (const object of objects) {
          const containers = (
            object.kind === 'Deployment' && !object.metadata.name.endsWith('-redis')
              ? (object.spec as any).template.spec.containers
              : []
          ) as any[];
          for (const c of containers) for (const env of c.env ?? []) set.add(String(env.name));
        }
      }
      const unread = [...set].filter(
        (name) => !known.has(name.replace(/_FILE$/, '')) && name !== 'NODE_EXTRA_CA_CERTS',
      );
      expect(unread).toEqual([]);
    },
  );
});

describe('the schema validator catches what an API server would refuse', () => {
  // The validator must be able to fail: each row breaks a valid rendered object in one way.
  const broken: [string, (objects: K8sObject[]) => void, RegExp][] = [
    [
      'a misspelt field',
      (o) =>
        ((
          deployment(o).spec as any
        ).template.spec.containers[0].securityContext.readOnlyRootFileSystem = true),
      /unknown field of V1SecurityContext/,
    ],
    [
      'a string where an integer belongs',
      (o) => ((deployment(o).spec as any).replicas = '3'),
      /spec.replicas: expected an integer/,
    ],
    [
      'a missing required field',
      (o) => delete (deployment(o).spec as any).template.spec.containers[0].name,
      /containers\[0\].name: required/,
    ],
    [
      'a number as a label value',
      (o) => ((deployment(o).metadata.labels as any).tier = 1),
      /labels.tier/,
    ],
    [
      'an unknown kind',
      (o) => (deployment(o).apiVersion = 'extensions/v1beta1'),
      /not a kind this validator knows/,
    ],
    ['a bad name', (o) => (deployment(o).metadata.name = 'Porthole_API'), /DNS-1123/],
    [
      'a port out of type',
      (o) =>
        ((deployment(o).spec as any).template.spec.containers[0].ports[0].containerPort = '8080'),
      /containerPort: expected an integer/,
    ],
  ];
  const deployment = (objects: K8sObject[]) =>
    objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'porthole') as K8sObject;

  test.each(broken)('%s', async (_name, breakIt, expected) => {
    const objects = await render('porthole');
    const target = deployment(objects);
    expect(validateObject(target)).toEqual([]);
    breakIt(objects);
    expect(validateObject(target).join('\n')).toMatch(expected);
  });
});

describe('the API chart', () => {
  test('default values: replicas, Service, PDB, bundled Redis with AUTH; no Ingress, HPA or operator objects', async () => {
    const objects = await render('porthole');
    expect(kinds(objects)).toEqual([
      'Deployment/porthole',
      'Deployment/porthole-redis',
      'NetworkPolicy/porthole-api',
      'NetworkPolicy/porthole-default-deny',
      'NetworkPolicy/porthole-redis',
      'PodDisruptionBudget/porthole',
      'Secret/porthole',
      'Secret/porthole-redis',
      'Service/porthole',
      'Service/porthole-redis',
      'ServiceAccount/porthole',
    ]);
    const api = objects.find((o) => objectName(o) === 'Deployment/porthole') as any;
    expect(api.spec.replicas).toBeGreaterThan(1);
    expect(api.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
  });

  test('the generated signing key is an Ed25519 PKCS#8 key, and the Redis URL carries a long generated password', async () => {
    const objects = await render('porthole');
    const pem = secretData(
      objects.find((o) => objectName(o) === 'Secret/porthole'),
      'signing-key',
    );
    expect(createPrivateKey(pem).asymmetricKeyType).toBe('ed25519');
    const redis = objects.find((o) => objectName(o) === 'Secret/porthole-redis');
    const password = secretData(redis, 'password');
    expect(password).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(secretData(redis, 'redis-url')).toBe(`redis://:${password}@porthole-redis:6379/0`);
    expect(secretData(redis, 'redis.conf')).toContain(`>${password} `);
  });

  test('a given signing key is kept, and one that is not Ed25519 PKCS#8 is refused', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const objects = await render('porthole', [], [], ['--set-string', `auth.signingKey=${pem}`]);
    expect(
      secretData(
        objects.find((o) => objectName(o) === 'Secret/porthole'),
        'signing-key',
      ),
    ).toBe(pem);
    const refused = await templateRaw('porthole', [], ['auth.signingKey=not-a-key']);
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toContain('Ed25519');
  });

  test('with existingSecret the chart creates no credentials Secret and mounts the named keys as files', async () => {
    const objects = await render('porthole', [
      join(CHARTS.porthole.dir, 'examples', 'production.yaml'),
    ]);
    expect(objects.some((o) => objectName(o) === 'Secret/porthole')).toBe(false);
    const api = objects.find((o) => objectName(o) === 'Deployment/porthole') as any;
    const container = api.spec.template.spec.containers[0];
    const env = Object.fromEntries(
      (container.env as { name: string; value?: string }[]).map((e) => [e.name, e.value]),
    );
    expect(env).toMatchObject({
      PORTHOLE_API_KEYS_FILE: '/var/run/secrets/porthole/api-keys',
      PORTHOLE_ADMIN_KEYS_FILE: '/var/run/secrets/porthole/admin-keys',
      PORTHOLE_AGENT_TOKENS_FILE: '/var/run/secrets/porthole/agent-tokens',
      PORTHOLE_SIGNING_KEY_FILE: '/var/run/secrets/porthole/signing-key',
      REDIS_URL_FILE: '/var/run/secrets/porthole/redis-url',
    });
    expect(api.spec.replicas).toBeUndefined(); // the HPA owns the replica count
    const source = api.spec.template.spec.volumes.find((v: any) => v.name === 'credentials')
      .projected.sources[0].secret;
    expect(source.name).toBe('porthole-credentials');
  });

  test('the PrometheusRule carries exactly deploy/prometheus/alerts.yaml', async () => {
    const source = readFileSync(join(DEPLOY_DIR, 'prometheus', 'alerts.yaml'), 'utf8');
    expect(readFileSync(join(CHARTS.porthole.dir, 'files', 'alerts.yaml'), 'utf8')).toBe(source);
    const objects = await render('porthole', [
      join(CHARTS.porthole.dir, 'examples', 'production.yaml'),
    ]);
    const rule = objects.find((o) => o.kind === 'PrometheusRule') as any;
    const rules = (rule.spec.groups as any[]).flatMap((g): any[] => g.rules);
    expect(rules.map((r): unknown => r.alert).sort()).toEqual(
      [...source.matchAll(/^\s+- alert: (\w+)$/gm)].map((m) => m[1]).sort(),
    );
    // Prometheus' own template syntax reaches the operator untouched by Helm.
    expect(
      rules.find((r: any) => r.alert === 'PortholeAgentDisconnected').annotations.summary,
    ).toContain('{{ $labels.cluster }}');
  });

  const refusals: [string, string[], string[], RegExp][] = [
    ['root user', ['runAsUser=0'], [], /runAsUser/],
    ['a misspelt key', ['networkPolicy.enabeld=false'], [], /additional properties 'enabeld'/],
    ['Ingress without TLS', ['ingress.enabled=true'], [], /ingress.tls is required/],
    [
      'several replicas on the in-memory store',
      ['redis.bundled.enabled=false'],
      [],
      /shared Redis/,
    ],
    [
      'an external Redis while the bundled one is on',
      ['redis.url=redis://:pw@redis:6379/0'],
      [],
      /redis.bundled.enabled=false/,
    ],
    [
      'a Redis URL that is not redis://',
      ['redis.bundled.enabled=false', 'redis.url=http://redis'],
      [],
      /redis/,
    ],
    ['a short bundled Redis password', ['redis.bundled.password=short'], [], /at least 16/],
    [
      'an egress rule without ports',
      [],
      ['--set-json', 'networkPolicy.extraEgress=[{"to":[{"ipBlock":{"cidr":"10.0.0.0/8"}}]}]'],
      /ports/,
    ],
    [
      'a Pod Security level below restricted',
      ['namespace.create=true', 'namespace.podSecurityLevel=baseline'],
      [],
      /restricted/,
    ],
  ];
  test.each(refusals)('helm refuses %s', async (_name, set, extra, message) => {
    const result = await templateRaw('porthole', [], set, extra);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(message);
  });
});

describe('the agent chart', () => {
  const required = CHARTS['porthole-agent'].required;

  test('default values: Deployment, ServiceAccount, ClusterRole and binding, NetworkPolicy, Secret; nothing that listens', async () => {
    const objects = await render('porthole-agent', [], required);
    expect(kinds(objects)).toEqual([
      'ClusterRole/agent-porthole-agent',
      'ClusterRoleBinding/agent-porthole-agent',
      'Deployment/agent-porthole-agent',
      'NetworkPolicy/agent-porthole-agent',
      'Secret/agent-porthole-agent',
      'ServiceAccount/agent-porthole-agent',
    ]);
    const agent = objects.find((o) => o.kind === 'Deployment') as any;
    const container = agent.spec.template.spec.containers[0];
    expect(container.ports).toBeUndefined();
    // The probe reads the heartbeat file the agent's poll loop rewrites on every turn.
    const probe = container.livenessProbe.exec.command as string[];
    expect(probe.slice(0, 2)).toEqual(['node', '-e']);
    expect(probe[3]).toBe('/tmp/porthole-heartbeat');
    expect(container.env).toContainEqual({
      name: 'PORTHOLE_HEARTBEAT_PATH',
      value: '/tmp/porthole-heartbeat',
    });
    expect(container.readinessProbe).toBeUndefined();
  });

  test('the NetworkPolicy allows egress to the port of apiUrl, the kube-apiserver and DNS only', async () => {
    const objects = await render(
      'porthole-agent',
      [],
      [...required, 'apiUrl=https://porthole.example.com:8443'],
    );
    const policy = objects.find((o) => o.kind === 'NetworkPolicy') as any;
    expect(policy.spec.ingress).toBeUndefined();
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    const ports = (policy.spec.egress as any[]).map((rule): string[] =>
      (rule.ports as any[]).map((p) => `${p.port}/${p.protocol}`),
    );
    expect(ports).toEqual([['8443/TCP'], ['443/TCP', '6443/TCP'], ['53/UDP', '53/TCP']]);
  });

  test('namespace scope renders a Role and a RoleBinding per namespace and no cluster-wide grant', async () => {
    const objects = await render('porthole-agent', [
      join(CHARTS['porthole-agent'].dir, 'examples', 'namespace-scoped.yaml'),
    ]);
    expect(
      objects.filter((o) => o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding'),
    ).toEqual([]);
    const grants = objects
      .filter((o) => o.kind === 'Role' || o.kind === 'RoleBinding')
      .map((o) => `${o.kind}/${o.metadata.namespace}`);
    expect(grants.sort()).toEqual([
      'Role/team-a',
      'Role/team-b',
      'RoleBinding/team-a',
      'RoleBinding/team-b',
    ]);
    const role = objects.find((o) => o.kind === 'Role') as any;
    expect((role.rules as { resources: string[] }[]).flatMap((r) => r.resources)).not.toContain(
      'nodes',
    );
  });

  test('a pinned API public key is passed from the Secret; a key that is not SPKI PEM is refused', async () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const objects = await render('porthole-agent', [], required, [
      '--set-string',
      `auth.apiPublicKey=${pem}`,
    ]);
    expect(
      secretData(
        objects.find((o) => o.kind === 'Secret'),
        'api-public-key',
      ),
    ).toBe(pem);
    const agent = objects.find((o) => o.kind === 'Deployment') as any;
    const env = agent.spec.template.spec.containers[0].env.find(
      (e: any) => e.name === 'PORTHOLE_API_PUBLIC_KEY',
    );
    expect(env.valueFrom.secretKeyRef).toMatchObject({
      name: 'agent-porthole-agent',
      key: 'api-public-key',
    });
    const refused = await templateRaw(
      'porthole-agent',
      [],
      [...required, 'auth.apiPublicKey=hello'],
    );
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toContain('SPKI');
  });

  const refusals: [string, string[], string[], RegExp][] = [
    [
      'no clusterId',
      ['apiUrl=https://a.example.com', 'auth.agentToken=0123456789abcdef0123'],
      [],
      /clusterId is required/,
    ],
    ['no token', ['clusterId=c1', 'apiUrl=https://a.example.com'], [], /agentToken/],
    [
      'plain http to a remote API',
      [...required, 'apiUrl=http://porthole.example.com'],
      [],
      /clear text/,
    ],
    ['root user', [...required, 'runAsUser=0'], [], /runAsUser/],
    ['a write verb', required, ['--set-json', 'rbac.verbs=["get","list","delete"]'], /verbs/],
    [
      'secrets',
      required,
      ['--set-json', 'rbac.rules=[{"apiGroups":[""],"resources":["pods","secrets"]}]'],
      /resources/,
    ],
    [
      'pods/exec',
      required,
      ['--set-json', 'rbac.rules=[{"apiGroups":[""],"resources":["pods/exec"]}]'],
      /resources/,
    ],
    [
      'nodes/proxy',
      required,
      ['--set-json', 'rbac.clusterRules=[{"apiGroups":[""],"resources":["nodes/proxy"]}]'],
      /resources/,
    ],
    [
      'a wildcard resource',
      required,
      ['--set-json', 'rbac.rules=[{"apiGroups":["apps"],"resources":["*"]}]'],
      /resources/,
    ],
    [
      'a wildcard group',
      required,
      ['--set-json', 'rbac.rules=[{"apiGroups":["*"],"resources":["pods"]}]'],
      /apiGroups/,
    ],
    [
      'per-rule verbs',
      required,
      ['--set-json', 'rbac.rules=[{"apiGroups":[""],"resources":["pods"],"verbs":["*"]}]'],
      /verbs/,
    ],
    [
      'namespace scope without namespaces',
      [...required, 'rbac.scope=namespaces'],
      [],
      /rbac.namespaces/,
    ],
  ];
  test.each(refusals)('helm refuses %s', async (_name, set, extra, message) => {
    const result = await templateRaw('porthole-agent', [], set, extra);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(message);
  });
});

describe('extraEnv and extraEnvFrom', () => {
  const extra = [
    '--set-json',
    'extraEnv=[{"name":"NODE_OPTIONS","value":"--max-old-space-size=384"},{"name":"TZ","valueFrom":{"configMapKeyRef":{"name":"site","key":"tz"}}}]',
    '--set-json',
    'extraEnvFrom=[{"configMapRef":{"name":"site"}}]',
  ];

  test.each([
    ['porthole', [], 'porthole'],
    ['porthole-agent', CHARTS['porthole-agent'].required, 'agent-porthole-agent'],
  ] as const)('%s: passed to the container as given', async (chart, set, name) => {
    const objects = await render(chart, [], [...set], extra);
    const deployment = objects.find((o) => objectName(o) === `Deployment/${name}`) as any;
    const container = deployment.spec.template.spec.containers[0];
    expect(container.env).toContainEqual({
      name: 'NODE_OPTIONS',
      value: '--max-old-space-size=384',
    });
    expect(container.env).toContainEqual({
      name: 'TZ',
      valueFrom: { configMapKeyRef: { name: 'site', key: 'tz' } },
    });
    expect(container.envFrom).toEqual([{ configMapRef: { name: 'site' } }]);
  });

  // Porthole's own variables have chart values, checked by the schema; extraEnv would bypass it.
  // For the agent, KUBERNETES_* and KUBECONFIG pick where its ServiceAccount token is sent.
  test.each([
    ['porthole', 'PORTHOLE_COMMAND_TIMEOUT_SECONDS'],
    ['porthole', 'PORTHOLE_API_KEYS'],
    ['porthole', 'REDIS_URL'],
    ['porthole', 'LOG_LEVEL'],
    ['porthole', 'NODE_EXTRA_CA_CERTS'],
    ['porthole-agent', 'PORTHOLE_AGENT_TOKEN'],
    ['porthole-agent', 'KUBERNETES_SERVICE_HOST'],
    ['porthole-agent', 'KUBECONFIG'],
    ['porthole-agent', 'not a name'],
  ] as const)('%s refuses extraEnv %s', async (chart, name) => {
    const result = await templateRaw(chart, [], CHARTS[chart].required, [
      '--set-json',
      `extraEnv=[{"name":${JSON.stringify(name)},"value":"x"}]`,
    ]);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/extraEnv/);
  });
});

describe('NOTES.txt says what is missing', () => {
  const notes = async (chart: ChartName, set: string[], extra: string[] = []) => {
    const { dir, namespace, release } = CHARTS[chart];
    const args = ['install', release, dir, '--namespace', namespace, '--dry-run=client'];
    for (const pair of set) args.push('--set', pair);
    const result = await helm([...args, ...extra]);
    expect(result.exitCode, result.stderr).toBe(0);
    return result.stdout.slice(result.stdout.indexOf('NOTES:'));
  };

  test('the API without credentials: no keys, no tokens, no OIDC, and the next steps', async () => {
    const text = await notes('porthole', []);
    expect(text).toContain('MISSING: no API keys, no admin keys and no OIDC');
    expect(text).toContain("--set-string 'auth.adminKeys[0]=admin:'");
    expect(text).toContain('MISSING: no agent tokens, so no cluster is registered');
    expect(text).toContain('/v1/admin/clusters');
    expect(text).toContain('OIDC is off');
  });

  test('the API with keys, a token and OIDC says what it has, never the values', async () => {
    const text = await notes(
      'porthole',
      [],
      [
        '--set-json',
        `auth.adminKeys=["root:${'r'.repeat(32)}"]`,
        '--set-json',
        `auth.agentTokens={"prod-eu":"${'t'.repeat(32)}"}`,
        '--set-json',
        'config.oidc={"issuer":"https://login.example.com","audience":"porthole"}',
      ],
    );
    expect(text).not.toContain('MISSING');
    expect(text).toContain('Registered clusters: prod-eu.');
    expect(text).toContain('Client API keys: 0, admin keys: 1.');
    expect(text).toContain('OIDC: tokens from https://login.example.com for audience porthole');
    expect(text).not.toContain('r'.repeat(32));
    expect(text).not.toContain('t'.repeat(32));
  });

  test('with an existing Secret it names the keys it mounts, not what they hold', async () => {
    const text = await notes(
      'porthole',
      [],
      ['--values', join(CHARTS.porthole.dir, 'examples', 'oidc.yaml')],
    );
    expect(text).toContain(
      'Read from the Secret porthole-credentials (keys: api-keys, admin-keys, agent-tokens, signing-key)',
    );
    expect(text).not.toContain('MISSING');
    expect(text).toContain('3 group(s) mapped to scopes');
  });

  test('the agent names its RBAC and how to opt into custom resources', async () => {
    const text = await notes('porthole-agent', CHARTS['porthole-agent'].required);
    expect(text).toContain('every kind the read-only policy reads');
    expect(text).toContain('No custom resource group is readable');
    expect(text).toContain('rbac.customResourceGroups');
  });
});
