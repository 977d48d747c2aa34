const DAY = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;

/** JSON Schema of the quarantine file (YAML), checked with ajv before the semantic checks (real dates, order, duplicates). */
export const QUARANTINE_FILE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['version', 'tests'],
  properties: {
    version: { const: 1 },
    tests: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['test', 'reason', 'added', 'expires'],
        properties: {
          test: { type: 'string', minLength: 1 },
          reason: { type: 'string', minLength: 1 },
          added: DAY,
          expires: DAY,
          evidence: { type: 'string' },
        },
      },
    },
  },
} as const;
