import { createRequire } from 'node:module';
import type { Ajv as AjvClass } from 'ajv';
import { RULE_OBJECT_SCHEMA, RULES_AJV_OPTIONS, RULES_FILE_SCHEMA } from './rules-schema.js';

/**
 * The text of an ES module that stands in for rules-validators.ts in the compiled bin: ajv's standalone code for the
 * rules schemas (same schemas, same options, so the same checks and the same error objects) and the same
 * `loadRulesValidators()` export. Its few run-time helpers (`ajv/dist/runtime/*`, e.g. ucs2length for minLength) are
 * imported from the ajv package, so the module must sit where `ajv` resolves (the bin's folder does).
 */
export function rulesValidatorsModuleSource(): string {
  const load = createRequire(import.meta.url);
  const { Ajv } = load('ajv') as { Ajv: typeof AjvClass };
  const standaloneCode = (
    load('ajv/dist/standalone') as { default: (ajv: AjvClass, refs: Record<string, string>) => string }
  ).default;
  const ajv = new Ajv({ ...RULES_AJV_OPTIONS, code: { source: true, esm: true } });
  ajv.addSchema(RULES_FILE_SCHEMA, 'file');
  ajv.addSchema(RULE_OBJECT_SCHEMA, 'rule');
  const imports: string[] = [];
  // ajv's ESM output still `require`s its run-time helpers; an ES module has no `require`, so import them.
  const code = standaloneCode(ajv, { file: 'file', rule: 'rule' }).replace(
    /require\("(ajv\/dist\/runtime\/[\w-]+)"\)/g,
    (_all: string, specifier: string) => {
      const name = `runtime${imports.length}`;
      imports.push(`import ${name} from ${JSON.stringify(`${specifier}.js`)};`);
      return name;
    },
  );
  if (/\brequire\(/.test(code)) throw new Error('ajv standalone code requires a module this generator does not import');
  return `${imports.join('\n')}\n${code.replace(/^"use strict";/, '')}\nexport function loadRulesValidators() {\n  return { file, rule };\n}\n`;
}
