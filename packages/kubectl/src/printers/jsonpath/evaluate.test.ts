// What each grammar feature yields on a decoded object, printed as `kubectl -o jsonpath` prints it.
import { describe, expect, it } from 'vitest';
import { parseGoJson } from '../../go/decode.js';
import type { GoValue } from '../../go/value.js';
import { JsonPathExecutor, WorkBudget } from './evaluate.js';
import { compileJsonPath } from './index.js';
import { parseTemplate } from './parse.js';

const OBJ = parseGoJson(`{
  "kind": "List",
  "items": [
    {"metadata": {"name": "a", "labels": {"app": "web"}},
     "spec": {"containers": [{"name": "c1", "image": "i1"}, {"name": "c2", "image": "i2"}], "prio": 5},
     "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}, {"type": "Init", "status": "False"}]}},
    {"metadata": {"name": "b"},
     "spec": {"containers": [{"name": "c3", "image": "i3"}], "prio": 10},
     "status": {"phase": "Pending"}}
  ],
  "v": {"f": 1.5, "big": 1e21, "tiny": 1e-7, "mil": 1000000.5, "i": 42, "huge": 18446744073709551616,
        "t": true, "n": null, "s": "", "e": {}, "arr": [], "mix": [1, "two", null, {"z": 1}], "html": "<&>",
        "nums": [3, 1, 2], "word": "hi"}
}`);

function run(template: string, value: GoValue = OBJ, allowMissingKeys = true): string {
  const c = compileJsonPath(template, { allowMissingKeys });
  if (!c.ok) throw new Error(c.error.message);
  const out = c.print(value);
  if (!out.ok) throw new Error(out.error.message);
  return out.output;
}

/** The engine's own reason for a failed execution (kubectl wraps it in a longer message). */
function reason(template: string, value: GoValue = OBJ, allowMissingKeys = true): string {
  const parsed = parseTemplate(template);
  if (!parsed.ok) throw new Error(parsed.reason);
  const r = new JsonPathExecutor(parsed.root, allowMissingKeys, new WorkBudget(1e6)).findResults(
    value,
  );
  if (r.ok) throw new Error('expected an error');
  return r.error;
}

describe('fields, text and the current object', () => {
  it.each([
    ['{.kind}', 'List'],
    ['kind={.kind}!', 'kind=List!'],
    ['{.items[0].metadata.name}', 'a'],
    ['{$.kind}{@.kind}', 'ListList'],
    ['{.items[0].metadata.labels}', '{"app":"web"}'],
    ['{.items[1].metadata}', '{"name":"b"}'],
    ['{.items[*].metadata.name}', 'a b'],
    ['{.items.metadata}', ''],
    ['{.}', ''],
    ['{"x"}', 'x'],
    ['{.nope "x"}', 'x'],
  ])('%s → %j', (template, want) => {
    expect(run(template)).toBe(want);
  });

  it('prints the whole object as compact JSON with sorted keys for {@} and {}', () => {
    const small = parseGoJson('{"b":1,"a":{"d":[true,null],"c":"<"}}');
    expect(run('{@}', small)).toBe('{"a":{"c":"\\u003c","d":[true,null]},"b":1}');
    expect(run('{}', small)).toBe(run('{@}', small));
  });
});

describe('scalars print as Go prints them', () => {
  it.each([
    [
      '{.v.f} {.v.big} {.v.tiny} {.v.mil} {.v.i} {.v.huge}',
      '1.5 1e+21 1e-07 1.0000005e+06 42 1.8446744073709552e+19',
    ],
    ['{.v.t} {.v.n} [{.v.s}] {.v.e} {.v.arr}', 'true null [] {} []'],
    ['{.v.mix}', '[1,"two",null,{"z":1}]'],
    ['{.v.mix[*]}', '1 two null {"z":1}'],
    ['{.v.html}', '<&>'],
    ['{5} {-3} {1.50} {100000000.0} {true}', '5 -3 1.5 1e+08 true'],
    ['{.v.word.*}', '104 105'],
  ])('%s → %j', (template, want) => {
    expect(run(template)).toBe(want);
  });

  it('iterating a null in a range prints <no value>', () => {
    expect(run('{range .v.mix[*]}[{@}]{end}')).toBe('[1][two][<no value>][{"z":1}]');
  });
});

