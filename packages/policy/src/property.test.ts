// Property tests: forbidden parts are never allowed; allowed commands canonicalize to a fixed point.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from './index.js';
import type { Decision } from './index.js';

const RUNS = { numRuns: 1000 };

const FORBIDDEN_VERBS = [
  'delete',
  'exec',
  'apply',
  'edit',
  'patch',
  'proxy',
  'port-forward',
  'cp',
  'attach',
  'config',
  'auth',
  'debug',
  'create',
  'replace',
  'scale',
  'drain',
  'run',
  'label',
  'annotate',
  'GET',
  'Get',
  'gett',
  'kubectl',
];
const FORBIDDEN_FLAGS = [
  '--kubeconfig=/x',
  '--kubeconfig',
  '--server=https://evil',
  '-s',
  '-shttps://evil',
  '--token',
  '--token=abc',
  '--as=admin',
  '--as-group=system:masters',
  '--as-uid=0',
  '--user=u',
  '--cluster=c',
  '--context=c',
  '--certificate-authority=/ca',
  '--client-certificate=/c',
  '--client-key=/k',
  '--insecure-skip-tls-verify',
  '--raw',
  '--raw=/api',
  '-f',
  '--filename=x',
  '-k',
  '-w',
  '--watch',
  '--watch-only',
  '-v=9',
  '--v=9',
  '-v',
  '--template=x',
  '--output-watch-events',
  '-Ao',
  '-kubeconfig',
  '--sort-by=x',
  '-L',
  '-h',
];
const FORBIDDEN_TYPES = [
  'secrets',
  'secret',
  'Secret',
  'SECRETS',
  'secrets.v1.',
  'secret.',
  'pods,secrets',
  'secret,pods',
  'secret/x',
  'pods/a,secrets/b',
  'all',
  'configmaps',
  'cm',
  'PO',
  'pods.v1',
  'events.events.k8s.io',
  'pods,',
];
const FORBIDDEN_OUTPUTS = [
  'go-template=x',
  'jsonpath=x',
  'custom-columns=A:.a',
  'template',
  'WIDE',
  'kyaml',
  'jsonpath-file=/x',
];

// Self-contained pieces of a get command (a value flag travels with its value).
const UNITS: string[][] = [
  ['-n', 'default'],
  ['-A'],
  ['-o', 'json'],
  ['-o', 'wide'],
  ['--show-labels'],
  ['--no-headers'],
  ['-l', 'app=x'],
  ['--field-selector', 'status.phase=Running'],
  ['web-1'],
  ['pod/web-1'],
  ['--'],
];
const FLAG_UNITS = UNITS.filter((u) => u[0]?.startsWith('-') && u[0] !== '--');

const units = (pool: string[][], max: number) =>
  fc.array(fc.constantFrom(...pool), { maxLength: max }).map((us) => us.flat());

const forbiddenCommand = fc.oneof(
  fc
    .tuple(fc.constantFrom(...FORBIDDEN_VERBS), units(UNITS, 5))
    .map(([v, rest]) => [v, 'pods', ...rest]),
  fc
    .tuple(units(UNITS, 4), fc.constantFrom(...FORBIDDEN_FLAGS), units(UNITS, 4))
    .map(([a, f, b]) => ['get', 'pods', ...a, f, ...b]),
  fc
    .tuple(units(FLAG_UNITS, 3), fc.constantFrom(...FORBIDDEN_TYPES), units(UNITS, 4))
    .map(([a, t, b]) => ['get', ...a, t, ...b]),
  fc
    .tuple(units(UNITS, 3), fc.constantFrom(...FORBIDDEN_OUTPUTS), units(FLAG_UNITS, 3))
    .map(([a, o, b]) => ['get', 'pods', ...a, '-o', o, ...b]),
);

const quote = (argv: string[]): string => argv.map((a) => `'${a}'`).join(' ');

describe('forbidden parts', () => {
  it('are never allowed, as argv or as a string, with or without kubectl', () => {
    fc.assert(
      fc.property(forbiddenCommand, fc.boolean(), (argv, prefix) => {
        const full = prefix ? ['kubectl', ...argv] : argv;
        expect(evaluate(full).allowed).toBe(false);
        expect(evaluate(quote(full)).allowed).toBe(false);
      }),
      RUNS,
    );
  });
});

