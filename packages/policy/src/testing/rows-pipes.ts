// Corpus rows for pipe stages: allowed stage combinations and their canonical words, every way a pipe is refused (tests only).
import type { Row } from './harness.js';
import { SECRETS, WATCH, bad, no, ok } from './harness.js';

const ALL = { all: true };

export const PIPE_ROWS: Row[] = [
  // ---- allowed: each stage after a `|` element, in the grammar's canonical words
  [
    'get pods -A | grep -i crash',
    ok('get pods -A | grep -i crash', ALL),
    'grep -i: the form of CONTRACT §3a',
  ],
  [
    'get pods -A | grep -i crash | head -n 5',
    ok('get pods -A | grep -i crash | head -n 5', ALL),
    'two stages',
  ],
  ['get pods|grep Running', ok('get pods | grep Running'), 'a | needs no spaces'],
  ['kubectl get pods | wc -l', ok('get pods | wc -l'), 'leading kubectl, wc -l'],
  ['get pods | wc --lines', ok('get pods | wc -l'), 'wc --lines'],
  [
    'get pods -A | grep -v Running | wc -l',
    ok('get pods -A | grep -v Running | wc -l', ALL),
    'grep -v then count',
  ],
  [
    'logs web-1 | grep -E "error|warn" | tail -n 20',
    ok(['logs', 'web-1', '--tail=500', '|', 'grep', '-E', 'error|warn', '|', 'tail', '-n', '20']),
    'logs keep their default --tail; a quoted | is pattern text',
  ],
  ['get pods | head', ok('get pods | head -n 10'), "head's default"],
  ['get pods | head -5', ok('get pods | head -n 5'), 'obsolete -N'],
  ['get pods | tail -3', ok('get pods | tail -n 3'), 'tail -N'],
  ['get pods | tail -n +2', ok('get pods | tail -n +2'), 'tail from a line'],
  ['get pods | tail --lines=+0', ok('get pods | tail -n +1'), 'tail -n +0 reads as +1'],
  ['get pods | grep -c Running', ok('get pods | grep -c Running'), 'grep -c'],
  [
    'get pods | grep -n -A 2 -B1 web',
    ok('get pods | grep -n -B 1 -A 2 web'),
    'context flags in a fixed order',
  ],
  ['get pods | grep -C2 web', ok('get pods | grep -B 2 -A 2 web'), '-C is -A and -B'],
  ['get pods | grep -3 web', ok('get pods | grep -B 3 -A 3 web'), '-NUM is -C NUM'],
  ["get pods | grep 'a|b'", ok(['get', 'pods', '|', 'grep', 'a|b']), 'quoted | in a pattern'],
  [
    "get pods | grep '|'",
    ok(['get', 'pods', '|', 'grep', '--regexp=|']),
    'a lone | pattern is written --regexp=| so it never splits the argv',
  ],
  [
    "get pods | grep -e '|' -e x",
    ok(['get', 'pods', '|', 'grep', '--regexp=|', '-e', 'x']),
    'several patterns',
  ],
  ["get pods | grep -F 'a.b'", ok('get pods | grep -F a.b'), 'fixed strings'],
  ['get pods | grep -w web -i', ok('get pods | grep -i -w web'), 'flags after the pattern'],
  [
    'get pods | grep --ignore-case --regexp=web',
    ok('get pods | grep -i web'),
    'GNU long spellings',
  ],
  ['get pods | grep -- -v', ok('get pods | grep -e -v'), 'a pattern that looks like a flag'],
  [
    'describe pod web-1 | grep -A3 Events',
    ok('describe pods web-1 | grep -A 3 Events'),
    'describe output',
  ],
  ["get events -A | grep -i 'back-off'", ok('get events -A | grep -i back-off', ALL), 'events'],
  [
    'get pods -A | grep -v kube-system | grep -i crash | head -n 20 | wc -l',
    ok('get pods -A | grep -v kube-system | grep -i crash | head -n 20 | wc -l', ALL),
    'four stages, the most allowed',
  ],
  [
    `get pods -o 'jsonpath={range .items[*]}{.metadata.name}{"\\n"}{end}' | grep web`,
    ok([
      'get',
      'pods',
      '-o',
      'jsonpath={range .items[*]}{.metadata.name}{"\\n"}{end}',
      '|',
      'grep',
      'web',
    ]),
    'a projection piped',
  ],
  [['get', 'pods', '|', 'grep', 'x'], ok('get pods | grep x'), 'argv: | elements separate'],
  [
    ['get', 'pods', '|', 'grep', '-e|'],
    ok(['get', 'pods', '|', 'grep', '--regexp=|']),
    'argv: a | pattern attached to -e',
  ],
  [
    "get pods | grep 'Ошибка'",
    ok(['get', 'pods', '|', 'grep', 'Ошибка']),
    'a pattern may be any printable text',
  ],
  [
    '-n shop get pods | grep web',
    ok('get pods -n shop | grep web', { namespace: 'shop' }),
    'flags before the verb',
  ],
  // ---- refused: shell syntax around and after a pipe
  ['get pods || grep x', bad('syntax', /"\|\|" at position 10/), 'an or-list'],
  ['| grep x', bad('syntax', /before its first "\|"/), 'a pipe at the start'],
  ['get pods |', bad('syntax', /^nothing follows the last "\|"$/), 'a pipe at the end'],
  [['get', 'pods', '|'], bad('syntax', /nothing follows/), 'argv: a | at the end'],
  ['get pods | | grep x', bad('syntax', /no stage between them/), 'an empty stage'],
  [
    'get pods | grep a | grep b | grep c | grep d | wc -l',
    bad('syntax', /at most 4 pipe stages \(found 5\)/),
    'five stages',
  ],
  [
    'get pods | grep x; rm -rf /',
    bad('syntax', /";" at position 18/),
    'a command list after a pipe',
  ],
  ['get pods | grep $(id)', bad('syntax', /"\$"/), 'substitution after a pipe'],
  ['get pods | grep `id`', bad('syntax', /"`"/), 'backticks after a pipe'],
  ['get pods | grep x > /tmp/out', bad('syntax', /">"/), 'a redirect after a pipe'],
  ['get pods | grep x |& cat', bad('syntax', /"&"/), '|& pipes stderr'],
  ['get pods | grep *', bad('syntax', /"\*"/), 'a glob after a pipe'],
  ["get pods | grep 'a\u200bb'", bad('syntax', /invisible/), 'a hidden character in a pattern'],
  [
    ['get', 'pods', '|', 'grep', 'a\u0007'],
    bad('syntax', /control character U\+0007/),
    'argv: a control character in a stage',
  ],
  // ---- refused: commands that are not stages
  [
    'get pods | awk NF',
    bad('syntax', /^'awk' is not an allowed pipe command \(allowed: grep, head, tail, wc\)$/),
    'awk',
  ],
  ['get pods | jq .items', bad('syntax', /'jq'/), 'jq'],
  ['get pods | egrep x', bad('syntax', /'egrep'/), 'egrep'],
  ['top pod -A | sort', bad('syntax', /'sort' is not an allowed pipe command/), 'sort'],
  [
    'get pods | /bin/sh',
    bad('syntax', /that command is not an allowed pipe command/),
    'a shell by path',
  ],
  ['get pods | xargs kubectl delete pod', bad('syntax', /'xargs'/), 'xargs'],
  ['get pods | tee /tmp/x', bad('syntax', /'tee'/), 'tee writes a file'],
  ['get pods | kubectl delete -f -', bad('syntax', /'kubectl'/), 'kubectl again'],
  // ---- refused: flags and operands of the stage tools
  [
    'get pods | grep -f /etc/passwd',
    bad('flag', /grep: -f is not supported/),
    'patterns from a file',
  ],
  ['get pods | grep -r x', bad('flag', /grep: -r is not supported/), 'recursive grep'],
  ['get pods | grep --include=x.go x', bad('flag', /--include is not supported/), 'file filters'],
  ['get pods | grep x /etc/shadow', bad('flag', /file operands are not allowed/), 'a file operand'],
  ['get pods | head -c 100', bad('flag', /head: -c is not supported/), 'bytes, not lines'],
  ['get pods | tail -f', bad('flag', /tail: -f is not supported/), 'follow'],
  ['get pods | tail -n 5 /var/log/syslog', bad('flag', /file operands/), 'tail a file'],
  ['get pods | wc -w', bad('flag', /wc: -w is not supported/), 'words'],
  ['get pods | wc', bad('flag', /only wc -l is supported/), 'wc alone'],
  ['get pods | grep -P x', bad('flag', /-P is not supported/), 'Perl regexps'],
  ['get pods | grep -o x', bad('flag', /-o is not supported/), 'only matching'],
  ['get pods | grep --color=always x', bad('flag', /--color is not supported/), 'colour'],
  // ---- refused: malformed stages
  ['get pods | grep', bad('syntax', /grep: a pattern is required/), 'no pattern'],
  ['get pods | grep -A', bad('syntax', /-A needs a number/), 'a flag without its value'],
  ['get pods | head -n 200000', bad('syntax', /from 0 to 100,000/), 'a count past the limit'],
  ['get pods | head -n -3', bad('syntax', /with a sign is not supported/), 'head -n -N'],
  ['get pods | tail +5', bad('syntax', /write the count as -n N/), 'obsolete tail +N'],
  ['get pods | grep -E -F x', bad('syntax', /cannot be combined/), 'two matchers'],
  [
    ['get', 'pods', '|', 'grep', '-e', 'x'.repeat(1025)],
    bad('syntax', /a pattern may be at most 1024 characters/),
    'a pattern past the limit',
  ],
  // ---- refused: the command before the pipe decides first
  ['delete pods x | grep y', no('verb'), 'a write verb piped'],
  ['get pods -w | grep x', no('flag', WATCH), 'watch piped'],
  ['get secrets | grep x', no('resource', SECRETS), 'Secrets piped'],
  ['get pods -l "|"', bad('flag'), 'a quoted | as an argument is just a bad value'],
];
