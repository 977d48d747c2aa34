import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import type { ResolutionSettings } from './module-resolver.js';
import { parseJsonc } from './parse-jsonc.js';
import { readInputFile } from '../read-input-file.js';
import { settingsFromCompilerOptions } from './resolution-context.js';
import { errorMessage } from '../../common/index.js';

/** One tsconfig/jsconfig used for resolution, with the options it resolves with (its `extends` chain applied). */
export interface ProjectConfig {
  /** Absolute path of the config file. */
  readonly file: string;
  readonly settings: ResolutionSettings;
  /** Whether a root-relative source file belongs to this project (its files/include/exclude). */
  readonly includes: (rootRelativeFile: string) => boolean;
  /** Absolute paths of its project `references` (config files). */
  readonly references: readonly string[];
}

interface RawConfig {
  compilerOptions: Record<string, unknown>;
  origins: { baseUrl?: string; paths?: string };
  files?: { value: readonly string[]; dir: string };
  include?: { value: readonly string[]; dir: string };
  exclude?: { value: readonly string[]; dir: string };
  references: string[];
}

const toPosix = (p: string): string => (sep === '/' ? p : p.split(sep).join('/'));

/**
 * No exception for a missing file: a thrown ENOENT (with its stack) per folder was most of the lookup's cost. The
 * common answer, "absent", comes from existsSync (one access(2), no Stats object); only a present entry is statted.
 */