// Spellings of each allowed kind, indexed by canonical type.
const SPELLINGS: Record<string, { names: string[]; namespaced: boolean }> = {
  pods: {
    names: ['pods', 'pod', 'po', 'Pod', 'PODS', 'pods.', 'pods.v1.', 'po.v1.'],
    namespaced: true,
  },
  services: { names: ['services', 'service', 'svc', 'Service', 'svc.v1.'], namespaced: true },
  'deployments.apps': {
    names: [
      'deployments',
      'deploy',
      'Deployment',
      'deployments.apps',
      'deploy.apps',
      'deployments.v1.apps',
    ],
    namespaced: true,
  },
  'replicasets.apps': {
    names: ['replicasets', 'rs', 'ReplicaSet', 'rs.apps', 'replicasets.v1.apps'],
    namespaced: true,
  },
  nodes: { names: ['nodes', 'node', 'no', 'Node'], namespaced: false },
  namespaces: { names: ['namespaces', 'namespace', 'ns', 'Namespace'], namespaced: false },
  events: { names: ['events', 'event', 'ev', 'Event', 'events.v1.'], namespaced: true },
};
const CANONICAL = Object.keys(SPELLINGS);

const dnsName = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,10}[a-z0-9])?(\.[a-z0-9]{1,5})?$/);
const nsName = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,10}[a-z0-9])?$/);
const spelling = (canon: string) => fc.constantFrom(...(SPELLINGS[canon]?.names ?? []));

interface Plan {
  positionals: string[];
  named: boolean;
  kinds: string[];
}

const typeListPlan: fc.Arbitrary<Plan> = fc
  .tuple(
    fc.uniqueArray(fc.constantFrom(...CANONICAL), { minLength: 1, maxLength: 3 }),
    fc.array(dnsName, { maxLength: 3 }),
  )
  .chain(([kinds, names]) =>
    fc
      .tuple(...kinds.map(spelling))
      .map((sp) => ({ positionals: [sp.join(','), ...names], named: names.length > 0, kinds })),
  );

const tuplePlan: fc.Arbitrary<Plan> = fc
  .array(fc.tuple(fc.constantFrom(...CANONICAL), dnsName), { minLength: 1, maxLength: 3 })
  .chain((pairs) =>
    fc.tuple(...pairs.map(([k, n]) => spelling(k).map((s) => `${s}/${n}`))).map((positionals) => ({
      positionals,
      named: true,
      kinds: pairs.map(([k]) => k),
    })),
  );

const validCommand = fc.oneof(typeListPlan, tuplePlan).chain((plan) => {
  const namespacedNamed = plan.named && plan.kinds.some((k) => SPELLINGS[k]?.namespaced);
  const nsUnit = fc.oneof(
    fc.constant<string[]>([]),
    nsName.chain((n) =>
      fc.constantFrom(['-n', n], [`-n${n}`], [`-n=${n}`], ['--namespace', n], [`--namespace=${n}`]),
    ),
    ...(namespacedNamed
      ? []
      : [fc.constantFrom(['-A'], ['--all-namespaces'], ['-A=true'], ['--all-namespaces=1'])]),
  );
  const selUnits = plan.named
    ? fc.constant<string[][]>([])
    : fc
        .tuple(
          fc.constantFrom<string[]>(
            [],
            ['-l', 'app=web'],
            ['-lapp in (a,b)'],
            ['--selector=!canary,tier'],
            ['-l', ''],
          ),
          fc.constantFrom<string[]>(
            [],
            ['--field-selector', 'status.phase=Running'],
            ['--field-selector=spec.nodeName='],
          ),
        )
        .map((u) => [...u]);
  const outUnit = fc.constantFrom<string[]>(
    [],
    ['-o', 'json'],
    ['-oyaml'],
    ['--output=wide'],
    ['-o=name'],
    ['-o', 'JSON'],
  );
  return fc
    .tuple(nsUnit, selUnits, outUnit, fc.boolean(), fc.boolean(), fc.boolean(), fc.nat())
    .map(([ns, sels, out, labels, headers, dashdash, seed]) => {
      const wideOrTable = out.length === 0 || out.join('').includes('wide');
      const flags: (readonly string[])[] = [ns, ...sels, out];
      if (labels && wideOrTable) flags.push(['--show-labels']);
      if (headers) flags.push(['--no-headers']);
      // Interleave flag units among positionals deterministically from the seed.
      const argv = ['get'];
      const pos = [...plan.positionals];
      let s = seed;
      for (const f of flags.filter((u) => u.length > 0)) {
        const take = pos.length > 0 ? s % (pos.length + 1) : 0;
        s = Math.floor(s / 3) + 7;
        argv.push(...pos.splice(0, take), ...f);
      }
      if (dashdash && pos.length > 0) argv.push('--');
      argv.push(...pos);
      return argv;
    });
});

