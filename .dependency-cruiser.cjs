/**
 * The layer table of docs/architecture.md, enforced (issue 12): `npm run
 * lint:layers` (scripts/check-layers.mjs) fails on any import a row forbids,
 * and on any import cycle between folders. Type-only imports are allowed
 * where noted: they vanish from the bundles and carry no behaviour.
 */
const notType = { dependencyTypesNot: ['type-only'] };
/** Everything in src/ that is not one of the given folders. */
const outside = (...allowed) => `^src/(?!(${allowed.join('|')})(/|\\.ts$))`;
/** The SDK-free cloud descriptors and their registry: every layer may read them. */
const DESCRIPTORS = '^src/providers/((registry|descriptor)\\.ts|[^/]+/descriptor\\.ts)$';

module.exports = {
  forbidden: [
    {
      name: 'model-is-the-bottom',
      comment: 'model/ holds plain types and pure functions: it imports nothing else from src/.',
      severity: 'error',
      from: { path: '^src/model/' },
      to: { path: outside('model') },
    },
    {
      name: 'async-imports-model-only',
      comment: 'async/ (retry, concurrency limiter) is generic: model/ only.',
      severity: 'error',
      from: { path: '^src/async/' },
      to: { path: outside('model', 'async') },
    },
    {
      name: 'providers-import-model-and-async',
      comment:
        'A provider adapter sees model/, async/ and the shared provider interface and REST client only.',
      severity: 'error',
      from: { path: '^src/providers/' },
      to: { path: outside('model', 'async', 'providers') },
    },
    {
      name: 'one-cloud-per-provider-folder',
      comment:
        "A cloud's provider folder never reaches into another cloud's folder (shared code sits in providers/rest or providers/provider.ts).",
      severity: 'error',
      from: { path: '^src/providers/([^/]+)/' },
      to: {
        path: '^src/providers/([^/]+)/',
        pathNot: ['^src/providers/$1/', '^src/providers/rest/'],
      },
    },
    {
      name: 'render-imports-model-only',
      comment:
        'The bash and Terraform renderers turn the plan (model/plan.ts) into text: model/ only.',
      severity: 'error',
      from: { path: '^src/render/' },
      to: { path: outside('model', 'render'), pathNot: DESCRIPTORS },
    },
    {
      name: 'runner-sees-providers-as-types',
      comment:
        'The runner calls providers through the interfaces its caller loads: types only from providers/.',
      severity: 'error',
      from: { path: '^src/runner/' },
      to: { path: outside('model', 'async', 'runner', 'providers') },
    },
    {
      name: 'runner-loads-no-provider-code',
      severity: 'error',
      from: { path: '^src/runner/' },
      to: {
        path: '^src/providers/',
        ...notType,
        pathNot: ['^src/providers/loader\\.ts$', DESCRIPTORS],
      },
    },
    {
      name: 'plans-are-pure',
      comment:
        'plans/ builds plans from scenarios; its index is the API facade over render/ and runner/.',
      severity: 'error',
      from: { path: '^src/plans/' },
      to: { path: outside('model', 'plans', 'render', 'runner'), pathNot: DESCRIPTORS },
    },
    {
      name: 'discovery-sees-providers-as-types',
      severity: 'error',
      from: { path: '^src/discovery/' },
      to: { path: outside('model', 'async', 'discovery', 'providers') },
    },
    {
      name: 'discovery-loads-no-provider-code',
      severity: 'error',
      from: { path: '^src/discovery/' },
      to: {
        path: '^src/providers/',
        pathNot: ['^src/providers/loader\\.ts$', DESCRIPTORS],
        ...notType,
      },
    },
    {
      name: 'doctor-sees-providers-as-types',
      comment:
        'The Peering Doctor (doctor/) reads clouds through the providers its caller loads: types only from providers/, no SDKs, no vscode.',
      severity: 'error',
      from: { path: '^src/doctor/' },
      to: { path: outside('model', 'async', 'doctor', 'providers') },
    },
    {
      name: 'doctor-loads-no-provider-code',
      severity: 'error',
      from: { path: '^src/doctor/' },
      to: { path: '^src/providers/', ...notType },
    },
    {
      name: 'actions-see-providers-and-discovery-as-types',
      comment:
        'actions/ (accept, reject, delete: where each runs, what the provider forbids, the call) reads the inventory and calls the adapters the loader gives it.',
      severity: 'error',
      from: { path: '^src/actions/' },
      to: { path: outside('model', 'actions', 'providers', 'discovery') },
    },
    {
      name: 'actions-load-no-provider-code',
      severity: 'error',
      from: { path: '^src/actions/' },
      to: {
        path: ['^src/providers/', '^src/discovery/'],
        pathNot: ['^src/providers/loader\\.ts$', DESCRIPTORS],
        ...notType,
      },
    },
    {
      name: 'protocol-imports-model-only',
      severity: 'error',
      from: { path: '^src/protocol/' },
      to: { path: outside('model', 'protocol'), pathNot: DESCRIPTORS },
    },
    {
      name: 'sandbox-imports-model-only',
      comment:
        'The sandbox serves the wire APIs from its own world; it shares only model/ with the product.',
      severity: 'error',
      from: { path: '^src/sandbox/' },
      to: { path: outside('model', 'sandbox') },
    },
    {
      name: 'webviews-import-protocol-and-model',
      comment:
        'Browser code: the typed protocol and plain model types, nothing that runs in the host.',
      severity: 'error',
      from: { path: '^webviews/' },
      to: { path: '^src/(?!(protocol|model)/)', pathNot: DESCRIPTORS },
    },
    {
      name: 'wizard-session-is-vscode-free',
      comment:
        'ui/wizard/session runs in the main bundle without vscode (unit-tested in plain Node).',
      severity: 'error',
      from: { path: '^src/ui/wizard/session/' },
      to: {
        path: [
          '^src/ui/wizard/(panel|planBundle)/',
          outside('model', 'protocol', 'ui/wizard/session'),
        ],
        ...notType,
        pathNot: DESCRIPTORS,
      },
    },
    {
      name: 'wizard-plan-bundle-is-vscode-free',
      comment:
        'ui/wizard/planBundle is dist/wizard-plans.js, loaded when a wizard first asks for plans: no vscode, no panel code.',
      severity: 'error',
      from: { path: '^src/ui/wizard/planBundle/' },
      to: {
        path: ['^src/ui/(?!wizard/(session|planBundle)/)', '^src/(sandbox|discovery)/'],
        ...notType,
      },
    },
    {
      name: 'doctor-bundle-is-vscode-free',
      comment:
        'ui/doctor/doctorBundle is dist/doctor.js (the engine, repair plans and runner), loaded when a diagnosis first runs: no vscode, no panel code.',
      severity: 'error',
      from: { path: '^src/ui/doctor/doctorBundle/' },
      to: {
        path: ['^src/ui/(?!doctor/doctorBundle/)', '^src/(sandbox|discovery)/'],
        ...notType,
      },
    },
    {
      name: 'main-bundle-loads-plans-lazily',
      comment:
        'Outside the plan bundle, plans/, render/, runner/ and ui/wizard/planBundle are reached only through dist/wizard-plans.js (type imports are fine).',
      severity: 'error',
      from: {
        path: '^src/(extension\\.ts|ui/|discovery/|actions/|doctor/)',
        pathNot: ['^src/ui/wizard/planBundle/', '^src/ui/doctor/doctorBundle/'],
      },
      to: {
        path: '^src/(plans|render|runner|ui/wizard/planBundle|ui/doctor/doctorBundle)/',
        ...notType,
        pathNot: DESCRIPTORS,
      },
    },
    {
      name: 'main-bundle-loads-the-doctor-lazily',
      comment:
        'The Peering Doctor engine (doctor/) is reached only through dist/doctor.js (ui/doctor/doctorBundle); type imports are fine.',
      severity: 'error',
      from: {
        path: '^src/(extension\\.ts|ui/|discovery/|actions/)',
        pathNot: '^src/ui/doctor/doctorBundle/',
      },
      to: { path: '^src/doctor/', ...notType },
    },
    {
      name: 'map-is-pure',
      comment:
        'map/ is the Peering Map engine (graph, insights, ELK layout, exports): model/, the descriptors and elkjs; no vscode, no I/O.',
      severity: 'error',
      from: { path: '^src/map/' },
      to: { path: outside('model', 'map'), pathNot: DESCRIPTORS },
    },
    {
      name: 'main-bundle-loads-map-lazily',
      comment:
        'Outside dist/map.js, map/ is reached only through that bundle (type imports are fine), so ELK never loads at activation.',
      severity: 'error',
      from: { path: '^src/(extension\\.ts|ui/|discovery/)' },
      to: { path: '^src/map/', ...notType },
    },
    {
      name: 'sandbox-loads-lazily',
      comment:
        'The product reaches the sandbox only through dist/sandbox.js; sandbox/api.ts types are fine.',
      severity: 'error',
      from: { path: '^src/(extension\\.ts|ui/|discovery/|actions/|doctor/|providers/)' },
      to: { path: '^src/sandbox/', ...notType },
    },
    {
      name: 'vscode-only-in-extension-and-ui',
      severity: 'error',
      from: {
        path: '^src/',
        pathNot: [
          '^src/extension\\.ts$',
          '^src/ui/(?!wizard/(session|planBundle)/|doctor/doctorBundle/)',
        ],
      },
      to: { path: '^vscode$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|out)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
  },
};