describe('range and end', () => {
  it.each([
    ['{range .items[*]}{.metadata.name}{"\\n"}{end}', 'a\nb\n'],
    [
      '{range .items[*]}{.metadata.name}:{range .spec.containers[*]}{.name},{end};{end}',
      'a:c1,c2,;b:c3,;',
    ],
    ['{range .items[*]}{end}after', 'after'],
    ['{range .nope[*]}x{end}y', 'y'],
    // Without an end, the body runs once per item, then once more on the object itself.
    ['{range .items[*]}[{.metadata.name}]', '[a][b][]'],
  ])('%s → %j', (template, want) => {
    expect(run(template)).toBe(want);
  });

  it('end outside a range is an error', () => {
    expect(reason('{end}')).toBe('not in range, nothing to end');
    expect(reason('{range .items[*]}{end}{end}')).toBe('not in range, nothing to end');
  });

  it('an empty range still runs its body, which fails on a missing key when keys are required', () => {
    const empty = parseGoJson('{"items":[]}');
    expect(run('{range .items[*]}{.a}{end}', empty)).toBe('');
    expect(reason('{range .items[*]}{.metadata.name}{end}', empty, false)).toBe(
      'metadata is not found',
    );
  });

  it('an unknown identifier fails when executed', () => {
    expect(reason('{foo}')).toBe('unrecognized identifier foo');
  });
});

describe('indexes and slices', () => {
  it.each([
    ['{.v.nums[0]}', '3'],
    ['{.v.nums[-1]}', '2'],
    ['{.v.nums[-2:]}', '1 2'],
    ['{.v.nums[1:]}', '1 2'],
    ['{.v.nums[:2]}', '3 1'],
    ['{.v.nums[::2]}', '3 2'],
    ['{.v.nums[0:3:2]}', '3 2'],
    ['{.v.nums[*]}', '3 1 2'],
    ['{.v.nums[1:1]}', ''],
    ['{.v.arr[*]}', ''],
    ['{.items[*].spec.containers[-1].name}', 'c2 c3'],
    // [0:-1] on a one-element array asks for nothing, which ends the step: later arrays are skipped.
    ['{.items[*].spec.containers[0:-1].name}', 'c1'],
    ['{.v.n[0]}', ''],
  ])('%s → %j', (template, want) => {
    expect(run(template)).toBe(want);
  });

  it.each([
    ['{.v.nums[3]}', 'array index out of bounds: index 3, length 3'],
    ['{.v.nums[-4]}', 'array index out of bounds: index -1, length 3'],
    ['{.v.nums[0:5]}', 'array index out of bounds: index 4, length 3'],
    ['{.v.nums[2:1]}', 'starting index 2 is greater than ending index 1'],
    ['{.v.nums[0:2:0]}', 'step must be > 0'],
    ['{.v.arr[0]}', 'array index out of bounds: index 0, length 0'],
    ['{.v.word[0]}', 'string is not array or slice'],
    ['{.v.e[0]}', 'map[string]interface {} is not array or slice'],
    ['{.v.i[0]}', 'int64 is not array or slice'],
    ['{.v.f[0]}', 'float64 is not array or slice'],
    ['{5[0]}', 'int is not array or slice'],
  ])('%s fails: %s', (template, want) => {
    expect(reason(template)).toBe(want);
  });
});

describe('unions, wildcards and recursive descent', () => {
  it.each([
    ['{.v.nums[0,2]}', '3 2'],
    ['{.v.nums[2,0,2]}', '2 3 2'],
    ["{.items[0].metadata['name','labels']}", 'a {"app":"web"}'],
    ['{.items[0].spec.containers[*].*}', 'i1 c1 i2 c2'],
    ['{.items[0].metadata.labels.*}', 'web'],
    ['{..image}', 'i1 i2 i3'],
    ['{.v..z}', '1'],
    ['{.items[0].status..status}', 'True False'],
    // `..` yields every value with members: maps, arrays and non-empty strings, not numbers.
    ['{.v.nums..}', '[3,1,2]'],
    ['{.v.mix..}', '[1,"two",null,{"z":1}] two {"z":1}'],
  ])('%s → %j', (template, want) => {
    expect(run(template)).toBe(want);
  });

  it('recursive descent lists values before their members, maps in key order', () => {
    expect(run('{.v.mix[3]..}', OBJ)).toBe('{"z":1}');
    expect(run('{.items[1].metadata..}')).toBe('{"name":"b"} b');
  });
});