const ALLOWED_FLAGS = new Set([
  '-n',
  '-A',
  '-l',
  '--field-selector',
  '-o',
  '--show-labels',
  '--no-headers',
]);

/** An oracle independent of the parser: the shape every canonical argv must have. */
function assertCanonicalShape(d: Extract<Decision, { allowed: true }>): void {
  const [verb, first, ...rest] = d.argv;
  expect(verb).toBe('get');
  expect(first).toBeDefined();
  const types = first?.includes('/')
    ? d.argv
        .slice(1)
        .filter((a) => a.includes('/'))
        .map((a) => a.split('/')[0])
    : first?.split(',');
  for (const t of types ?? []) expect(CANONICAL).toContain(t);
  let sawFlag = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i] ?? '';
    if (a.startsWith('-')) {
      sawFlag = true;
      expect(ALLOWED_FLAGS).toContain(a);
      if (a === '-n' || a === '-l' || a === '--field-selector' || a === '-o') i++;
    } else {
      expect(sawFlag).toBe(false);
    }
  }
  for (const a of d.argv) expect(a).toMatch(/^[\x20-\x7e]*$/);
}

describe('allowed commands', () => {
  it('are allowed, canonical, and a fixed point (argv and string forms agree)', () => {
    fc.assert(
      fc.property(validCommand, (argv) => {
        const d = evaluate(argv);
        expect(d).toMatchObject({ allowed: true });
        if (!d.allowed) return;
        assertCanonicalShape(d);
        expect(evaluate(d.argv)).toEqual(d);
        expect(evaluate(quote(argv))).toEqual(d);
        expect(evaluate(['kubectl', ...argv])).toEqual(d);
      }),
      RUNS,
    );
  });
});

const ANY_TOKENS = [
  ...FORBIDDEN_VERBS,
  ...FORBIDDEN_FLAGS,
  ...FORBIDDEN_TYPES,
  ...FORBIDDEN_OUTPUTS,
  ...UNITS.flat(),
  'pods',
  'pods',
  'svc',
  'nodes',
  'deploy,svc',
  'po/x',
  'ns/y',
  'x',
  'x',
  '-n',
  '-o',
  '-l',
  '-A',
  'json',
  'wide',
  'kube-system',
  'app=x',
  '--',
  '-',
  '--show-labels',
  '--no-headers',
];

describe('any mix of tokens', () => {
  it('is either denied or canonical and a fixed point; never throws', () => {
    let allowedCount = 0;
    let deniedCount = 0;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ANY_TOKENS), { maxLength: 8 }), (rest) => {
        const d = evaluate(['get', ...rest]);
        if (!d.allowed) {
          deniedCount++;
          expect(d.message.length).toBeGreaterThan(0);
          return;
        }
        allowedCount++;
        assertCanonicalShape(d);
        expect(evaluate(d.argv)).toEqual(d);
      }),
      { numRuns: 3000 },
    );
    // Both outcomes must actually occur, or the property says nothing.
    expect(allowedCount).toBeGreaterThan(10);
    expect(deniedCount).toBeGreaterThan(10);
  });

  it('arbitrary strings never throw and never yield a non-canonical allow', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 30 })),
        (s) => {
          const d = evaluate(`get ${s}`);
          if (d.allowed) {
            assertCanonicalShape(d);
            expect(evaluate(d.argv)).toEqual(d);
          }
        },
      ),
      RUNS,
    );
  });
});
