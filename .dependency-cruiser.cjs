/* global module */
/**
 * fitbook's module boundaries, checked by `npm run lint:deps` (part of `npm test`).
 * The data's path is file -> worker -> SQLite -> query -> analysis -> cell; each rule keeps one
 * step from reaching past its neighbour. Type-only imports count: a type is a dependency too.
 */
const PAGE = '^src/(app|cells|notebook|report|ui)/|^src/main[.]ts$';
const STORAGE = '^src/(db|ingest)/|^workers/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules that import each other cannot be read, tested or moved one at a time.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'analysis-is-pure',
      severity: 'error',
      comment: 'src/analysis holds pure functions of their arguments: no storage, no DOM, no settings, no libraries.',
      from: { path: '^src/analysis/' },
      to: { pathNot: '^src/analysis/' },
    },
    {
      name: 'page-talks-to-the-contract',
      severity: 'error',
      comment: 'The page (cells, notebook, app) reaches the database only through the worker contract, src/database.ts.',
      from: { path: PAGE },
      to: { path: STORAGE },
    },
    {
      name: 'storage-knows-no-page',
      severity: 'error',
      comment: 'Storage and ingest serve the page through the contract and never import it.',
      from: { path: STORAGE },
      to: { path: PAGE },
    },
    {
      name: 'contract-is-types',
      severity: 'error',
      comment: 'The contract names what crosses the worker boundary; it may refer to analysis types, nothing with I/O.',
      from: { path: '^src/database[.]ts$' },
      to: { pathNot: '^src/analysis/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
