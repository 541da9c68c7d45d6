// Property tests: forbidden parts are never allowed; allowed commands canonicalize to a fixed point, for every verb.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from './index.js';
import type { AllowedDecision, EvaluateOptions } from './index.js';
import { DISCOVERY } from './testing/discovery.js';
import { checkRequest } from './testing/request-check.js';

const RUNS = { numRuns: 300 };

const dnsName = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,10}[a-z0-9])?(\.[a-z0-9]{1,5})?$/);
const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,10}[a-z0-9])?$/);

/** One way to write `-n NS` (or nothing). */
const nsUnit = label.chain((n) =>
  fc.constantFrom<string[]>(
    [],
    ['-n', n],
    [`-n${n}`],
    [`-n=${n}`],
    ['--namespace', n],
    [`--namespace=${n}`],
  ),
);
const allUnit = fc.constantFrom<string[]>(
  ['-A'],
  ['--all-namespaces'],
  ['-A=true'],
  ['--all_namespaces=1'],
);
const labelSel = fc.constantFrom<string[]>(
  [],
  ['-l', 'app=web'],
  ['-lapp in (a,b)'],
  ['--selector=!canary,tier'],
  ['-l', ''],
  ['-l=app!=x'],
);
const fieldSel = fc.constantFrom<string[]>(
  [],
  ['--field-selector', 'status.phase=Running'],
  ['--field-selector=spec.nodeName='],
);
interface Plan {
  /** Words that must come first in this order (`top pod`, `rollout status`). */
  head: string[];
  positionals: string[];
  /** Self-contained flag units (a value flag travels with its value). */
  flags: string[][];
}

/** Interleaves flag units among the positionals, deterministically from the seed; sometimes `--` before the rest. */
function assemble(plan: Plan, seed: number, dashdash: boolean): string[] {
  const argv = [...plan.head];
  const pos = [...plan.positionals];
  let s = seed;
  for (const f of plan.flags.filter((u) => u.length > 0)) {
    const take = pos.length > 0 ? s % (pos.length + 1) : 0;
    s = Math.floor(s / 3) + 7;
    argv.push(...pos.splice(0, take), ...f);
  }
  if (dashdash && pos.length > 0) argv.push('--');
  argv.push(...pos);
  return argv;
}

const build = (plan: fc.Arbitrary<Plan>): fc.Arbitrary<string[]> =>
  fc.tuple(plan, fc.nat(), fc.boolean()).map(([p, seed, dd]) => assemble(p, seed, dd));

// Type spellings with what they resolve to (namespaced or not); the discovery adds a CRD.
const TYPES: [spellings: string[], namespaced: boolean][] = [
  [['pods', 'pod', 'po', 'Pod', 'PODS', 'pods.', 'pods.v1.', 'po.v1.'], true],
  [['services', 'svc', 'Service', 'svc.v1.'], true],
  [
    [
      'deployments',
      'deploy',
      'Deployment',
      'deployments.apps',
      'deploy.apps',
      'deployments.v1.apps',
    ],
    true,
  ],
  [['replicasets', 'rs', 'ReplicaSet', 'rs.apps'], true],
  [['configmaps', 'cm', 'ConfigMap'], true],
  [['hpa', 'hpa.v1.autoscaling', 'horizontalpodautoscalers.autoscaling'], true],
  [['nodes', 'node', 'no', 'Node'], false],
  [['namespaces', 'ns', 'Namespace'], false],
  [['events', 'ev', 'Event', 'events.v1.'], true],
  [['widgets', 'wd', 'Widget', 'widgets.example.com', 'widgets.v1beta1.example.com'], true],
  [['gadgets', 'gadget', 'Gadget'], false],
];

const typePick = fc.uniqueArray(fc.integer({ min: 0, max: TYPES.length - 1 }), {
  minLength: 1,
  maxLength: 3,
});
const spell = (i: number): fc.Arbitrary<string> => fc.constantFrom(...(TYPES[i]?.[0] ?? ['pods']));