describe('filters', () => {
  it.each([
    ['{.items[?(@.status.phase=="Running")].metadata.name}', 'a'],
    ["{.items[?(@.status.phase!='Running')].metadata.name}", 'b'],
    ['{.items[?(@.spec.prio>5)].metadata.name}', 'b'],
    ['{.items[?(@.spec.prio>=5)].metadata.name}', 'a b'],
    ['{.items[?(@.spec.prio<10)].metadata.name}', 'a'],
    ['{.items[?(@.spec.prio<=10)].metadata.name}', 'a b'],
    ['{.items[?(@.metadata.name>"a")].metadata.name}', 'b'],
    ['{.items[?(@.metadata.labels)].metadata.name}', 'a'],
    ['{.items[?(@.metadata.labels.app=="web")].metadata.name}', 'a'],
    ['{.items[0].status.conditions[?(@.type=="Ready")].status}', 'True'],
    ['{.v.nums[?(@>1)]}', '3 2'],
    ['{.v.nums[?(@==1)]}', '1'],
    ['{.v.f}{.v.mix[?(@.z)]}', '1.5{"z":1}'],
    // An existence test keeps the element when the failing step had produced something.
    ['{.items[?(@.spec.containers[5])].metadata.name}', 'a b'],
    ['{.items[?(@)].metadata.name}', 'a b'],
    ['{.items[?(@.nope=="x")].metadata.name}', ''],
  ])('%s → %j', (template, want) => {
    expect(run(template)).toBe(want);
  });

  it('an existence test ignores missing keys even when keys are required', () => {
    expect(run('{.items[?(@.metadata.labels)].metadata.name}', OBJ, false)).toBe('a');
    expect(reason('{.items[?(@.nope=="x")]}', OBJ, false)).toBe('nope is not found');
  });

  it.each([
    ['{.items[?(@.metadata.name>1)]}', 'incompatible types for comparison'],
    ['{.items[?(@.spec.prio==5.0)]}', 'incompatible types for comparison'],
    ['{.items[?(@.metadata==1)]}', 'invalid type for comparison'],
    ['{.v.mix[?(@=="two")]}', 'incompatible types for comparison'],
    ['{.items[?(@.spec.containers[*].name=="c1")]}', 'can only compare one element at a time'],
    ['{.items[?(@.status.phase="Running")]}', 'unrecognized filter operator ='],
    ['{.v.t[?(@.x)]}', 'true is not array or slice and cannot be filtered'],
    ['{.v.n[?(@.x)]}', '<nil> is not array or slice and cannot be filtered'],
    [
      '{.items[0].metadata[?(@.x)]}',
      'map[labels:map[app:web] name:a] is not array or slice and cannot be filtered',
    ],
  ])('%s fails: %s', (template, want) => {
    expect(reason(template)).toBe(want);
  });

  it('compares booleans for equality only', () => {
    const v = parseGoJson('{"xs":[{"ok":true},{"ok":false}]}');
    expect(run('{.xs[?(@.ok==true)].ok}', v)).toBe('true');
    expect(reason('{.xs[?(@.ok<true)]}', v)).toBe('invalid type for comparison');
  });

  it('compares strings by their UTF-8 bytes', () => {
    const v = parseGoJson('{"xs":["\uffff","\ud83d\ude00"]}');
    expect(run('{.xs[?(@>"\uffff")]}', v)).toBe('😀');
  });
});

describe('missing keys', () => {
  it('print nothing by default', () => {
    expect(run('x{.nope}y{.items[0].nope.deeper}z')).toBe('xyz');
  });

  it('fail when keys are required, unless another input had the key', () => {
    expect(reason('{.nope}', OBJ, false)).toBe('nope is not found');
    expect(run('{.items[*].metadata.labels.app}', OBJ, false)).toBe('web');
    expect(run('{.items[*].status.conditions}', OBJ, false)).toBe(
      '[{"status":"True","type":"Ready"},{"status":"False","type":"Init"}]',
    );
  });

  it('a missing key after an empty step is not an error', () => {
    expect(run('{.v.arr[*].x}', OBJ, false)).toBe('');
  });
});

describe('executor state', () => {
  it('a range left open changes what the next call of the same executor sees', () => {
    const parsed = parseTemplate('{.kind}{range .items[*]}{.metadata.name}');
    if (!parsed.ok) throw new Error(parsed.reason);
    const ex = new JsonPathExecutor(parsed.root, true, new WorkBudget(1e6));
    const first = ex.findResults(OBJ);
    const second = ex.findResults(OBJ);
    expect(first).toEqual({ ok: true, groups: [['List'], ['a'], ['b'], []] });
    // client-go leaves its root pointed at the range body: the second call starts there.
    expect(second).toEqual({ ok: true, groups: [[]] });
  });
});
