import { createRequire } from 'node:module';
import type { Ajv as AjvClass, ValidateFunction } from 'ajv';
import { RULE_OBJECT_SCHEMA, RULES_AJV_OPTIONS, RULES_FILE_SCHEMA } from './rules-schema.js';

/** The rules file's schema validators: the whole file, and one long-form rule. */
export interface RulesValidators {
  readonly file: ValidateFunction;
  readonly rule: ValidateFunction;
}

/**
 * Compiles the schemas with ajv at run time (~65 ms of CPU in a fresh process, ajv's loading included). The
 * compiled bin does not run this: bin/build-bin.mjs replaces this module with ajv's standalone code for the same
 * schemas and options (see rules-validators-source.ts), so `maestro analyze --rules` loads no ajv compiler.
 */
export function loadRulesValidators(): RulesValidators {
  const { Ajv } = createRequire(import.meta.url)('ajv') as { Ajv: typeof AjvClass };
  const ajv = new Ajv(RULES_AJV_OPTIONS);
  return { file: ajv.compile(RULES_FILE_SCHEMA), rule: ajv.compile(RULE_OBJECT_SCHEMA) };
}