/** `get`/`describe` resource arguments: a type list with names, or type/name pairs. */
const resourceArgs: fc.Arbitrary<{ positionals: string[]; named: boolean; namespaced: boolean }> =
  fc.oneof(
    fc.tuple(typePick, fc.array(dnsName, { maxLength: 3 })).chain(([idx, names]) =>
      fc.tuple(...idx.map(spell)).map((sp) => ({
        positionals: [sp.join(','), ...names],
        named: names.length > 0,
        namespaced: idx.some((i) => TYPES[i]?.[1]),
      })),
    ),
    fc
      .array(fc.tuple(fc.integer({ min: 0, max: TYPES.length - 1 }), dnsName), {
        minLength: 1,
        maxLength: 3,
      })
      .chain((pairs) =>
        fc.tuple(...pairs.map(([i, n]) => spell(i).map((s) => `${s}/${n}`))).map((positionals) => ({
          positionals,
          named: true,
          namespaced: pairs.some(([i]) => TYPES[i]?.[1]),
        })),
      ),
  );

const getPlan: fc.Arbitrary<Plan> = resourceArgs.chain((r) =>
  fc
    .tuple(
      r.named && r.namespaced ? nsUnit : fc.oneof(nsUnit, allUnit),
      r.named ? fc.constant<string[]>([]) : labelSel,
      r.named ? fc.constant<string[]>([]) : fieldSel,
      fc.constantFrom<string[]>(
        [],
        ['-o', 'json'],
        ['-oyaml'],
        ['--output=wide'],
        ['-o=name'],
        ['-o', 'JSON'],
        ['-o', 'jsonpath={.items[*].metadata.name}'],
        ['-ojsonpath-as-json={.a} {range .b[*]}{.c}{end}'],
        ['--output=custom-columns=N:.metadata.name,K:{.kind}'],
        ['-o=jsonpath={.a}|{.b}'],
      ),
      fc.boolean(),
      fc.subarray([
        ['--no-headers'],
        ['-L', 'app'],
        ['--sort-by=.metadata.name'],
        ['--show-kind'],
        ['--ignore-not-found'],
        ['--show-managed-fields'],
      ]),
      fc.constantFrom<string[]>(
        [],
        ['--allow-missing-template-keys=false'],
        ['--allow-missing-template-keys'],
      ),
    )
    .map(([ns, l, fs, out, labels, more, missing]) => {
      const table = out.length === 0 || out.join('').includes('wide');
      const flags = [ns, l, fs, out, missing, ...more];
      if (labels && table) flags.push(['--show-labels']);
      return { head: ['get'], positionals: r.positionals, flags };
    }),
);

const describePlan: fc.Arbitrary<Plan> = resourceArgs.chain((r) =>
  fc
    .tuple(
      r.named && r.namespaced ? nsUnit : fc.oneof(nsUnit, allUnit),
      r.named ? fc.constant<string[]>([]) : labelSel,
      fc.constantFrom<string[]>([], ['--show-events=false'], ['--show-events']),
    )
    .map((flags) => ({ head: ['describe'], positionals: r.positionals, flags })),
);

