import { posix } from 'node:path';
import type { CodebaseLayout, PlannedFile, PlannedModule } from './codebase-layout.js';
import { camel } from './codebase-layout.js';
import { CODEBASE_LAYERS } from './codebase-types.js';
import type { CodebaseLayer, ImportKind, LayerViolation } from './codebase-types.js';
import type { SeededRandom } from './seeded-random.js';

/** How an import statement is spelled; `kind` in the manifest is derived from it. */
export type ImportForm =
  | 'named'
  | 'namespace'
  | 'default'
  | 'type'
  | 'type-namespace'
  | 'dynamic'
  | 'export-named'
  | 'export-star'
  | 'export-type'
  | 'require';

export interface PlannedImport {
  /** Null for an external package. */
  readonly target: PlannedFile | null;
  readonly specifier: string;
  readonly form: ImportForm;
  readonly kind: ImportKind;
  /** Names bound (named/type forms) or the local binding (namespace/default/require). */
  readonly names: readonly string[];
}

export interface CodebaseImportPlan {
  readonly importsByFile: ReadonlyMap<PlannedFile, PlannedImport[]>;
  readonly cycles: PlannedFile[][];
  readonly violations: LayerViolation[];
}

export interface ImportPlanOptions {
  readonly cycles: number;
  readonly layerViolations: number;
  readonly tsconfigPaths: boolean;
  readonly jsExtensions: boolean;
}

export const PATH_ALIASES: Readonly<Record<string, string>> = {
  '@core/*': 'src/infrastructure/*',
  '@domain/*': 'src/business/*',
};

const EXTERNALS: Readonly<Record<CodebaseLayer, readonly string[]>> = {
  presentation: ['react', 'react-dom/client', 'clsx', '@tanstack/react-query', 'node:events'],
  business: ['lodash', 'lodash/fp', 'zod', 'date-fns', 'node:events', 'node:crypto'],
  data: ['pg', 'ioredis', 'zod', 'node:fs/promises', 'node:stream'],
  infrastructure: ['node:fs', 'node:path', 'node:http', 'node:crypto', 'axios', 'pino', 'node:zlib'],
};
const LEGACY_EXTERNALS = ['node:path', 'node:fs', 'lodash', 'node:util'];

/**
 * Plans every import. Base imports only point at files of higher rank (same module later, same layer later
 * module, the next layer down, or the CommonJS corner), so the base graph is acyclic; layer violations also point
 * down. Cycle members import nothing internal but their cycle mates, so each injected cycle is exactly one strongly
 * connected component, and nothing else is.
 */
export function planCodebaseImports(
  layout: CodebaseLayout,
  options: ImportPlanOptions,
  random: SeededRandom,
): CodebaseImportPlan {
  const importsByFile = new Map<PlannedFile, PlannedImport[]>(layout.files.map((file) => [file, []]));
  const add = (file: PlannedFile, planned: PlannedImport): void => void importsByFile.get(file)?.push(planned);
  const barrelForms = planBarrels(layout, add, random.fork('barrels'));
  const cycles = pickCycles(layout, options.cycles, random.fork('cycles'));
  const inCycle = new Set(cycles.flat());
  const spec = (from: PlannedFile, to: PlannedFile, r: SeededRandom): string => specifierFor(from, to, options, r);
  const internal = random.fork('internal');
  const membersByBarrel = new Map(
    CODEBASE_LAYERS.flatMap((layer) => layout.modulesByLayer[layer].map((m) => [m.barrel, m.members] as const)),
  );

  for (const cycle of cycles) {
    cycle.forEach((file, i) => {
      const target = cycle[(i + 1) % cycle.length] as PlannedFile;
      add(file, {
        target,
        specifier: spec(file, target, internal),
        form: 'named',
        kind: 'import',
        names: [target.symbol],
      });
    });
  }

  for (const layer of CODEBASE_LAYERS) {
    const modules = layout.modulesByLayer[layer];
    const below = layout.modulesByLayer[CODEBASE_LAYERS[CODEBASE_LAYERS.indexOf(layer) + 1] as CodebaseLayer] ?? [];
    for (const module of modules) {
      for (const file of module.members) {
        if (inCycle.has(file)) continue;
        const wanted = internal.int(1, 5);
        const taken = new Set<PlannedFile>();
        for (let attempt = 0; attempt < wanted * 3 && taken.size < wanted; attempt++) {
          const target = pickTarget(file, module, modules, below, layout.legacy, internal);
          if (!target || taken.has(target)) continue;
          taken.add(target);
          add(file, importOf(file, target, spec(file, target, internal), barrelForms, membersByBarrel, internal));
        }
      }
    }
  }

  const legacyRandom = random.fork('legacy');
  layout.legacy.forEach((file, i) => {
    const later = layout.legacy.slice(i + 1);
    const picks = new Set(later.filter(() => legacyRandom.chance(0.5)).slice(0, 2));
    for (const target of picks) {
      const specifier = relativeSpecifier(
        file.path,
        target.language === 'js' && legacyRandom.chance(0.5) ? stripExtension(target.path) : target.path,
      );
      add(file, { target, specifier, form: 'require', kind: 'require', names: [camel(target.symbol)] });
    }
  });

  const violations = planViolations(layout, options.layerViolations, inCycle, importsByFile, random.fork('violations'));
  for (const violation of violations) {
    add(violation.from, {
      target: violation.to,
      specifier: relativeSpecifier(violation.from.path, stripExtension(violation.to.path)),
      form: 'named',
      kind: 'import',
      names: [violation.to.symbol],
    });
  }

  const externals = random.fork('externals');
  for (const file of layout.files) {
    if (file.kind === 'barrel') continue;
    const pool = file.kind === 'legacy' ? LEGACY_EXTERNALS : EXTERNALS[file.layer];
    const chosen = new Set<string>();
    for (let k = externals.int(0, 2); k > 0; k--) chosen.add(externals.pick(pool));
    for (const specifier of chosen) add(file, externalImport(file, specifier, externals));
  }

  return {
    importsByFile,
    cycles,
    violations: violations.map((v) => ({
      from: v.from.path,
      to: v.to.path,
      fromLayer: v.from.layer,
      toLayer: v.to.layer,
    })),
  };
}

