// The strict second reading of canonical `get` argv.
import { describe, expect, it } from 'vitest';
import { GetArgvError, parseGetArgv } from './get.js';
import type { GetRequest } from '../types.js';

const base: GetRequest = {
  resources: [],
  namespace: null,
  allNamespaces: false,
  labelSelector: null,
  fieldSelector: null,
  output: 'table',
  showLabels: false,
  noHeaders: false,
};

describe('parseGetArgv accepts canonical argv', () => {
  it.each<[string[], Partial<GetRequest>]>([
    [['get', 'pods'], { resources: [{ type: 'pods', names: [] }] }],
    [
      ['get', 'pods', '-n', 'default'],
      { resources: [{ type: 'pods', names: [] }], namespace: 'default' },
    ],
    [
      ['get', 'pods', '-A', '-o', 'wide'],
      { resources: [{ type: 'pods', names: [] }], allNamespaces: true, output: 'wide' },
    ],
    [
      ['get', 'deployments.apps,services', '-n', 'shop'],
      {
        resources: [
          { type: 'deployments.apps', names: [] },
          { type: 'services', names: [] },
        ],
        namespace: 'shop',
      },
    ],
    [
      ['get', 'pods', 'a', 'b', '-o', 'yaml'],
      { resources: [{ type: 'pods', names: ['a', 'b'] }], output: 'yaml' },
    ],
    [
      ['get', 'pods,services', 'a'],
      {
        resources: [
          { type: 'pods', names: ['a'] },
          { type: 'services', names: ['a'] },
        ],
      },
    ],
    [
      ['get', 'pods/a', 'services/b', 'pods/c'],
      {
        resources: [
          { type: 'pods', names: ['a'] },
          { type: 'services', names: ['b'] },
          { type: 'pods', names: ['c'] },
        ],
      },
    ],
    [
      [
        'get',
        'pods',
        '-l',
        'app=web,tier in (a,b)',
        '--field-selector',
        'status.phase=Running',
        '-o',
        'name',
      ],
      {
        resources: [{ type: 'pods', names: [] }],
        labelSelector: 'app=web,tier in (a,b)',
        fieldSelector: 'status.phase=Running',
        output: 'name',
      },
    ],
    [
      ['get', 'nodes', '--show-labels', '--no-headers'],
      { resources: [{ type: 'nodes', names: [] }], showLabels: true, noHeaders: true },
    ],
    [['get', 'pods', '-o', 'json'], { resources: [{ type: 'pods', names: [] }], output: 'json' }],
  ])('%j', (argv, want) => {
    expect(parseGetArgv(argv)).toEqual({ ...base, ...want });
  });
});

describe('parseGetArgv rejects everything else', () => {
  it.each<[string[]]>([
    [['describe', 'pods']],
    [['get']],
    [['get', '-n', 'default']],
    [['get', 'pods', '-n']],
    [['get', 'pods', '-n', '']],
    [['get', 'pods', '-n', 'Bad_NS']],
    [['get', 'pods', '-n', 'a', '-n', 'b']],
    [['get', 'pods', '-n', 'a', '-A']],
    [['get', 'pods', '--namespace', 'a']],
    [['get', 'pods', '-n=a']],
    [['get', 'pods', '-o', 'jsonpath={.items}']],
    [['get', 'pods', '-o', 'go-template']],
    [['get', 'pods', '--raw', '/api']],
    [['get', 'pods', '--kubeconfig', '/etc/x']],
    [['get', 'pods', '-w']],
    [['get', 'pods', '-o', 'json', '--show-labels']],
    [['get', 'pods', 'a', '-l', 'app=web']],
    [['get', 'pods/a', 'b']],
    [['get', 'pods/a/b']],
    [['get', 'pods,svc/a']],
    [['get', '/a']],
    [['get', 'pods/']],
    [['get', 'pods,', 'a']],
    [['get', 'pods', 'a,b']],
    [['get', 'pods', '-n', 'default', 'extra']],
    [['get', 'pods', 'a b']],
  ])('%j', (argv) => {
    expect(() => parseGetArgv(argv)).toThrow(GetArgvError);
  });
});