const duration = fc.constantFrom('5m', '1h30m', '90s', '1.5h', '2h', '45m', '500ms');
const time = fc.constantFrom(
  '2024-08-30T06:00:00Z',
  '2024-02-29T23:59:59.5+01:00',
  '2025-12-31T00:00:00-08:00',
);
const logsPlan: fc.Arbitrary<Plan> = fc
  .tuple(
    fc.oneof(
      dnsName.map((n) => [n]),
      fc
        .tuple(
          fc.constantFrom(
            'pod',
            'po',
            'deploy',
            'deployment.apps',
            'sts',
            'ds',
            'rs',
            'job',
            'svc',
            'rc',
          ),
          dnsName,
        )
        .map(([t, n]) => [`${t}/${n}`]),
      fc.constant<string[]>([]),
    ),
    label,
    fc.constantFrom('flag', 'inline', 'none', 'all'),
    nsUnit,
    fc.oneof(
      fc.constant<string[][]>([]),
      duration.map((d) => [['--since', d]]),
      time.map((t) => [[`--since-time=${t}`]]),
    ),
    fc.option(fc.integer({ min: 0, max: 100_000 })),
    fc.subarray([['--prefix'], ['--timestamps'], ['--limit-bytes=4096'], ['--all-pods']], {
      maxLength: 3,
    }),
    fc.constantFrom<string[]>([], ['-p'], ['--previous=true'], ['--previous']),
  )
  .map(([target, container, how, ns, since, tail, bools, previous]) => {
    const positionals = [...target];
    const flags: string[][] = [ns, ...since, ...bools, previous];
    if (target.length === 0) flags.push(['-l', 'app=web']);
    if (how === 'flag') flags.push(['-c', container]);
    else if (how === 'inline' && target.length > 0) positionals.push(container);
    else if (how === 'all') flags.push(['--all-containers']);
    if (tail !== null) flags.push([`--tail=${tail}`]);
    return { head: ['logs'], positionals, flags };
  });

const eventsPlan: fc.Arbitrary<Plan> = fc
  .tuple(
    fc.oneof(nsUnit, allUnit),
    fc.option(fc.tuple(fc.constantFrom('pod', 'Pod', 'PO', 'deploy', 'node', 'widget'), dnsName)),
    fc.constantFrom<string[][]>(
      [],
      [['--types=Warning']],
      [['--types', 'normal,Warning']],
      [['--types=Normal'], ['--types=Warning']],
    ),
    fc.constantFrom<string[]>([], ['-o', 'json'], ['-oyaml'], ['-o', 'Name']),
    fc.boolean(),
  )
  .map(([ns, forObj, types, out, noHeaders]) => {
    const flags = [ns, ...types, out];
    if (forObj) flags.push([`--for=${forObj[0]}/${forObj[1]}`]);
    if (noHeaders) flags.push(['--no-headers']);
    return { head: ['events'], positionals: [], flags };
  });

const topPlan: fc.Arbitrary<Plan> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('pod', 'pods', 'po'),
      fc.option(dnsName),
      nsUnit,
      fc.boolean(),
      fc.subarray([
        ['--containers'],
        ['--sum'],
        ['--no-headers'],
        ['--sort-by=cpu'],
        ['--show-swap'],
      ]),
    )
    .map(([sub, name, ns, all, more]) => ({
      head: ['top', sub],
      positionals: name === null ? [] : [name],
      flags: [
        name === null && all ? ['-A'] : ns,
        ...(name === null ? [['-l', 'app=web']] : []),
        ...more,
      ],
    })),
  fc
    .tuple(
      fc.constantFrom('node', 'nodes', 'no'),
      fc.option(dnsName),
      fc.subarray([['--no-headers'], ['--show-capacity'], ['--sort-by=memory'], ['-n', 'x']]),
    )
    .map(([sub, name, more]) => ({
      head: ['top', sub],
      positionals: name === null ? [] : [name],
      flags: more,
    })),
);

const explainPlan: fc.Arbitrary<Plan> = fc
  .tuple(
    fc.constantFrom(
      'pods',
      'po',
      'Deployment',
      'deploy',
      'deployments.apps',
      'svc',
      'widgets',
      'widgets.example.com',
      'events.events.k8s.io',
    ),
    fc.array(fc.constantFrom('spec', 'status', 'containers', 'metadata', 'name'), { maxLength: 3 }),
    fc.boolean(),
  )
  .map(([type, fields, recursive]) => ({
    head: ['explain'],
    positionals: [[type, ...fields].join('.')],
    flags: recursive ? [['--recursive']] : [],
  }));

