import { CODEBASE_LAYERS } from './codebase-types.js';
import type { CodebaseLayer } from './codebase-types.js';
import type { SeededRandom } from './seeded-random.js';

export type PlannedFileKind = 'barrel' | 'member' | 'legacy';
export type SourceLanguage = 'ts' | 'tsx' | 'js' | 'cjs';

/** A source file's place in the planned tree. `order` is a global topological rank: see planCodebaseImports. */
export interface PlannedFile {
  readonly order: number;
  readonly path: string;
  readonly layer: CodebaseLayer;
  /** Folder of the module the file belongs to, e.g. `src/business/orders`. */
  readonly moduleDir: string;
  /** Position of the module in the layer's module list (-1 for the CommonJS corner). */
  readonly moduleIndex: number;
  readonly kind: PlannedFileKind;
  readonly language: SourceLanguage;
  readonly role: string;
  /** Unique PascalCase name the file's exports are derived from. */
  readonly symbol: string;
}

export interface PlannedModule {
  readonly layer: CodebaseLayer;
  readonly dir: string;
  readonly barrel: PlannedFile;
  readonly members: PlannedFile[];
}

export interface CodebaseLayout {
  readonly files: PlannedFile[];
  readonly modulesByLayer: Readonly<Record<CodebaseLayer, PlannedModule[]>>;
  readonly legacy: PlannedFile[];
}

const LAYER_SHARE: Readonly<Record<CodebaseLayer, number>> = {
  presentation: 0.3,
  business: 0.3,
  data: 0.2,
  infrastructure: 0.2,
};
const MODULE_NAMES = [
  'orders',
  'customers',
  'billing',
  'catalog',
  'inventory',
  'shipping',
  'accounts',
  'reports',
  'notifications',
  'search',
  'pricing',
  'payments',
  'reviews',
  'returns',
  'loyalty',
  'suppliers',
  'analytics',
  'checkout',
];
const INFRA_MODULE_NAMES = [
  'logging',
  'http',
  'cache',
  'storage',
  'messaging',
  'config',
  'metrics',
  'auth',
  'scheduling',
];
const ROLES: Readonly<Record<CodebaseLayer, readonly string[]>> = {
  presentation: ['view', 'page', 'controller', 'presenter', 'form', 'panel'],
  business: ['service', 'policy', 'rules', 'model', 'workflow', 'calculator'],
  data: ['repository', 'mapper', 'dao', 'schema', 'query', 'gateway'],
  infrastructure: ['client', 'adapter', 'driver', 'pool', 'codec', 'transport'],
};
const NESTED_DIRS: Readonly<Record<CodebaseLayer, readonly string[]>> = {
  presentation: ['components', 'hooks'],
  business: ['rules', 'internal'],
  data: ['mappers', 'queries'],
  infrastructure: ['internal', 'drivers'],
};
const TARGET_MODULE_SIZE = 14;
export const MIN_CODEBASE_FILES = 16;

/**
 * Decides every source file's path, layer, module and rank. Files are ranked layer by layer (presentation first),
 * module by module, barrel before its members, the CommonJS corner last: imports planned later only point to a
 * higher rank, which is what keeps the base graph acyclic.
 */
export function planCodebaseLayout(totalFiles: number, commonJs: boolean, random: SeededRandom): CodebaseLayout {
  const legacyCount = commonJs ? Math.max(2, Math.round(totalFiles * 0.02)) : 0;
  const modular = totalFiles - legacyCount;
  const counts = splitByShare(modular);
  const files: PlannedFile[] = [];
  const usedSymbols = new Set<string>();
  const modulesByLayer = {} as Record<CodebaseLayer, PlannedModule[]>;
  const legacy: PlannedFile[] = [];
  const uniqueSymbol = (base: string): string => {
    let symbol = base;
    for (let n = 2; usedSymbols.has(symbol); n++) symbol = `${base}${n}`;
    usedSymbols.add(symbol);
    return symbol;
  };

  for (const layer of CODEBASE_LAYERS) {
    const layerCount = counts[layer];
    const moduleCount = Math.max(1, Math.min(Math.floor(layerCount / 3), Math.round(layerCount / TARGET_MODULE_SIZE)));
    const names = layer === 'infrastructure' ? INFRA_MODULE_NAMES : MODULE_NAMES;
    const modules: PlannedModule[] = [];
    // Every module has a barrel plus at least two members; the rest are spread at random.
    const memberCounts = Array.from({ length: moduleCount }, () => 2);
    for (let left = layerCount - moduleCount * 3; left > 0; left--) {
      const slot = random.int(0, moduleCount - 1);
      memberCounts[slot] = (memberCounts[slot] ?? 0) + 1;
    }
    for (let m = 0; m < moduleCount; m++) {
      const base = names[m % names.length] as string;
      const name = m < names.length ? base : `${base}-${Math.floor(m / names.length) + 1}`;
      const dir = `src/${layer}/${name}`;
      const barrel: PlannedFile = {
        order: files.length,
        path: `${dir}/index.ts`,
        layer,
        moduleDir: dir,
        moduleIndex: m,
        kind: 'barrel',
        language: 'ts',
        role: 'barrel',
        symbol: uniqueSymbol(`${pascal(name)}${pascal(layer)}Api`),
      };
      files.push(barrel);
      const members: PlannedFile[] = [];
      const usedStems = new Set<string>();
      for (let k = 0; k < (memberCounts[m] ?? 2); k++) {
        const role = random.pick(ROLES[layer]);
        let stem = `${name}-${role}`;
        for (let n = 2; usedStems.has(stem); n++) stem = `${name}-${role}-${n}`;
        usedStems.add(stem);
        const nested = random.chance(0.3) ? `${random.pick(NESTED_DIRS[layer])}/` : '';
        const language =
          layer === 'presentation' && (role === 'view' || role === 'page' || role === 'panel') ? 'tsx' : 'ts';
        const file: PlannedFile = {
          order: files.length,
          path: `${dir}/${nested}${stem}.${language}`,
          layer,
          moduleDir: dir,
          moduleIndex: m,
          kind: 'member',
          language,
          role,
          symbol: uniqueSymbol(pascal(stem)),
        };
        files.push(file);
        members.push(file);
      }
      modules.push({ layer, dir, barrel, members });
    }
    modulesByLayer[layer] = modules;
  }

  for (let k = 0; k < legacyCount; k++) {
    const role = random.pick(['config', 'util', 'loader', 'shim']);
    const language: SourceLanguage = k % 2 === 0 ? 'cjs' : 'js';
    const stem = `legacy-${role}-${k + 1}`;
    const file: PlannedFile = {
      order: files.length,
      path: `src/infrastructure/legacy/${stem}.${language}`,
      layer: 'infrastructure',
      moduleDir: 'src/infrastructure/legacy',
      moduleIndex: -1,
      kind: 'legacy',
      language,
      role,
      symbol: uniqueSymbol(pascal(stem)),
    };
    files.push(file);
    legacy.push(file);
  }
  return { files, modulesByLayer, legacy };
}

function splitByShare(total: number): Record<CodebaseLayer, number> {
  const counts = {} as Record<CodebaseLayer, number>;
  let assigned = 0;
  for (const layer of CODEBASE_LAYERS) {
    counts[layer] = Math.max(3, Math.floor(total * LAYER_SHARE[layer]));
    assigned += counts[layer];
  }
  counts.presentation += total - assigned;
  return counts;
}

export function pascal(text: string): string {
  return text
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join('');
}

export function camel(text: string): string {
  const p = pascal(text);
  return p.charAt(0).toLowerCase() + p.slice(1);
}
