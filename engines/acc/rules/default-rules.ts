import type { ArchitectureRules, ComponentDefinition } from './rule-types.js';

const under = (dirs: readonly string[]): string[] => dirs.map((d) => `**/${d}/**`);

/**
 * The original Maestro's components, with its substring paths turned into globs. `Tests` comes first so a test
 * under `services/` is not counted as business logic (the original matched tests by name as well).
 */
export const DEFAULT_COMPONENTS: readonly ComponentDefinition[] = [
  {
    name: 'Tests',
    paths: ['**/tests/**', '**/test/**', '**/__tests__/**', '**/*.test.*', '**/*.spec.*'],
    description: 'Test files',
  },
  {
    name: 'Presentation',
    paths: under(['routes', 'api', 'controllers', 'views', 'ui', 'pages', 'components']),
    description: 'API routes, controllers and views',
  },
  {
    name: 'BusinessLogic',
    paths: under(['services', 'domain', 'core']),
    description: 'Business logic and domain services',
  },
  {
    name: 'DataAccess',
    paths: under(['repositories', 'models', 'database', 'dal', 'data']),
    description: 'Data access and persistence',
  },
  {
    name: 'Infrastructure',
    paths: under(['utils', 'helpers', 'config', 'common', 'lib']),
    description: 'Cross-cutting infrastructure',
  },
];

/**
 * The original's default rules. One deliberate difference: the original let Presentation call only
 * BusinessLogic and BusinessLogic only DataAccess, so every import of a shared utility was a violation although
 * its own component list calls Infrastructure "cross-cutting"; here Infrastructure is an allowed target of both.
 */
export const DEFAULT_RULES: ArchitectureRules = {
  components: DEFAULT_COMPONENTS,
  rules: [
    {
      id: 'layer_presentation_business',
      type: 'CAN_CALL',
      severity: 'blocking',
      component: 'Presentation',
      targets: ['BusinessLogic', 'Infrastructure'],
      description: 'Presentation can only call BusinessLogic',
      exemptions: [],
    },
    {
      id: 'layer_business_data',
      type: 'CAN_CALL',
      severity: 'warning',
      component: 'BusinessLogic',
      targets: ['DataAccess', 'Infrastructure'],
      description: 'BusinessLogic should primarily call DataAccess',
      exemptions: [],
    },
    {
      id: 'layer_no_data_to_presentation',
      type: 'MUST_NOT_CALL',
      severity: 'blocking',
      component: 'DataAccess',
      targets: ['Presentation'],
      description: 'DataAccess must not call Presentation',
      exemptions: [],
    },
    {
      id: 'coupling_business_logic',
      type: 'COUPLING',
      severity: 'warning',
      component: 'BusinessLogic',
      max: 10,
      metric: 'total',
      scope: 'file',
      description: 'BusinessLogic coupling should be reasonable',
      exemptions: [],
    },
    {
      id: 'no_cycles_business',
      type: 'NO_CYCLES',
      severity: 'warning',
      component: 'BusinessLogic',
      description: 'No circular dependencies in BusinessLogic',
      exemptions: [],
    },
  ],
  suppressions: [],
  includeTypeOnly: true,
  maxCycles: 100,
  exclude: [],
};
