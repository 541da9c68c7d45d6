// Module boundaries, checked by `npm run lint` and by the test suite (test/src/boundaries.test.ts):
// no cycles, apps never imported by packages, api and agent never import each other, the
// kubectl renderer imports nothing from the apps or the store, no deep imports into src/.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'A cycle (type-only imports included) means two modules are one module.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'packages-never-import-apps',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: '^(api|agent|test)/' },
    },
    {
      name: 'api-never-imports-agent',
      severity: 'error',
      from: { path: '^api/' },
      to: { path: '^agent/' },
    },
    {
      name: 'agent-never-imports-api',
      severity: 'error',
      from: { path: '^agent/' },
      to: { path: '^api/' },
    },
    {
      name: 'kubectl-is-pure',
      comment: 'The renderer runs in the agent and in tests: no store, no app code.',
      severity: 'error',
      from: { path: '^packages/kubectl/' },
      to: { path: '^(api|agent|packages/store)/' },
    },
    {
      name: 'no-deep-imports',
      comment: 'Another workspace is reached through its package exports, never its src/.',
      severity: 'error',
      from: { path: '^(packages/[^/]+|api|agent|test)/' },
      to: { path: '^(packages/[^/]+|api|agent|test)/src/', pathNot: '^$1/' },
    },
    {
      name: 'resolvable',
      comment: 'An import the checker cannot resolve would hide a boundary; build first.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules', '/dist/'] },
    exclude: { path: ['node_modules'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'types', 'default'],
    },
  },
};