function isFile(path: string): boolean {
  if (!existsSync(path)) return false;
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

/**
 * Finds the tsconfig each file compiles with, as tsc and tsserver do: the nearest `tsconfig.json` (else
 * `jsconfig.json`) in the file's folder or above it, also above the analysed root; when that config is a solution
 * (`references`), the referenced project that includes the file. `extends` chains (relative files and packages in
 * node_modules) are applied with TypeScript's rules: compilerOptions merged child over parent, `baseUrl`/`paths`
 * relative to the config that set them, files/include/exclude inherited when the child has none.
 */
export class ProjectConfigs {
  private readonly byDir = new Map<string, ProjectConfig | null>();
  /** nearest() by root-relative folder: one map lookup per file, no absolute path joined for it. */
  private readonly byRelativeDir = new Map<string, ProjectConfig | null>();
  private explicitConfig: ProjectConfig | null | undefined;
  private readonly loaded = new Map<string, ProjectConfig | null>();
  /** Config files used for at least one file, with how many files. */
  readonly used = new Map<string, number>();
  readonly notes: string[] = [];
  readonly defaultSettings: ResolutionSettings;

  constructor(
    private readonly absRoot: string,
    private readonly explicit?: string,
  ) {
    this.defaultSettings = settingsFromCompilerOptions({}, '');
  }

  /** The settings a root-relative file resolves with. */
  settingsFor(file: string): ResolutionSettings {
    const config = this.configFor(file);
    const key = config?.file ?? '(none: TypeScript defaults, moduleResolution node10)';
    this.used.set(key, (this.used.get(key) ?? 0) + 1);
    return config?.settings ?? this.defaultSettings;
  }

  configFor(file: string): ProjectConfig | undefined {
    if (this.explicit !== undefined) {
      this.explicitConfig ??= this.load(resolve(this.absRoot, this.explicit));
      return this.explicitConfig ?? undefined;
    }
    const slash = file.lastIndexOf('/');
    const dir = slash < 0 ? '' : file.slice(0, slash);
    let known = this.byRelativeDir.get(dir);
    if (known === undefined) {
      known = this.nearest(dir === '' ? this.absRoot : join(this.absRoot, dir)) ?? null;
      this.byRelativeDir.set(dir, known);
    }
    const nearest = known ?? undefined;
    if (nearest === undefined) return undefined;
    if (nearest.references.length > 0 && !nearest.includes(file)) {
      for (const ref of nearest.references) {
        const project = this.load(ref);
        if (project?.includes(file)) return project;
      }
    }
    return nearest;
  }

  private nearest(absDir: string): ProjectConfig | undefined {
    const known = this.byDir.get(absDir);
    if (known !== undefined) return known ?? undefined;
    let found: ProjectConfig | undefined;
    const ts = join(absDir, 'tsconfig.json');
    const js = join(absDir, 'jsconfig.json');
    if (this.regularOrNote(ts)) found = this.load(ts) ?? undefined;
    else if (isFile(js)) found = this.load(js) ?? undefined;
    else {
      const parent = dirname(absDir);
      found = parent === absDir ? undefined : this.nearest(parent);
    }
    this.byDir.set(absDir, found ?? null);
    return found;
  }

  /**
   * Whether `file` is a regular file (one stat, no exception when absent). One that exists but is a FIFO, device
   * or socket is never opened (a FIFO would block): a note says so.
   */
  private regularOrNote(file: string): boolean {
    if (!existsSync(file)) return false; // most folders have none: one access(2), no Stats object
    let st;
    try {
      st = statSync(file, { throwIfNoEntry: false });
    } catch {
      return false;
    }
    if (st === undefined || st.isDirectory()) return false;
    if (st.isFile()) return true;
    const kind = st.isFIFO()
      ? 'a FIFO (named pipe)'
      : st.isCharacterDevice()
        ? 'a character device'
        : st.isSocket()
          ? 'a socket'
          : 'not a regular file';
    this.notes.push(
      `${file}: is ${kind}, not a regular file; ignored (files below it resolve with the next tsconfig above)`,
    );
    return false;
  }

  private load(file: string): ProjectConfig | null {
    const known = this.loaded.get(file);
    if (known !== undefined) return known;
    this.loaded.set(file, null); // a reference cycle resolves to "no config" instead of recursing
    const raw = this.readChain(file, new Set());
    if (raw === undefined) return null;
    const dir = dirname(file);
    const rel = (abs: string): string => {
      const r = toPosix(relative(this.absRoot, abs));
      return r === '' ? '' : r;
    };
    const configDir = rel(dir);
    const options = substituteConfigDir(raw.compilerOptions, toPosix(dir));
    const settings = settingsFromCompilerOptions(options, configDir, {
      ...(raw.origins.baseUrl !== undefined ? { baseUrl: rel(raw.origins.baseUrl) } : {}),
      ...(raw.origins.paths !== undefined ? { paths: rel(raw.origins.paths) } : {}),
    });
    const includes = makeIncludes(this.absRoot, raw, toPosix(dir));
    const config: ProjectConfig = { file, settings, includes, references: raw.references };
    this.loaded.set(file, config);
    return config;
  }

  private readChain(file: string, seen: Set<string>): RawConfig | undefined {
    if (seen.has(file)) {
      this.notes.push(`tsconfig extends cycle at ${file}`);
      return undefined;
    }
    seen.add(file);
    let parsed: unknown;
    try {
      parsed = parseJsonc(readInputFile(file));
    } catch (error) {
      this.notes.push(`tsconfig not usable: ${errorMessage(error)}; TypeScript's defaults used for its files`);
      return undefined;
    }
    if (typeof parsed !== 'object' || parsed === null) {
      this.notes.push(`tsconfig not an object: ${file}; TypeScript's defaults used for its files`);
      return undefined;
    }
    const config = parsed as {
      extends?: unknown;
      compilerOptions?: unknown;
      files?: unknown;
      include?: unknown;
      exclude?: unknown;
      references?: unknown;
    };
    const dir = dirname(file);
    const merged: RawConfig = { compilerOptions: {}, origins: {}, references: [] };
    const parents =
      typeof config.extends === 'string' ? [config.extends] : Array.isArray(config.extends) ? config.extends : [];
    for (const parent of parents) {
      if (typeof parent !== 'string') continue;
      const parentFile = locateExtends(dir, parent);
      if (parentFile === undefined) {
        this.notes.push(`tsconfig extends not found: ${parent} (from ${file})`);
        continue;
      }
      const base = this.readChain(parentFile, new Set(seen));
      if (base === undefined) continue;
      Object.assign(merged.compilerOptions, base.compilerOptions);
      if (base.origins.baseUrl !== undefined) merged.origins.baseUrl = base.origins.baseUrl;
      if (base.origins.paths !== undefined) merged.origins.paths = base.origins.paths;
      if (base.files) merged.files = base.files;
      if (base.include) merged.include = base.include;
      if (base.exclude) merged.exclude = base.exclude;
    }
    const options =
      typeof config.compilerOptions === 'object' && config.compilerOptions !== null
        ? (config.compilerOptions as Record<string, unknown>)
        : {};
    Object.assign(merged.compilerOptions, options);
    if (typeof options['baseUrl'] === 'string') merged.origins.baseUrl = dir;
    if (options['paths'] !== undefined) merged.origins.paths = dir;
    const list = (v: unknown): string[] | undefined =>
      Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
    const files = list(config.files);
    const include = list(config.include);
    const exclude = list(config.exclude);
    if (files !== undefined) merged.files = { value: files, dir };
    if (include !== undefined) merged.include = { value: include, dir };
    if (exclude !== undefined) merged.exclude = { value: exclude, dir };
    if (files !== undefined && include === undefined && merged.include?.dir !== dir) delete merged.include;
    if (Array.isArray(config.references)) {
      for (const ref of config.references as unknown[]) {
        const p = typeof ref === 'object' && ref !== null ? (ref as { path?: unknown }).path : undefined;
        if (typeof p !== 'string') continue;
        const abs = resolve(dir, p);
        merged.references.push(isFile(abs) ? abs : join(abs, 'tsconfig.json'));
      }
    }
    return merged;
  }
}

/** TypeScript 5.5's `${configDir}` in path-valued options: the folder of the config in use. */
function substituteConfigDir(options: Record<string, unknown>, configDir: string): Record<string, unknown> {
  const text = JSON.stringify(options);
  if (!text.includes('${configDir}')) return options;
  return JSON.parse(text.split('${configDir}').join(configDir.split('"').join('\\"'))) as Record<string, unknown>;
}

/** files/include/exclude as tsc reads them (default include `**\/*`, a plain folder name means everything in it). */
function makeIncludes(absRoot: string, raw: RawConfig, configDir: string): (file: string) => boolean {
  const toGlob = (pattern: string, dir: string): string => {
    const abs = toPosix(resolve(dir, pattern));
    const last = abs.slice(abs.lastIndexOf('/') + 1);
    return /[*?]/.test(last) || last.includes('.') ? abs : `${abs}/**/*`;
  };
  const files = new Set((raw.files?.value ?? []).map((f) => toPosix(resolve(raw.files?.dir ?? configDir, f))));
  const includePatterns =
    raw.include !== undefined
      ? raw.include.value.map((p) => toGlob(p, raw.include?.dir ?? configDir))
      : raw.files !== undefined
        ? []
        : [`${configDir}/**/*`];
  const excludePatterns =
    raw.exclude !== undefined ? raw.exclude.value.map((p) => toGlob(p, raw.exclude?.dir ?? configDir)) : [];
  // Compiled on first use: only a solution config (with `references`) asks whether it includes a file.
  let included: ((path: string) => boolean) | undefined;
  let excluded: ((path: string) => boolean) | undefined;
  const rootPosix = toPosix(absRoot);
  return (file) => {
    const abs = `${rootPosix}/${file}`;
    if (files.has(abs)) return true;
    included ??= includePatterns.length > 0 ? picomatch(includePatterns, { dot: false }) : () => false;
    excluded ??= excludePatterns.length > 0 ? picomatch(excludePatterns, { dot: true }) : () => false;
    return included(abs) && !excluded(abs);
  };
}

function locateExtends(dir: string, spec: string): string | undefined {
  if (spec.startsWith('.') || spec.startsWith('/')) {
    return [resolve(dir, spec), resolve(dir, `${spec}.json`)].find((c) => isFile(c));
  }
  for (let d = dir; ; d = dirname(d)) {
    const base = join(d, 'node_modules', spec);
    const hit = [base, `${base}.json`, join(base, 'tsconfig.json')].find((c) => isFile(c));
    if (hit !== undefined) return hit;
    if (dirname(d) === d) return undefined;
  }
}