const discoveryPlan: fc.Arbitrary<Plan> = fc.oneof(
  fc
    .subarray([
      ['--namespaced=false'],
      ['--api-group=apps'],
      ['--verbs=list'],
      ['--categories=all'],
      ['--sort-by=kind'],
      ['-o', 'wide'],
      ['--no-headers'],
    ])
    .map((flags) => ({ head: ['api-resources'], positionals: [], flags })),
  fc.constant<Plan>({ head: ['api-versions'], positionals: [], flags: [] }),
  fc
    .subarray([['--client'], ['-o', 'json']])
    .map((flags) => ({ head: ['version'], positionals: [], flags })),
  nsUnit.map((ns) => ({ head: ['cluster-info'], positionals: [], flags: [ns] })),
);

const rolloutPlan: fc.Arbitrary<Plan> = fc
  .tuple(
    fc.constantFrom('history', 'status'),
    fc.constantFrom('deploy', 'deployment', 'sts', 'ds', 'deployments.apps'),
    dnsName,
    fc.boolean(),
    nsUnit,
    fc.option(fc.integer({ min: 0, max: 50 })),
    fc.boolean(),
  )
  .map(([sub, type, name, slash, ns, revision, watchFalse]) => ({
    head: ['rollout', sub],
    positionals: slash ? [`${type}/${name}`] : [type, name],
    flags: [
      ns,
      revision === null ? [] : [`--revision=${revision}`],
      sub === 'status' && watchFalse ? ['--watch=false'] : [],
    ],
  }));

const VALID: Record<string, fc.Arbitrary<string[]>> = {
  get: build(getPlan),
  describe: build(describePlan),
  logs: build(logsPlan),
  events: build(eventsPlan),
  top: build(topPlan),
  explain: build(explainPlan),
  'api-resources, api-versions, version, cluster-info': build(discoveryPlan),
  rollout: build(rolloutPlan),
};

/** Pipe stages as users write them (parsed, they print back in the grammar's canonical words). */
const stageWords: fc.Arbitrary<string[]> = fc.oneof(
  fc
    .tuple(
      fc.subarray([['-i'], ['-v'], ['-w'], ['-n'], ['-A', '2'], ['-C1'], ['--count']]),
      fc.constantFrom<string[]>([], ['-E'], ['-F']),
      fc.constantFrom<string[]>(
        ['crash'],
        ['a|b'],
        ['web-[0-9]+'],
        ['--regexp=|'],
        ['-e|'],
        ['--', '-v'],
        ['-e', 'x', '-e', 'y'],
        ['Back-off pulling'],
      ),
    )
    .map(([flags, matcher, pattern]) => ['grep', ...flags.flat(), ...matcher, ...pattern]),
  fc.constantFrom<string[]>(
    ['head'],
    ['head', '-n', '5'],
    ['head', '-3'],
    ['tail', '-n', '+2'],
    ['tail', '-4'],
    ['tail', '--lines=7'],
    ['wc', '-l'],
  ),
);
const stages = fc.array(stageWords, { minLength: 1, maxLength: 4 });
const piped = (argv: string[], list: string[][]): string[] => [
  ...argv,
  ...list.flatMap((s) => ['|', ...s]),
];

const OPTIONS: EvaluateOptions = { discovery: DISCOVERY };
/** A string command for argv: every word single-quoted, each separator a bare `|`. */
const quote = (argv: string[]): string => argv.map((a) => (a === '|' ? '|' : `'${a}'`)).join(' ');

