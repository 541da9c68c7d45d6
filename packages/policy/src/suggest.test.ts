// Suggestions: what each kind of denial teaches, a whole allowed command where there is one.
import { describe, expect, it } from 'vitest';
import { evaluate, parsePolicy } from './index.js';
import { render } from './suggest.js';
import { DISCOVERY } from './testing/discovery.js';

/** [command, the suggestion exactly]. */
const ROWS: [command: string, suggestion: string][] = [
  ['get pods -w', 'run it without -w; Porthole returns one snapshot: get pods'],
  [
    'get pods -n shop --watch',
    'run it without --watch; Porthole returns one snapshot: get pods -n shop',
  ],
  [
    'get pods --watch-only -A',
    'run it without --watch-only; Porthole returns one snapshot: get pods -A',
  ],
  ['kubectl get pods -Aw', 'run it without -w; Porthole returns one snapshot: get pods -A'],
  [
    'rollout status deploy/web -n shop -w',
    'run it without --watch; Porthole returns one snapshot: rollout status deployments.apps/web -n shop --watch=false',
  ],
  ['logs web-1 -f', 'use --tail=N or --since=DURATION instead of -f: logs web-1 --tail=500'],
  [
    'logs web-1 -n shop --follow',
    'use --tail=N or --since=DURATION instead of --follow: logs web-1 -n shop --tail=500',
  ],
  [
    'logs -f deploy/web --since=5m',
    'use --tail=N or --since=DURATION instead of -f: logs deployments.apps/web --since=5m',
  ],
  [
    'exec -it web-1 -n shop -- sh',
    'use read-only commands instead: logs web-1 -n shop --tail=500 or describe pods web-1 -n shop',
  ],
  [
    'exec web-1 -c app -- ls',
    'use read-only commands instead: logs web-1 --tail=500 or describe pods web-1',
  ],
  [
    'attach web-1 -n shop',
    'use read-only commands instead: logs web-1 -n shop --tail=500 or describe pods web-1 -n shop',
  ],
  [
    'port-forward pod/web-1 8080:80 -n shop',
    'use read-only commands instead: logs web-1 -n shop --tail=500 or describe pods/web-1 -n shop',
  ],
  [
    'port-forward svc/db 5432',
    'use read-only commands instead: logs services/db --tail=500 or describe services/db',
  ],
  [
    'cp shop/web-1:/etc/passwd ./x',
    'use read-only commands instead: logs web-1 -n shop --tail=500 or describe pods web-1 -n shop',
  ],
  ['debug node/n1 -it --image=busybox', 'use read-only commands instead: describe nodes/n1'],
  ['proxy', 'Porthole opens no tunnels; read objects with get TYPE NAME -o json'],
  [
    'get pods | awk NF',
    'use -o custom-columns=… or -o jsonpath=… instead of awk; a pipe may only go to grep, head, tail or wc -l',
  ],
  [
    'get pods | jq .items',
    'use -o jsonpath=… or -o json instead of jq; a pipe may only go to grep, head, tail or wc -l',
  ],
  [
    'get pods | sort',
    'use --sort-by=FIELD instead of sort; a pipe may only go to grep, head, tail or wc -l',
  ],
  ['get pods | xargs kubectl delete pod', 'a pipe may only go to grep, head, tail or wc -l'],
  ['get pods | sh', 'a pipe may only go to grep, head, tail or wc -l'],
  ['get pods | egrep x', 'use grep -E; a pipe may only go to grep, head, tail or wc -l'],
  ['get pods | tail -f', 'Porthole returns one snapshot: use tail -n N'],
  ['get pods | head -c 100', 'count lines instead: head -n N'],
  ['get pods | grep -r x', 'a stage reads only what the command prints: grep takes no file'],
  ['get pods |', 'a pipe may only go to grep, head, tail or wc -l'],
  [
    'get pods -A | grep a | grep b | grep c | grep d | grep e',
    'combine grep patterns with -e, or drop a stage',
  ],
  [
    'get pods -w | grep -i crash',
    'run it without -w; Porthole returns one snapshot: get pods | grep -i crash',
  ],
  [
    'delete pod web-1 -n shop | grep Status',
    'Porthole is read-only; to inspect instead: describe pods web-1 -n shop | grep Status',
  ],
  [
    'logs web-1 -f | grep error',
    'use --tail=N or --since=DURATION instead of -f: logs web-1 --tail=500 | grep error',
  ],
  ['get pods -o go-template=x', 'use -o jsonpath=… or -o custom-columns=… (inline), or -o json'],
  ['get pods -o template', 'use -o jsonpath=… or -o custom-columns=… (inline), or -o json'],
  ['get pods -o jsonpath-file=/tmp/x', 'use the inline form: -o jsonpath=… or -o custom-columns=…'],
  [
    'get pods -o custom-columns-file=/tmp/x',
    'use the inline form: -o jsonpath=… or -o custom-columns=…',
  ],
  ['get pods --template=x', 'use -o jsonpath=… or -o custom-columns=… (inline), or -o json'],
  ['get pods -o jsonpath={.items}', "quote the expression: get pods -o 'jsonpath={.items}'"],
  [
    'get pods -A -ojsonpath={.items[*].metadata.name} --sort-by=.metadata.name',
    "quote the expression: get pods -A -o 'jsonpath={.items[*].metadata.name}' --sort-by=.metadata.name",
  ],
  [
    'get pods -o jsonpath={range .items[*]}{.metadata.name}{end}',
    "quote the expression, e.g. -o 'jsonpath={.items[*].metadata.name}'",
  ],
  [
    'get pods -o custom-columns=NAME:.metadata.name,IMG:.spec.containers[*].image',
    "quote the expression: get pods -o 'custom-columns=NAME:.metadata.name,IMG:.spec.containers[*].image'",
  ],
  [
    'get pods -o custom-columns=NAME:.metadata.name,IMAGES:.spec.containers[*].image,NODE:.spec.nodeName',
    "quote the expression, e.g. -o 'custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[*].image'",
  ],
  ['get pods -o jsonpath', "e.g. -o 'jsonpath={.items[*].metadata.name}'"],
  ["get pods -o 'JSONPATH={.x}'", 'write -o jsonpath=… in lower case'],
  [
    'get secrets',
    'describe the workload that mounts it (describe pod NAME) shows which Secret it uses, without its values',
  ],
  [
    'get secret db -n shop',
    'describe the workload that mounts it (describe pod NAME -n shop) shows which Secret it uses, without its values',
  ],
  [
    'describe secrets/db -n shop',
    'describe the workload that mounts it (describe pod NAME -n shop) shows which Secret it uses, without its values',
  ],
  ['get pods --namspace shop', 'did you mean --namespace? get pods -n shop'],
  ['get pods --all-namespace', 'did you mean --all-namespaces? get pods -A'],
  ['get pods --selecter app=web', 'did you mean --selector? get pods -l app=web'],
  ['logs web-1 --tial=5', 'did you mean --tail? logs web-1 --tail=5'],
  [
    'describe pods --show-event=false',
    'did you mean --show-events? describe pods --show-events=false',
  ],
  ['delete pod x', 'Porthole is read-only; to inspect instead: describe pods x'],
  ['delete pod x -n shop', 'Porthole is read-only; to inspect instead: describe pods x -n shop'],
  ['-n shop delete pod x', 'Porthole is read-only; to inspect instead: describe pods x -n shop'],
  [
    'scale deployment web --replicas=3',
    'Porthole is read-only; to inspect instead: get deployments.apps web',
  ],
  [
    'edit deploy/web -n shop',
    'Porthole is read-only; to inspect instead: get deployments.apps/web -n shop -o yaml',
  ],
  [
    'rollout restart deploy/web',
    'Porthole is read-only; rollout status shows the rollout: rollout status deployments.apps/web --watch=false',
  ],
  [
    'rollout undo deployment web -n shop',
    'Porthole is read-only; rollout history shows the rollout: rollout history deployments.apps/web -n shop',
  ],
  ['label pods x a=b', 'Porthole is read-only; to inspect instead: get pods x --show-labels'],
  ['drain node-1', 'Porthole is read-only; to inspect instead: describe nodes node-1'],
  ['cluster-info dump', 'cluster-info without dump: cluster-info'],
  ['apply -f x.yaml', 'Porthole is read-only; to inspect, use get or describe'],
  ['gett pods', 'did you mean get? get pods'],
  ['describ pod x', 'did you mean describe? describe pods x'],
  ['GET pods -A', 'did you mean get? get pods -A'],
  ['log web-1', 'did you mean logs? logs web-1 --tail=500'],
  ['event -n shop', 'did you mean events? events -n shop'],
  ['kubectl kubectl get pods', 'start with the kubectl verb: get pods'],
  ['oc get pods -n shop', 'start with the kubectl verb: get pods -n shop'],
  ['sudo kubectl get pods', 'start with the kubectl verb: get pods'],
  ['alpha events -n shop', 'use events: events -n shop'],
  ['-o json get pods', 'put it after the verb: get pods -o json'],
  ['-- get pods', 'drop the "--": get pods'],
  [
    '-n a get pods -n b',
    'give -n/--namespace once (kubectl would use the last one): get pods -n b',
  ],
  ['get pods -n x -A', 'drop -A to read the one namespace: get pods -n x'],
  ['get pods -n Shop', 'namespaces are lower-case: get pods -n shop'],
  ['get pods -o jsno', 'use -o json: get pods -o json'],
  ['describe pod x -o yaml', 'describe has no -o; use get: get pods x -o yaml'],
  ['get pdos', 'did you mean pods? get pods'],
  ['get deploy,sevrices', 'did you mean services? get deployments.apps,services'],
  ['explain pdos.spec', 'did you mean pods? explain pods.spec'],
  ['get pods; rm -rf /', 'run one command at a time: get pods'],
  ['get pods > /tmp/x', 'Porthole returns the output and touches no files: get pods'],
  ['get pods # all of them', 'drop the comment: get pods'],
  ['get po*', 'names take no wildcards: list the type (get TYPE) or select with -l SELECTOR'],
  ['get pods -A', 'use plain ASCII characters: get pods -A'],
  ['get pods —all-namespaces', 'use plain ASCII characters: get pods -A'],
  [
    'get pods --token=abc',
    "run it without --token; Porthole reaches the cluster with the agent's own read-only identity: get pods",
  ],
  [
    'get pods --kubeconfig /x',
    "run it without --kubeconfig; Porthole reaches the cluster with the agent's own read-only identity: get pods",
  ],
  [
    'get pods --as=admin --as-group=x',
    "run it without --as; Porthole reaches the cluster with the agent's own read-only identity: get pods",
  ],
  [
    '--token=x --context=y get pods -A',
    "run it without --token; Porthole reaches the cluster with the agent's own read-only identity: get pods -A",
  ],
  ['get --raw /api/v1/pods', 'name the resource instead, e.g. get TYPE NAME -o json'],
  ['get -f pod.yaml', 'name the objects instead of a file, e.g. get TYPE NAME'],
  ['logs web-1 -v=9', 'run it without -v: logs web-1 --tail=500'],
];