type BarrelForms = ReadonlyMap<PlannedFile, ImportForm>;

function planBarrels(
  layout: CodebaseLayout,
  add: (file: PlannedFile, planned: PlannedImport) => void,
  random: SeededRandom,
): BarrelForms {
  const forms = new Map<PlannedFile, ImportForm>();
  for (const layer of CODEBASE_LAYERS) {
    for (const module of layout.modulesByLayer[layer]) {
      for (const member of module.members) {
        const draw = random.next();
        const form: ImportForm = draw < 0.55 ? 'export-star' : draw < 0.9 ? 'export-named' : 'export-type';
        forms.set(member, form);
        const specifier = relativeSpecifier(
          module.barrel.path,
          random.chance(0.3) ? jsPath(member.path) : stripExtension(member.path),
        );
        const names =
          form === 'export-named'
            ? [member.symbol, `create${member.symbol}`, `type ${member.symbol}Options`]
            : form === 'export-type'
              ? [`${member.symbol}Options`, member.symbol]
              : [];
        add(module.barrel, {
          target: member,
          specifier,
          form,
          kind: form === 'export-type' ? 'type-re-export' : 're-export',
          names,
        });
      }
    }
  }
  return forms;
}

function pickCycles(layout: CodebaseLayout, count: number, random: SeededRandom): PlannedFile[][] {
  const free = new Map<PlannedModule, PlannedFile[]>();
  for (const layer of ['business', 'data', 'infrastructure'] as const) {
    for (const module of layout.modulesByLayer[layer]) free.set(module, [...module.members]);
  }
  const cycles: PlannedFile[][] = [];
  for (let c = 0; c < count; c++) {
    const size = random.int(2, 3);
    let candidates = [...free.entries()].filter(([, files]) => files.length >= size);
    if (candidates.length === 0) candidates = [...free.entries()].filter(([, files]) => files.length >= 2);
    if (candidates.length === 0) {
      throw new RangeError(
        `cannot inject ${count} cycles: only ${c} fit in the business, data and infrastructure modules; raise files`,
      );
    }
    const [module, files] = random.pick(candidates);
    const members = random.shuffle(files).slice(0, Math.min(size, files.length));
    free.set(
      module,
      files.filter((file) => !members.includes(file)),
    );
    cycles.push(members.sort((a, b) => a.order - b.order));
  }
  return cycles;
}

function pickTarget(
  file: PlannedFile,
  module: PlannedModule,
  modules: readonly PlannedModule[],
  below: readonly PlannedModule[],
  legacy: readonly PlannedFile[],
  random: SeededRandom,
): PlannedFile | undefined {
  const draw = random.next();
  const sameModuleLater = module.members.filter((member) => member.order > file.order);
  if (draw < 0.45 && sameModuleLater.length > 0) return random.pick(sameModuleLater);
  const laterModules = modules.slice(file.moduleIndex + 1);
  const fromModule = (m: PlannedModule): PlannedFile => (random.chance(0.4) ? m.barrel : random.pick(m.members));
  if (draw < 0.7 && laterModules.length > 0) return fromModule(random.pick(laterModules));
  if (below.length > 0) return fromModule(random.pick(below));
  if (legacy.length > 0 && random.chance(0.3)) return random.pick(legacy);
  if (laterModules.length > 0) return fromModule(random.pick(laterModules));
  return sameModuleLater.length > 0 ? random.pick(sameModuleLater) : undefined;
}

