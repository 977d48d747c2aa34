import type { PlannedFile } from './codebase-layout.js';
import { camel } from './codebase-layout.js';
import { DECOY_DOC_LINES, DECOY_LINES } from './codebase-decoys.js';
import type { PlannedImport } from './codebase-imports.js';
import type { SeededRandom } from './seeded-random.js';

const LAYER_PURPOSE: Readonly<Record<PlannedFile['layer'], string>> = {
  presentation: 'turns domain results into what the screen shows',
  business: 'holds the rules the product owner signs off',
  data: 'maps stored records to domain objects and back',
  infrastructure: 'talks to the outside world (network, disk, clocks)',
};

/** Renders one planned source file; the imports are the only part the manifest depends on. */
export function renderSourceFile(file: PlannedFile, imports: readonly PlannedImport[], random: SeededRandom): string {
  if (file.kind === 'barrel') return renderBarrel(file, imports, random);
  if (file.kind === 'legacy') return renderLegacy(file, imports, random);
  return renderMember(file, imports, random);
}

function quote(specifier: string, random: SeededRandom): string {
  return random.chance(0.2) ? `"${specifier}"` : `'${specifier}'`;
}

function importStatement(planned: PlannedImport, random: SeededRandom): string | undefined {
  const from = quote(planned.specifier, random);
  const names = planned.names.join(', ');
  switch (planned.form) {
    case 'named':
      return `import { ${names} } from ${from};`;
    case 'namespace':
      return `import * as ${names} from ${from};`;
    case 'default':
      return `import ${names} from ${from};`;
    case 'type':
      return `import type { ${names} } from ${from};`;
    case 'type-namespace':
      return `import type * as ${names} from ${from};`;
    case 'export-named':
      return `export { ${names} } from ${from};`;
    case 'export-star':
      return `export * from ${from};`;
    case 'export-type':
      return `export type { ${names} } from ${from};`;
    case 'require':
      return `const ${names} = require(${from});`;
    case 'dynamic':
      return undefined;
  }
}

function renderBarrel(file: PlannedFile, imports: readonly PlannedImport[], random: SeededRandom): string {
  const module = file.moduleDir.split('/').pop() ?? 'module';
  const lines = [
    '/**',
    ` * Public surface of the ${module} module (${file.layer} layer). Import from here, not from the files behind it,`,
    ' * so the module can reorganise its internals without touching callers.',
  ];
  if (random.chance(0.3)) lines.push(` * ${random.pick(DECOY_DOC_LINES)}`);
  lines.push(' */');
  for (const planned of imports) lines.push(importStatement(planned, random) ?? '');
  lines.push('');
  return lines.join('\n');
}

function renderLegacy(file: PlannedFile, imports: readonly PlannedImport[], random: SeededRandom): string {
  const factory = `create${file.symbol}`;
  const lines = [
    "'use strict';",
    '/**',
    ` * ${file.symbol}: kept in CommonJS because the deployment scripts still load it with plain \`node\`.`,
    ` * ${random.pick(DECOY_DOC_LINES)}`,
    ' */',
    ...imports.map((planned) => importStatement(planned, random) ?? ''),
    '',
    random.pick(DECOY_LINES),
    '',
    `function ${factory}(options) {`,
    '  const settings = Object.assign({ retries: 3, verbose: false }, options);',
    '  // Frozen so a caller cannot mutate shared defaults between requests.',
    '  return Object.freeze({',
    '    settings,',
    `    name: '${file.symbol}',`,
    `    dependencies: [${imports.map((p) => p.names[0]).join(', ')}].length,`,
    '    describe() {',
    '      return `${this.name} (retries=${settings.retries})`;',
    '    },',
    '  });',
    '}',
    '',
    `module.exports = { ${factory}, ${camel(file.symbol)}Version: ${random.int(1, 9)} };`,
    '',
  ];
  return lines.join('\n');
}

function renderMember(file: PlannedFile, imports: readonly PlannedImport[], random: SeededRandom): string {
  const { symbol } = file;
  const module = file.moduleDir.split('/').pop() ?? 'module';
  const header = [
    '/**',
    ` * ${symbol}: the ${file.role} of the ${module} module. The ${file.layer} layer ${LAYER_PURPOSE[file.layer]}.`,
  ];
  if (random.chance(0.5)) header.push(' *', ` * ${random.pick(DECOY_DOC_LINES)}`);
  header.push(' */');

  const statements = imports
    .map((planned) => importStatement(planned, random))
    .filter((s): s is string => s !== undefined);
  const values = imports
    .filter((p) => p.form === 'named' || p.form === 'namespace' || p.form === 'default')
    .flatMap((p) => p.names);
  const types = imports.filter((p) => p.form === 'type').flatMap((p) => p.names);
  const dynamic = imports.filter((p) => p.form === 'dynamic');

  const body: string[] = [];
  body.push(`const MODULE_TAG = '${module}.${file.role}';`);
  body.push(...random.shuffle(DECOY_LINES).slice(0, random.int(1, 3)));
  if (types.length > 0) body.push(`type ImportedShapes = [${types.join(', ')}];`);
  body.push('');
  body.push(
    `export interface ${symbol}Options {`,
    '  readonly retries: number;',
    '  readonly label: string;',
    '  /** Off by default: tracing every call costs more than the call itself on hot paths. */',
    '  readonly trace?: boolean;',
    '}',
    '',
  );
  if (file.language === 'tsx') body.push(...renderComponent(symbol, random));
  else body.push(...renderClass(symbol, values, types.length > 0, random));
  body.push(
    '',
    `export function create${symbol}(overrides: Partial<${symbol}Options> = {}): ${symbol}Options {`,
    '  return { retries: 3, label: MODULE_TAG, ...overrides };',
    '}',
  );
  for (const planned of dynamic) {
    const target = planned.target?.symbol ?? camelPackage(planned.specifier);
    body.push(
      '',
      `/** Loaded lazily: ${planned.target ? 'the module is heavy and rarely needed on startup' : 'the package is optional at runtime'}. */`,
      `export async function load${target}For${symbol}(): Promise<unknown> {`,
      `  const loaded = await import(${quote(planned.specifier, random)});`,
      `  return loaded.${planned.names[0] ?? 'default'};`,
      '}',
    );
  }
  if (file.language === 'tsx' && values.length > 0) {
    body.push('', `export const ${camel(symbol)}Wiring = [${values.join(', ')}] as const;`);
  }
  return [...header, ...statements, '', ...body, ''].join('\n');
}