// Flags every canonical argv may contain, by verb: separate-word value flags, then `--x=` prefixes.
const VALUE_FLAGS = new Set(['-n', '-l', '--field-selector', '-o', '-c']);
const CANONICAL_FLAGS: Record<string, string[]> = {
  get: [
    '-n',
    '-A',
    '-l',
    '--field-selector',
    '-o',
    '--show-labels',
    '--no-headers',
    '--label-columns=',
    '--sort-by=',
    '--show-kind',
    '--ignore-not-found',
    '--show-managed-fields',
    '--allow-missing-template-keys=false',
  ],
  describe: ['-n', '-A', '-l', '--show-events=false'],
  logs: [
    '-n',
    '-l',
    '-c',
    '--all-containers',
    '--all-pods',
    '-p',
    '--prefix',
    '--timestamps',
    '--since=',
    '--since-time=',
    '--tail=',
    '--limit-bytes=',
  ],
  events: ['-n', '-A', '--for=', '--types=', '-o', '--no-headers'],
  top: [
    '-n',
    '-A',
    '-l',
    '--field-selector',
    '--sort-by=',
    '--containers',
    '--sum',
    '--no-headers',
    '--show-swap',
    '--show-capacity',
  ],
  explain: ['--recursive', '--api-version='],
  'api-resources': [
    '--namespaced=',
    '--api-group=',
    '--verbs=',
    '--categories=',
    '--sort-by=',
    '-o',
    '--no-headers',
  ],
  'api-versions': [],
  version: ['--client', '-o'],
  'cluster-info': ['-n'],
  rollout: ['-n', '--revision=', '--watch=false'],
};

/** The canonical words of each stage: the tool, then flags in the grammar's fixed order. */
const STAGE_SHAPES: Record<string, RegExp> = {
  grep: /^grep( -[FE])?( -i)?( -v)?( -w)?( -c)?( -n)?( -B \d+)?( -A \d+)?((( -e [^\n]*)|( --regexp=\|))+| [^-|][^\n]*)$/,
  head: /^head -n \d+$/,
  tail: /^tail -n \+?\d+$/,
  wc: /^wc -l$/,
};

/** An oracle independent of the parser: the shape every canonical argv must have. */
function assertCanonicalShape(d: AllowedDecision): void {
  const allowed = CANONICAL_FLAGS[d.verb] ?? [];
  const skip = d.subcommand === null ? 1 : 2;
  const cut = d.argv.indexOf('|');
  const command = cut < 0 ? d.argv : d.argv.slice(0, cut);
  if (cut >= 0) {
    const stages = d.argv
      .slice(cut + 1)
      .join('\n')
      .split('\n|\n')
      .map((s) => s.replaceAll('\n', ' '));
    expect(stages.length).toBe(d.pipes.length);
    for (const s of stages) expect(s).toMatch(STAGE_SHAPES[s.split(' ')[0] ?? ''] ?? /^$/);
  } else expect(d.pipes).toEqual([]);
  expect(d.pipes.length).toBeLessThanOrEqual(4);
  let sawFlag = false;
  for (let i = skip; i < command.length; i++) {
    const a = command[i] ?? '';
    if (a.startsWith('-')) {
      sawFlag = true;
      expect(
        allowed.some((f) => (f.endsWith('=') ? a.startsWith(f) : a === f)),
        `${d.verb} ${a}`,
      ).toBe(true);
      if (VALUE_FLAGS.has(a)) i++;
    } else {
      expect(sawFlag, `positional after flags in ${JSON.stringify(d.argv)}`).toBe(false);
    }
  }
  for (const a of d.argv) expect(a).toMatch(/^[\x20-\x7e]*$/);
  if (d.verb === 'logs')
    expect(d.argv.some((a) => a.startsWith('--tail=') || a.startsWith('--since'))).toBe(true);
  if (d.verb === 'rollout' && d.subcommand === 'status')
    expect(command.at(-1)).toBe('--watch=false');
}

