/**
 * JSON schema of `maestro.architecture.yaml`. Types, enums and unknown fields are checked here; the
 * cross-field requirements (a CAN_CALL needs targets, a COUPLING a bound, names must exist) are checked in
 * parse-rules.ts so their messages can say exactly what is missing.
 */
export const RULE_TYPES = ['CAN_CALL', 'MUST_NOT_CALL', 'COUPLING', 'NO_CYCLES', 'PUBLIC_ENTRY_ONLY'] as const;
export const SEVERITIES = ['blocking', 'warning', 'info'] as const;

const stringList = { type: 'array', items: { type: 'string', minLength: 1 } } as const;

export const RULES_FILE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    version: { const: 1 },
    components: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'paths'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_.-]*$' },
          paths: { ...stringList, minItems: 1 },
          description: { type: 'string' },
        },
      },
    },
    rules: { type: 'array', items: { type: ['string', 'object'] } },
    suppressions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['rule', 'from', 'justification', 'expires'],
        additionalProperties: false,
        properties: {
          rule: { type: 'string', minLength: 1 },
          from: { type: 'string', minLength: 1 },
          to: { type: 'string', minLength: 1 },
          justification: { type: 'string', minLength: 10 },
          expires: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
        },
      },
    },
    options: {
      type: 'object',
      additionalProperties: false,
      properties: {
        includeTypeOnly: { type: 'boolean' },
        maxCycles: { type: 'integer', minimum: 1 },
        exclude: stringList,
        componentOverlap: { enum: ['first-match', 'error'] },
      },
    },
  },
} as const;

/** A rule in long form (validated separately, item by item, so short-form strings can sit in the same list). */
export const RULE_OBJECT_SCHEMA = {
  type: 'object',
  required: ['type', 'component'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', minLength: 1 },
    type: { enum: RULE_TYPES },
    severity: { enum: SEVERITIES },
    component: { type: 'string', minLength: 1 },
    description: { type: 'string' },
    target: { type: 'string', minLength: 1 },
    targets: stringList,
    max: { type: 'integer', minimum: 0 },
    threshold: { type: 'integer', minimum: 0 },
    metric: { enum: ['total', 'afferent', 'efferent'] },
    scope: { enum: ['file', 'component'] },
    module: { type: 'string', minLength: 1, not: { pattern: '\\*\\*' } },
    entries: { ...stringList, minItems: 1 },
    exemptions: stringList,
  },
} as const;

/** ajv's options for both schemas, shared by the run-time compile and the standalone code the bin is built with. */
export const RULES_AJV_OPTIONS = { allErrors: true, strict: true, allowUnionTypes: true } as const;