const VERBS = ['get', 'describe', 'logs', 'events', 'top', 'explain', 'rollout', 'cluster-info'];

/** The commands a suggestion ends with (`…: get pods -n shop`, `did you mean get? get pods`, `… or …`). */
function commandsIn(suggestion: string): string[] {
  const m = /(?:: |\? )([a-z-]+ .*|cluster-info)$/.exec(suggestion);
  const tail = m?.[1] ?? '';
  return tail.split(' or ').filter((c) => VERBS.includes(c.split(' ')[0] ?? ''));
}

describe('suggestions', () => {
  it('has at least 40 rows', () => expect(ROWS.length).toBeGreaterThanOrEqual(40));

  it.each(ROWS)('%j → %s', (command, suggestion) => {
    const d = evaluate(command);
    expect(d.allowed).toBe(false);
    if (d.allowed) return;
    expect(d.suggestion).toBe(suggestion);
  });

  it.each(ROWS)('%j: a suggested command is allowed and canonical', (command) => {
    const d = evaluate(command);
    const lines = !d.allowed && d.suggestion !== undefined ? commandsIn(d.suggestion) : [];
    for (const line of lines) {
      const s = evaluate(line);
      expect(s, line).toMatchObject({ allowed: true });
      if (s.allowed) expect(render(s.argv)).toBe(line);
    }
  });

  it('most rows end in a whole command', () => {
    const withCommand = ROWS.filter(([, s]) => commandsIn(s).length > 0);
    expect(withCommand.length).toBeGreaterThan(ROWS.length / 2);
  });

  it('keep the message: the suggestion is a separate field', () => {
    const d = evaluate('get pods -w');
    expect(d).toMatchObject({
      message: 'flag "-w" is not allowed for get: watching is not allowed (one read per command)',
      suggestion: 'run it without -w; Porthole returns one snapshot: get pods',
    });
  });

  it('only suggest flags the verb allows', () => {
    // --tail is a logs flag; for get the nearest allowed flag is named, or nothing.
    const d = evaluate('get pods --tial=5');
    expect(d.allowed).toBe(false);
    if (!d.allowed) expect(d.suggestion ?? '').not.toContain('--tail');
    const e = evaluate('top node --all-namespace');
    expect(e.allowed).toBe(false);
    if (!e.allowed) expect(e.suggestion).toBeUndefined();
  });

  it('follow the policy: a narrowed policy is not suggested past', () => {
    const policy = parsePolicy('verbs: [get, describe]\nnamespaces: { allow: [shop] }');
    const exec = evaluate('exec -it web-1 -n shop -- sh', { policy });
    expect(exec).toMatchObject({
      suggestion: 'use read-only commands instead: describe pods web-1 -n shop',
    });
    const del = evaluate('delete pod x -n other', { policy });
    expect(del).toMatchObject({
      suggestion: 'Porthole is read-only; to inspect, use get or describe',
    });
    const typo = evaluate('log web-1', { policy });
    expect(typo.allowed).toBe(false);
    if (!typo.allowed) expect(typo.suggestion ?? '').not.toContain('logs');
  });

  it('use the cluster discovery for resource types', () => {
    expect(evaluate('get widgts', { discovery: DISCOVERY })).toMatchObject({
      suggestion: 'did you mean widgets? get widgets.example.com',
    });
  });

  it('never carry a long argument or a credential', () => {
    const long = `web-${'a'.repeat(80)}`;
    expect(evaluate(`delete pod ${long}`)).toMatchObject({
      suggestion: 'Porthole is read-only; to inspect, use get or describe',
    });
    const token = 'q7Zr2XkP9mWc4TnL8vBd3HsY';
    const d = evaluate(`get pods -w -l app=${token.toLowerCase()}`);
    expect(d.allowed).toBe(false);
    if (!d.allowed) expect(d.suggestion?.toLowerCase()).not.toContain(token.toLowerCase());
  });
});

describe('render', () => {
  it.each<[string[], string | null]>([
    [['get', 'pods', '-n', 'shop'], 'get pods -n shop'],
    [['get', 'pods', '-l', 'app in (a,b)'], "get pods -l 'app in (a,b)'"],
    [['get', 'pods', '-l', "it's"], "get pods -l 'it'\\''s'"],
    [['get', 'pods', 'x'.repeat(65)], null],
    [['get', 'pods', '-n', 'phk_4fTq9ZbXr2LmN8vKc3WdJ7hYp1QsGe6Ua0Ro5Ti'], null],
    [Array.from({ length: 40 }, () => 'pods-abcdef'), null],
  ])('%j → %s', (argv, line) => expect(render(argv)).toBe(line));
});