describe('allowed commands', () => {
  it('with pipe stages: allowed, canonical, a fixed point; string, argv and kubectl forms agree', () => {
    fc.assert(
      fc.property(anyValid, stages, (argv, list) => {
        const full = piped(argv, list);
        const d = evaluate(full, OPTIONS);
        expect(d, JSON.stringify(full)).toMatchObject({ allowed: true });
        if (!d.allowed) return;
        assertCanonicalShape(d);
        expect(d.pipes).toHaveLength(list.length);
        // The kubectl command decides the same with or without its stages.
        const alone = evaluate(argv, OPTIONS);
        expect(alone.allowed && d.argv.slice(0, alone.argv.length)).toEqual(
          alone.allowed && alone.argv,
        );
        expect(alone.allowed && alone.request).toEqual(d.request);
        expect(evaluate(d.argv, OPTIONS)).toEqual(d);
        expect(evaluate(quote(full), OPTIONS)).toEqual(d);
        expect(evaluate(['kubectl', ...full], OPTIONS)).toEqual(d);
        checkRequest(d, OPTIONS);
      }),
      RUNS,
    );
  });

  it('with a fifth stage, an empty stage or a pipe into anything else: refused', () => {
    fc.assert(
      fc.property(
        anyValid,
        stages,
        fc.constantFrom<string[][]>(
          [
            ['grep', 'a'],
            ['grep', 'b'],
            ['grep', 'c'],
            ['grep', 'd'],
            ['wc', '-l'],
          ],
          [[]],
          [['sh']],
          [['awk', 'NF']],
          [['grep', '-r', 'x']],
          [['tail', '-f']],
        ),
        fc.nat(),
        (argv, list, bad, seed) => {
          const at = seed % (list.length + 1);
          const all = [...list.slice(0, at), ...bad, ...list.slice(at)];
          const d = evaluate(piped(argv, all), OPTIONS);
          expect(d.allowed, JSON.stringify(piped(argv, all))).toBe(false);
          expect(evaluate(quote(piped(argv, all)), OPTIONS).allowed).toBe(false);
        },
      ),
      RUNS,
    );
  });

  for (const [verb, arb] of Object.entries(VALID)) {
    it(`${verb}: allowed, canonical, a fixed point; string, argv and kubectl forms agree`, () => {
      fc.assert(
        fc.property(arb, (argv) => {
          const d = evaluate(argv, OPTIONS);
          expect(d, JSON.stringify(argv)).toMatchObject({ allowed: true });
          if (!d.allowed) return;
          assertCanonicalShape(d);
          expect(evaluate(d.argv, OPTIONS)).toEqual(d);
          expect(evaluate(quote(argv), OPTIONS)).toEqual(d);
          expect(evaluate(['kubectl', ...argv], OPTIONS)).toEqual(d);
        }),
        RUNS,
      );
    });
  }
});

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
  'set',
  'taint',
  'cordon',
  'wait',
  'GET',
  'Get',
  'gett',
  'kubectl',
  'Describe',
  'log',
  'event',
];
const FORBIDDEN_FLAGS: string[][] = [
  ['--kubeconfig=/x'],
  ['--kubeconfig', '/x'],
  ['--server=https://evil'],
  ['-s', 'https://evil'],
  ['-shttps://evil'],
  ['--token', 'abc'],
  ['--token=abc'],
  ['--as=admin'],
  ['--as_group=system:masters'],
  ['--as-group=system:masters'],
  ['--as-uid=0'],
  ['--user=u'],
  ['--cluster=c'],
  ['--context=c'],
  ['--certificate-authority=/ca'],
  ['--client-certificate=/c'],
  ['--client-key=/k'],
  ['--insecure-skip-tls-verify'],
  ['--raw'],
  ['--raw=/api'],
  ['-f'],
  ['-f', 'x.yaml'],
  ['--filename=x'],
  ['-k', 'dir'],
  ['-R'],
  ['-w'],
  ['--watch'],
  ['--watch=true'],
  ['--watch-only'],
  ['-v=9'],
  ['--v=9'],
  ['-v', '9'],
  ['--template=x'],
  ['--output-watch-events'],
  ['-kubeconfig'],
  ['-h'],
  ['--help'],
  ['--follow'],
  ['--request-timeout=1'],
  ['--cache-dir=/tmp'],
  ['-Aw'],
  ['-pf'],
  ['--password=x'],
];
const FORBIDDEN_TYPES = [
  'secrets',
  'secret',
  'Secret',
  'SECRETS',
  'secrets.v1.',
  'secret.',
  'secrets.v2.foo',
  'vs',
  'secrets.vault.example.com',
  'PO',
  'pods.v1',
  'sprockets',
  'pods.core',
  'deployments.APPS',
];
const FORBIDDEN_OUTPUTS = [
  'go-template=x',
  'template',
  'WIDE',
  'kyaml',
  'jsonpath-file=/x',
  'go-template-file=/x',
  'custom-columns-file=/x',
  'templatefile=/x',
  'jsonpath',
  'jsonpath=',
  'custom-columns=',
  'JSONPATH=x',
  'Custom-Columns=A:.a',
];
/** Allowed for get only. */
const PROJECTIONS = ['jsonpath=x', 'custom-columns=A:.a', 'jsonpath-as-json=x'];