function importOf(
  file: PlannedFile,
  target: PlannedFile,
  specifier: string,
  barrelForms: BarrelForms,
  membersByBarrel: ReadonlyMap<PlannedFile, readonly PlannedFile[]>,
  random: SeededRandom,
): PlannedImport {
  if (target.kind === 'legacy')
    return { target, specifier, form: 'default', kind: 'import', names: [camel(target.symbol)] };
  const draw = random.next();
  if (target.kind === 'barrel') {
    const exported = (membersByBarrel.get(target) ?? []).filter((member) => barrelForms.get(member) !== 'export-type');
    if (draw < 0.6 && exported.length > 0) {
      const member = random.pick(exported);
      return { target, specifier, form: 'named', kind: 'import', names: [member.symbol, `create${member.symbol}`] };
    }
    return draw < 0.75
      ? { target, specifier, form: 'type-namespace', kind: 'type-import', names: [`${target.symbol}Types`] }
      : { target, specifier, form: 'namespace', kind: 'import', names: [camel(target.symbol)] };
  }
  if (draw < 0.5)
    return { target, specifier, form: 'named', kind: 'import', names: [target.symbol, `create${target.symbol}`] };
  if (draw < 0.6)
    return { target, specifier, form: 'namespace', kind: 'import', names: [`${camel(target.symbol)}Module`] };
  if (draw < 0.75) return { target, specifier, form: 'type', kind: 'type-import', names: [`${target.symbol}Options`] };
  if (draw < 0.9)
    return { target, specifier, form: 'dynamic', kind: 'dynamic-import', names: [`create${target.symbol}`] };
  return {
    target,
    specifier,
    form: 'export-named',
    kind: 're-export',
    names: [`create${target.symbol} as create${target.symbol}Via${file.symbol}`],
  };
}

function planViolations(
  layout: CodebaseLayout,
  count: number,
  inCycle: ReadonlySet<PlannedFile>,
  importsByFile: ReadonlyMap<PlannedFile, PlannedImport[]>,
  random: SeededRandom,
): { from: PlannedFile; to: PlannedFile }[] {
  const importers = layout.modulesByLayer.presentation.flatMap((m) => m.members).filter((f) => !inCycle.has(f));
  const targets = layout.modulesByLayer.data.flatMap((m) => m.members);
  const seen = new Set<string>();
  const violations: { from: PlannedFile; to: PlannedFile }[] = [];
  const order = random.shuffle(importers);
  for (let attempt = 0; violations.length < count && attempt < count * 50; attempt++) {
    const from = order[attempt % order.length] as PlannedFile;
    const to = random.pick(targets);
    const key = `${from.path}->${to.path}`;
    if (seen.has(key) || importsByFile.get(from)?.some((i) => i.target === to)) continue;
    seen.add(key);
    violations.push({ from, to });
  }
  if (violations.length < count)
    throw new RangeError(`cannot inject ${count} layer violations into this code base; raise files`);
  return violations;
}

function externalImport(file: PlannedFile, specifier: string, random: SeededRandom): PlannedImport {
  const local = `${camel(specifier.replace(/^node:/, ''))}Lib`;
  if (file.kind === 'legacy') return { target: null, specifier, form: 'require', kind: 'require', names: [local] };
  const draw = random.next();
  if (draw < 0.7) return { target: null, specifier, form: 'namespace', kind: 'import', names: [local] };
  if (draw < 0.85)
    return { target: null, specifier, form: 'type-namespace', kind: 'type-import', names: [`${local}Types`] };
  return { target: null, specifier, form: 'dynamic', kind: 'dynamic-import', names: ['default'] };
}

function specifierFor(from: PlannedFile, to: PlannedFile, options: ImportPlanOptions, random: SeededRandom): string {
  if (to.kind === 'legacy') return relativeSpecifier(from.path, to.path);
  const alias = aliasFor(from, to, options, random);
  if (alias) return alias;
  if (to.kind === 'barrel') {
    const draw = random.next();
    if (draw < 0.5) return relativeSpecifier(from.path, to.moduleDir);
    return relativeSpecifier(
      from.path,
      options.jsExtensions && draw < 0.75 ? jsPath(to.path) : stripExtension(to.path),
    );
  }
  return relativeSpecifier(
    from.path,
    options.jsExtensions && random.chance(0.3) ? jsPath(to.path) : stripExtension(to.path),
  );
}

function aliasFor(
  from: PlannedFile,
  to: PlannedFile,
  options: ImportPlanOptions,
  random: SeededRandom,
): string | undefined {
  if (!options.tsconfigPaths) return undefined;
  const target = to.kind === 'barrel' ? to.moduleDir : stripExtension(to.path);
  if (to.layer === 'infrastructure' && from.layer !== 'infrastructure' && random.chance(0.6)) {
    return target.replace(/^src\/infrastructure\//, '@core/');
  }
  if (to.layer === 'business' && from.layer === 'presentation' && random.chance(0.4)) {
    return target.replace(/^src\/business\//, '@domain/');
  }
  return undefined;
}

export function relativeSpecifier(fromFile: string, toPath: string): string {
  const relative = posix.relative(posix.dirname(fromFile), toPath);
  return relative.startsWith('.') ? relative : `./${relative}`;
}

function stripExtension(path: string): string {
  return path.replace(/\.(tsx?|js)$/, '');
}

function jsPath(path: string): string {
  return path.replace(/\.tsx?$/, '.js');
}