function renderComponent(symbol: string, random: SeededRandom): string[] {
  const items = random.int(2, 5);
  return [
    `/** Renders the ${symbol} block; keys are item labels because they are unique per list. */`,
    `export function ${symbol}(props: { readonly options: ${symbol}Options; readonly items: readonly string[] }) {`,
    `  const visible = props.items.slice(0, ${items * 10});`,
    '  return (',
    `    <section className="${camel(symbol)}" data-label={props.options.label}>`,
    `      <h2>{props.options.label} ({visible.length})</h2>`,
    '      <ul>',
    '        {visible.map((item) => (',
    '          <li key={item}>{item}</li>',
    '        ))}',
    '      </ul>',
    '    </section>',
    '  );',
    '}',
  ];
}

const METHODS: readonly ((symbol: string) => string[])[] = [
  () => [
    '  computeTotal(values: readonly number[]): number {',
    '    // One pass, no intermediate arrays: this runs for every line item.',
    '    let total = 0;',
    '    for (const value of values) total += value * this.options.retries;',
    '    return Math.round(total * 100) / 100;',
    '  }',
  ],
  (symbol) => [
    '  describe(): string {',
    `    return \`${symbol}(\${this.options.label}, retries=\${this.options.retries})\`;`,
    '  }',
  ],
  () => [
    '  async withRetries<T>(task: () => Promise<T>): Promise<T> {',
    '    let lastError: unknown;',
    '    for (let attempt = 1; attempt <= this.options.retries; attempt++) {',
    '      try {',
    '        return await task();',
    '      } catch (error) {',
    '        // Keep the last failure: it is the one the caller can act on.',
    '        lastError = error;',
    '      }',
    '    }',
    "    throw new Error('gave up after retries', { cause: lastError });",
    '  }',
  ],
  () => [
    '  count(key: string): number {',
    '    const next = (this.counters.get(key) ?? 0) + 1;',
    '    this.counters.set(key, next);',
    '    return next;',
    '  }',
  ],
  () => [
    '  normalise(input: Record<string, unknown>): Record<string, string> {',
    '    const output: Record<string, string> = {};',
    '    for (const [key, value] of Object.entries(input)) {',
    '      if (value === undefined || value === null) continue; // absent and null mean the same to callers',
    '      output[key.trim().toLowerCase()] = String(value);',
    '    }',
    '    return output;',
    '  }',
  ],
  () => [
    '  partition<T>(items: readonly T[], predicate: (item: T) => boolean): [T[], T[]] {',
    '    const accepted: T[] = [];',
    '    const rejected: T[] = [];',
    '    for (const item of items) (predicate(item) ? accepted : rejected).push(item);',
    '    return [accepted, rejected];',
    '  }',
  ],
  () => [
    '  toJSON(): { label: string; counters: Record<string, number> } {',
    '    return { label: this.options.label, counters: Object.fromEntries(this.counters) };',
    '  }',
  ],
];

function renderClass(symbol: string, values: readonly string[], hasTypes: boolean, random: SeededRandom): string[] {
  const lines = [
    `/** ${symbol} keeps its state per instance so tests can create as many as they need. */`,
    `export class ${symbol} {`,
    '  private readonly counters = new Map<string, number>();',
    '',
    `  constructor(private readonly options: ${symbol}Options) {}`,
  ];
  for (const method of random.shuffle(METHODS).slice(0, random.int(2, METHODS.length)))
    lines.push('', ...method(symbol));
  if (values.length > 0) {
    lines.push('', '  dependencies(): readonly unknown[] {', `    return [${values.join(', ')}];`, '  }');
  }
  if (hasTypes)
    lines.push('', '  accepts(shapes: Partial<ImportedShapes>): boolean {', '    return shapes.length >= 0;', '  }');
  lines.push('}');
  return lines;
}

function camelPackage(specifier: string): string {
  const name = camel(specifier.replace(/^node:/, ''));
  return name.charAt(0).toUpperCase() + name.slice(1);
}