const anyValid = fc.oneof(...Object.values(VALID));
/** Inserts `units` after the verb words (before any `--`), at a position picked by the seed. */
function insert(argv: string[], units: string[], seed: number): string[] {
  const head = argv[0] === 'top' || argv[0] === 'rollout' ? 2 : 1;
  const dd = argv.indexOf('--');
  const end = dd < 0 ? argv.length : dd;
  const at = head + (seed % (end - head + 1));
  return [...argv.slice(0, at), ...units, ...argv.slice(at)];
}
/** Replaces the first type word of a resource-taking command. */
function withType(argv: string[], bad: string): string[] | null {
  const verb = argv[0];
  if (verb !== 'get' && verb !== 'describe' && verb !== 'rollout') return null;
  const start = verb === 'rollout' ? 2 : 1;
  for (let i = start; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const prev = argv[i - 1] ?? '';
    if (
      a.startsWith('-') ||
      ['-n', '-l', '--namespace', '--field-selector', '-o', '-L'].includes(prev)
    )
      continue;
    const slash = a.indexOf('/');
    const out = [...argv];
    out[i] = slash < 0 ? [bad, ...a.split(',').slice(1)].join(',') : `${bad}${a.slice(slash)}`;
    return out;
  }
  return null;
}

const forbiddenCommand = fc.oneof(
  fc.tuple(fc.constantFrom(...FORBIDDEN_VERBS), anyValid).map(([v, argv]) => [v, ...argv.slice(1)]),
  fc
    .tuple(anyValid, fc.constantFrom(...FORBIDDEN_FLAGS), fc.nat())
    .map(([argv, f, s]) => insert(argv, f, s)),
  fc
    .tuple(anyValid, fc.constantFrom(...FORBIDDEN_TYPES))
    .map(
      ([argv, t]) =>
        withType(argv, t) ?? ['get', t, ...argv.slice(1).filter((a) => a.startsWith('-'))],
    ),
  fc
    .tuple(
      fc.oneof(
        fc.tuple(build(getPlan), fc.constantFrom(...FORBIDDEN_OUTPUTS)),
        fc.tuple(
          fc.oneof(build(eventsPlan), build(discoveryPlan)),
          fc.constantFrom(...FORBIDDEN_OUTPUTS, ...PROJECTIONS),
        ),
      ),
      fc.nat(),
    )
    .map(([[argv, o], s]) =>
      insert(
        argv.filter((a, i) => a !== '-o' && argv[i - 1] !== '-o' && !/^-o|^--output/.test(a)),
        ['-o', o],
        s,
      ),
    ),
  fc
    .tuple(fc.constantFrom('restart', 'undo', 'pause', 'resume'), build(rolloutPlan))
    .map(([sub, argv]) => ['rollout', sub, ...argv.slice(2)]),
  build(discoveryPlan).map(() => ['cluster-info', 'dump']),
);

describe('forbidden parts', () => {
  it('are never allowed, as argv or as a string, with or without kubectl', () => {
    fc.assert(
      fc.property(forbiddenCommand, fc.boolean(), (argv, prefix) => {
        const full = prefix ? ['kubectl', ...argv] : argv;
        expect(evaluate(full, OPTIONS).allowed, JSON.stringify(full)).toBe(false);
        expect(evaluate(quote(full), OPTIONS).allowed).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});

const ANY_TOKENS = [
  ...FORBIDDEN_VERBS.slice(0, 5),
  ...FORBIDDEN_FLAGS.flat(),
  ...FORBIDDEN_TYPES,
  ...FORBIDDEN_OUTPUTS,
  ...PROJECTIONS,
  '--allow-missing-template-keys=false',
  'pods',
  'svc',
  'nodes',
  'deploy,svc',
  'po/x',
  'ns/y',
  'x',
  'x',
  'all',
  'widgets',
  'deploy/web',
  '-n',
  '-o',
  '-l',
  '-A',
  '-c',
  '-p',
  '-L',
  'json',
  'wide',
  'yaml',
  'kube-system',
  'app=x',
  '--',
  '-',
  '--show-labels',
  '--no-headers',
  '--tail=5',
  '--since=1m',
  '--for=pod/x',
  '--types=Warning',
  '--recursive',
  '--revision=2',
  '--watch=false',
  '-Aowide',
  '-pc',
  'app',
  'history',
  'status',
  'pod',
  'node',
  '|',
  '|',
  'grep',
  'head',
  'wc',
  '-l',
  '-e',
  '-v',
  '5',
];
const VERB_WORDS = [
  'get',
  'describe',
  'logs',
  'events',
  'top',
  'explain',
  'api-resources',
  'api-versions',
  'version',
  'cluster-info',
  'rollout',
];

describe('any mix of tokens', () => {
  it('is either denied or canonical and a fixed point; never throws', () => {
    let allowedCount = 0;
    let deniedCount = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...VERB_WORDS),
        fc.array(fc.constantFrom(...ANY_TOKENS), { maxLength: 7 }),
        (verb, rest) => {
          const d = evaluate([verb, ...rest], OPTIONS);
          if (!d.allowed) {
            deniedCount++;
            expect(d.message.length).toBeGreaterThan(0);
            expect(d.verb).toBe(verb);
            return;
          }
          allowedCount++;
          assertCanonicalShape(d);
          expect(evaluate(d.argv, OPTIONS)).toEqual(d);
        },
      ),
      { numRuns: 4000 },
    );
    // Both outcomes must actually occur, or the property says nothing.
    expect(allowedCount).toBeGreaterThan(100);
    expect(deniedCount).toBeGreaterThan(100);
  });

  it('arbitrary strings never throw and never yield a non-canonical allow', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...VERB_WORDS),
        fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 30 })),
        (verb, s) => {
          const d = evaluate(`${verb} ${s}`, OPTIONS);
          if (d.allowed) {
            assertCanonicalShape(d);
            expect(evaluate(d.argv, OPTIONS)).toEqual(d);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('the typed request', () => {
  it('is the same from the canonical argv, plain JSON, and agrees with the decision, for every verb', () => {
    fc.assert(
      fc.property(anyValid, (argv) => {
        const d = evaluate(argv, OPTIONS);
        expect(d, JSON.stringify(argv)).toMatchObject({ allowed: true });
        if (d.allowed) checkRequest(d, OPTIONS);
      }),
      { numRuns: 2000 },
    );
  });

  it('holds for whatever a mix of tokens gets allowed', () => {
    let allowedCount = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...VERB_WORDS),
        fc.array(fc.constantFrom(...ANY_TOKENS), { maxLength: 7 }),
        (verb, rest) => {
          const d = evaluate([verb, ...rest], OPTIONS);
          if (!d.allowed) return;
          allowedCount++;
          checkRequest(d, OPTIONS);
        },
      ),
      { numRuns: 2000 },
    );
    expect(allowedCount).toBeGreaterThan(50);
  });
});
