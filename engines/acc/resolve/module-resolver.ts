// TypeScript's module resolution (`ts.resolveModuleName`, TypeScript 5.9: moduleResolution node10, node16,
// nodenext, bundler, classic) ported over an in-memory host: the walked files and the package.json files inside the
// analysed root. Function names follow `src/compiler/moduleNameResolver.ts` so the port can be checked line by line;
// resolution-module.test.ts compares it with the real `ts.resolveModuleName` on generated trees.
//
// Deliberate differences, all documented in the README:
// - `allowJs` and `resolveJsonModule` are always on (an architecture graph includes JS and JSON modules).
// - node_modules is not walked: a bare specifier that is not a workspace package of the root is `external`.
//   A workspace package (a package.json with a `name` inside the root) stands for the symlink npm, yarn and pnpm
//   put in node_modules, resolved to its real path as tsc does (preserveSymlinks off).
// - `typesVersions`, `moduleSuffixes`, `rootDirs` and the outDir-to-source mapping of package `exports` are not
//   interpreted (`typesVersions` ranges other than `*` never match here).
import { posix } from 'node:path';

export const EXT_TS = 1;
export const EXT_JS = 2;
export const EXT_DTS = 4;
export const EXT_JSON = 8;
const EXT_ALL = EXT_TS | EXT_JS | EXT_DTS | EXT_JSON;

const F_IMPORTS = 2;
const F_SELF_NAME = 4;
const F_EXPORTS = 8;
const F_PATTERN_TRAILERS = 16;
const F_ALL = 30;
const F_ESM = 32;

/** TypeScript's ModuleKind values that matter here. */
export const MODULE_COMMONJS = 1;
export const MODULE_ES2015 = 5;
export const MODULE_ESNEXT = 99;
export const MODULE_NODE16 = 100;
export const MODULE_NODENEXT = 199;
export const MODULE_PRESERVE = 200;

export type ModuleResolutionKind = 'classic' | 'node10' | 'node16' | 'nodenext' | 'bundler';
/** 1 = CommonJS (`require` conditions), 99 = ESM (`import` conditions), 0 = none (node10/classic). */
export type ResolutionMode = 0 | 1 | 99;

/** The compiler options resolution reads, with paths root-relative (POSIX, `''` is the root). */
export interface ResolutionSettings {
  readonly moduleResolution: ModuleResolutionKind;
  /** Emit module kind (TypeScript's ModuleKind number), used to pick the mode of each import. */
  readonly module: number;
  readonly baseUrl: string | undefined;
  readonly paths: Readonly<Record<string, readonly string[]>> | undefined;
  /** Where `paths` targets are resolved from: baseUrl, else the folder of the tsconfig that set `paths`. */
  readonly pathsBase: string;
  readonly customConditions: readonly string[];
  readonly resolvePackageJsonExports: boolean;
  readonly resolvePackageJsonImports: boolean;
}

export interface PackageJsonInfo {
  readonly directory: string;
  readonly content: Readonly<Record<string, unknown>>;
}

/** What the resolver may ask about the tree. Every path is root-relative POSIX; `''` is the root. */
export interface ResolutionHost {
  fileExists(path: string): boolean;
  /** The package.json in `directory`, parsed; undefined when there is none. */
  packageJson(directory: string): PackageJsonInfo | undefined;
  /** A workspace package's folder by package name (the node_modules symlink it stands for, resolved). */
  workspacePackage(name: string): string | undefined;
}

export type ModuleResolution =
  | { readonly kind: 'file'; readonly path: string; readonly viaWorkspace: boolean }
  /** Stopped without node_modules: a `#import`, a self-name with `exports`, or a workspace package's entry is missing. */
  | { readonly kind: 'failed' }
  /** A relative or rooted specifier that leaves the root. */
  | { readonly kind: 'outside' }
  /** A bare specifier nothing inside the root answers: a package in node_modules (or a builtin). */
  /** `aliasMatched`: a tsconfig `paths` pattern matched the name but led to no file (tsc then tries node_modules). */
  | { readonly kind: 'bare'; readonly packageName: string; readonly aliasMatched: boolean };

interface State {
  features: number;
  conditions: readonly string[];
  candidateIsFromPackageJsonField: boolean;
  viaWorkspace: boolean;
  aliasMatched?: boolean;
}

/** A search result: `undefined` means "go on looking", `{ value: undefined }` means "stop, not found". */
interface Found {
  value: string | undefined;
}
const found = (value: string | undefined): Found => ({ value });

const OUTSIDE = '\0outside';

/** getConditions */
export function conditionsFor(settings: ResolutionSettings, mode: ResolutionMode): string[] {
  let m = mode;
  if (m === 0) {
    if (settings.moduleResolution === 'bundler') m = 99;
    else if (settings.moduleResolution === 'node10') return [];
  }
  const conditions = m === 99 ? ['import'] : ['require'];
  conditions.push('types');
  if (settings.moduleResolution !== 'bundler') conditions.push('node');
  return [...conditions, ...settings.customConditions];
}

function featuresFor(settings: ResolutionSettings): number {
  let f = settings.moduleResolution === 'node10' || settings.moduleResolution === 'classic' ? 0 : F_ALL;
  f = settings.resolvePackageJsonExports ? f | F_EXPORTS : f & ~F_EXPORTS;
  f = settings.resolvePackageJsonImports ? f | F_IMPORTS : f & ~F_IMPORTS;
  return f;
}

/**
 * combinePaths + normalizePath over root-relative paths; OUTSIDE when the result leaves the root. A path that goes
 * up and comes back (`../root/src` from a tsconfig above the root) is brought back in through `rootPath`.
 */
function combine(dir: string, relative: string, rootPath = ''): string {
  if (relative.startsWith('/')) return OUTSIDE;
  // Fast path for the common shape (leading ./ and ../, then plain names): no general normalisation.
  let base = dir;
  let i = 0;
  for (;;) {
    if (relative.startsWith('./', i)) {
      i += 2;
    } else if (relative.startsWith('../', i) && base !== '') {
      base = base.slice(0, Math.max(0, base.lastIndexOf('/')));
      i += 3;
    } else {
      break;
    }
  }
  const rest = i === 0 ? relative : relative.slice(i);
  if (
    rest !== '' &&
    dir.charCodeAt(0) !== 46 &&
    rest.charCodeAt(0) !== 46 &&
    !rest.includes('/.') &&
    !rest.includes('//') &&
    !rest.endsWith('/') &&
    !rest.includes('\\')
  ) {
    return base === '' ? rest : `${base}/${rest}`;
  }
  const joined = posix.normalize(dir === '' ? relative : `${dir}/${relative}`);
  if (joined === '..' || joined.startsWith('../')) {
    if (rootPath === '') return OUTSIDE;
    const back = posix.relative(rootPath, posix.resolve(rootPath, joined));
    return back === ''
      ? ''
      : back === '..' || back.startsWith('../')
        ? OUTSIDE
        : back + (joined.endsWith('/') ? '/' : '');
  }
  if (joined === '.' || joined === './') return '';
  return joined.startsWith('./') ? joined.slice(2) : joined;
}

function stripSlash(path: string): string {
  return path.endsWith('/') ? path.slice(0, -1) : path;
}

function dirnameOf(path: string): string {
  const p = stripSlash(path);
  const slash = p.lastIndexOf('/');
  return slash < 0 ? '' : p.slice(0, slash);
}

const EXTENSIONS_TO_REMOVE = [
  '.d.ts',
  '.d.mts',
  '.d.cts',
  '.mjs',
  '.mts',
  '.cjs',
  '.cts',
  '.ts',
  '.js',
  '.tsx',
  '.jsx',
  '.json',
];
function removeFileExtension(path: string): string {
  for (const ext of EXTENSIONS_TO_REMOVE) if (path.endsWith(ext)) return path.slice(0, -ext.length);
  return path;
}
function extensionOf(path: string): string | undefined {
  return EXTENSIONS_TO_REMOVE.find((e) => path.endsWith(e));
}
function isDeclarationFileName(name: string): boolean {
  if (name.endsWith('.d.ts') || name.endsWith('.d.mts') || name.endsWith('.d.cts')) return true;
  if (!name.endsWith('.ts')) return false;
  const base = name.slice(name.lastIndexOf('/') + 1);
  return base.lastIndexOf('.d.') >= 0;
}
/** pathIsRelative: `.`, `..`, or either followed by a separator */
function isRelative(name: string): boolean {
  if (name.charCodeAt(0) !== 46) return false;
  const second = name.charCodeAt(1);
  if (Number.isNaN(second) || second === 47 || second === 92) return true;
  if (second !== 46) return false;
  const third = name.charCodeAt(2);
  return Number.isNaN(third) || third === 47 || third === 92;
}
/** isExternalModuleNameRelative */
function isRelativeOrRooted(name: string): boolean {
  const first = name.charCodeAt(0);
  return first === 46 ? isRelative(name) : first === 47 || first === 92 || /^[A-Za-z]:[\\/]/.test(name);
}

interface ParsedPattern {
  prefix: string;
  suffix: string;
  text: string;
}

/** matchPatternOrExact over tryParsePatterns(paths) */
function matchPaths(keys: readonly string[], name: string): { text: string; star: string | undefined } | undefined {
  let best: ParsedPattern | undefined;
  for (const key of keys) {
    const star = key.indexOf('*');
    if (star < 0) {
      if (key === name) return { text: key, star: undefined };
      continue;
    }
    if (key.indexOf('*', star + 1) !== -1) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (
      name.length >= prefix.length + suffix.length &&
      name.startsWith(prefix) &&
      name.endsWith(suffix) &&
      (best === undefined || prefix.length > best.prefix.length)
    ) {
      best = { prefix, suffix, text: key };
    }
  }
  return best === undefined
    ? undefined
    : { text: best.text, star: name.slice(best.prefix.length, name.length - best.suffix.length) };
}

type Loader = (extensions: number, candidate: string, state: State) => string | undefined;

/** The features and conditions of one (settings, mode) pair: the same for every import resolved with them. */
interface Prepared {
  readonly features: number;
  readonly conditions: readonly string[];
}

export class ModuleResolver {
  /** Per settings object, by mode (0, 1, 99): worked out once instead of two arrays and a bit mask per import. */
  private readonly prepared = new WeakMap<ResolutionSettings, Map<ResolutionMode, Prepared>>();

  /** `rootPath`: the root's absolute POSIX path, to follow paths from configs above the root back into it. */
  constructor(
    private readonly host: ResolutionHost,
    private readonly rootPath = '',
  ) {}

  /** ts.resolveModuleName(name, containingFile, options, host, undefined, undefined, mode) */
  resolve(name: string, containingFile: string, settings: ResolutionSettings, mode: ResolutionMode): ModuleResolution {
    const dir = dirnameOf(containingFile);
    if (settings.moduleResolution === 'classic') return this.classic(name, dir, settings);
    const { features, conditions } = this.prepare(settings, mode);
    if (!(features & F_ESM)) {
      const direct = this.relativeTsFile(name, dir);
      if (direct !== undefined) return direct;
    }
    return this.worker(features, name, dir, settings, EXT_ALL, conditions);
  }

  /**
   * What resolve() answers at once for `name` from a file in `dir` with these settings and mode, without the full
   * lookup (see relativeTsFile); undefined when the full lookup is needed. For callers that already know the folder.
   */
  resolveDirect(
    name: string,
    dir: string,
    settings: ResolutionSettings,
    mode: ResolutionMode,
  ): ModuleResolution | undefined {
    if (settings.moduleResolution === 'classic' || this.prepare(settings, mode).features & F_ESM) return undefined;
    return this.relativeTsFile(name, dir);
  }

  private prepare(settings: ResolutionSettings, mode: ResolutionMode): Prepared {
    let byMode = this.prepared.get(settings);
    if (byMode === undefined) this.prepared.set(settings, (byMode = new Map()));
    let p = byMode.get(mode);
    if (p === undefined) {
      const features =
        featuresFor(settings) |
        ((settings.moduleResolution === 'node16' || settings.moduleResolution === 'nodenext') && mode === 99
          ? F_ESM
          : 0);
      const conditions =
        (settings.moduleResolution === 'node10' || settings.moduleResolution === 'bundler') && mode === 0
          ? conditionsFor(settings, 0)
          : conditionsFor(
              settings,
              settings.moduleResolution === 'node10' || settings.moduleResolution === 'bundler'
                ? mode
                : features & F_ESM
                  ? 99
                  : 1,
            );
      // node10 with a mode (as a program passes it when resolvePackageJson* is on) uses every feature.
      p = { features: settings.moduleResolution === 'node10' && mode !== 0 ? F_ALL : features, conditions };
      byMode.set(mode, p);
    }
    return p;
  }

  /**
   * The first probe of the lookup below for the commonest import, `./x` or `../x/y` whose last segment has no dot,
   * outside ESM mode: paths and baseUrl never apply to such a name (isRelative), it has no extension to replace, and
   * tryAddingExtensions tries `.ts` first for every extension set TypeScript starts with (node10's TS-and-declarations
   * pass included). So when `<candidate>.ts` exists, it is the answer; otherwise (or for any other shape) undefined
   * sends the name through the full lookup. It saves the state, closure and result objects of ~9 calls per import.
   */
  private relativeTsFile(name: string, dir: string): ModuleResolution | undefined {
    if (name.charCodeAt(0) !== 46) return undefined;
    const second = name.charCodeAt(1);
    if (!(second === 47 || (second === 46 && name.charCodeAt(2) === 47))) return undefined;
    if (name.lastIndexOf('.') > name.lastIndexOf('/') || name.endsWith('/')) return undefined;
    const candidate = normalizeForCjs(dir, name, this.rootPath);
    if (candidate === OUTSIDE) return { kind: 'outside' };
    if (candidate === '' || candidate.endsWith('/')) return undefined;
    const path = `${candidate}.ts`;
    return this.host.fileExists(path) ? { kind: 'file', path, viaWorkspace: false } : undefined;
  }

  /** nodeModuleNameResolverWorker */
  private worker(
    features: number,
    name: string,
    dir: string,
    settings: ResolutionSettings,
    extensions: number,
    conditions: readonly string[],
  ): ModuleResolution {
    const relative = isRelativeOrRooted(name);
    const candidate = relative ? normalizeForCjs(dir, name, this.rootPath) : '';
    if (candidate === OUTSIDE) return { kind: 'outside' };
    const state: State = { features, conditions, candidateIsFromPackageJsonField: false, viaWorkspace: false };
    const rel = relative ? candidate : undefined;
    let file: string | undefined;
    let bare: string | undefined;
    let r: Found | undefined;
    if (settings.moduleResolution === 'node10') {
      // Declarations and TS sources first over the whole lookup, then JS and JSON.
      const priority = extensions & (EXT_TS | EXT_DTS);
      const secondary = extensions & ~(EXT_TS | EXT_DTS);
      if (priority !== 0) {
        r = this.tryResolve(priority, name, dir, settings, state, rel);
        if (isFile(r)) file = r?.value;
        else bare = bareOf(r, bare);
      }
      if (file === undefined && secondary !== 0) {
        r = this.tryResolve(secondary, name, dir, settings, state, rel);
        if (isFile(r)) file = r?.value;
        else bare = bareOf(r, bare);
      }
    } else {
      r = this.tryResolve(extensions, name, dir, settings, state, rel);
      if (isFile(r)) file = r?.value;
      else bare = bareOf(r, bare);
    }
    if (file !== undefined) return { kind: 'file', path: file, viaWorkspace: state.viaWorkspace };
    if (relative) return { kind: 'failed' };
    const bareName: string | undefined = bare;
    return bareName !== undefined
      ? { kind: 'bare', packageName: bareName.slice(BARE.length), aliasMatched: state.aliasMatched === true }
      : { kind: 'failed' };
  }

  /** tryResolve inside nodeModuleNameResolverWorker: undefined = nothing found (a bare name goes to node_modules). */
  /** The loader tryResolve hands to paths/baseUrl, made once (not a closure per import). */
  private readonly relativeLoader: Loader = (ext, candidate, st) =>
    this.nodeLoadModuleByRelativeName(ext, candidate, st, true);

  private tryResolve(
    extensions: number,
    name: string,
    dir: string,
    settings: ResolutionSettings,
    state: State,
    relativeCandidate?: string,
  ): Found | undefined {
    const relative = relativeCandidate !== undefined || isRelativeOrRooted(name);
    const viaSettings = isRelative(name)
      ? undefined // paths and baseUrl never apply to ./ and ../ names (rootDirs would; they are not interpreted)
      : this.tryLoadModuleUsingOptionalResolutionSettings(extensions, name, this.relativeLoader, settings, state);
    if (viaSettings !== undefined) return found(viaSettings);
    if (!relative) {
      if (state.features & F_IMPORTS && name.startsWith('#')) {
        const r = this.loadModuleFromImports(extensions, name, dir, settings, state);
        if (r !== undefined) return r;
      }
      if (state.features & F_SELF_NAME) {
        const r = this.loadModuleFromSelfNameReference(extensions, name, dir, state);
        if (r !== undefined) return r;
      }
      if (name.includes(':')) return found(BARE + name);
      return this.loadFromWorkspace(extensions, name, state);
    }
    const candidate = relativeCandidate ?? normalizeForCjs(dir, name, this.rootPath);
    if (candidate === OUTSIDE) return undefined;
    const r = this.nodeLoadModuleByRelativeName(extensions, candidate, state, true);
    return r === undefined ? undefined : found(r);
  }

  /**
   * loadModuleFromNearestNodeModulesDirectory, for the one node_modules entry the root can answer: a workspace
   * package (its symlink resolved). Anything else is a package the walk does not see.
   */
  private loadFromWorkspace(extensions: number, name: string, state: State): Found | undefined {
    const { packageName, rest } = parsePackageName(name);
    const directory = this.host.workspacePackage(packageName);
    if (directory === undefined) return found(BARE + packageName);
    const r = this.loadModuleFromSpecificNodeModulesDirectory(extensions, name, directory, packageName, rest, state);
    if (r !== undefined) {
      state.viaWorkspace = true;
      return found(r);
    }
    return undefined;
  }

  /** loadModuleFromSpecificNodeModulesDirectory, with the package folder already located. */
  private loadModuleFromSpecificNodeModulesDirectory(
    extensions: number,
    _name: string,
    packageDirectory: string,
    _packageName: string,
    rest: string,
    state: State,
  ): string | undefined {
    // node_modules lookups try TS/declaration files in every ancestor first, then JS (priority/secondary).
    const priority = extensions & (EXT_TS | EXT_DTS);
    const secondary = extensions & ~(EXT_TS | EXT_DTS);
    return (
      (priority !== 0 ? this.specificDirectory(priority, packageDirectory, rest, state) : undefined) ??
      (secondary !== 0 ? this.specificDirectory(secondary, packageDirectory, rest, state) : undefined)
    );
  }

  private specificDirectory(
    extensions: number,
    packageDirectory: string,
    rest: string,
    state: State,
  ): string | undefined {
    const candidate = rest === '' ? packageDirectory : combine(packageDirectory, rest, this.rootPath);
    if (candidate === OUTSIDE) return undefined;
    let packageInfo = this.host.packageJson(candidate);
    const rootInfo = this.host.packageJson(packageDirectory);
    if (
      rest !== '' &&
      packageInfo !== undefined &&
      (!(state.features & F_EXPORTS) || rootInfo?.content['exports'] === undefined)
    ) {
      const fromFile = this.loadModuleFromFile(extensions, candidate, state);
      if (fromFile !== undefined) return fromFile;
      return this.loadNodeModuleFromDirectoryWorker(extensions, candidate, state, packageInfo);
    }
    const loader: Loader = (ext, cand, st) => {
      let r = rest !== '' || !(st.features & F_ESM) ? this.loadModuleFromFile(ext, cand, st) : undefined;
      r ??= this.loadNodeModuleFromDirectoryWorker(ext, cand, st, packageInfo);
      if (
        r === undefined &&
        rest === '' &&
        packageInfo !== undefined &&
        (packageInfo.content['exports'] === undefined || packageInfo.content['exports'] === null) &&
        st.features & F_ESM
      ) {
        r = this.loadModuleFromFile(ext, combine(cand, 'index.js', this.rootPath), st);
      }
      return r;
    };
    if (rest !== '') packageInfo = rootInfo;
    if (
      packageInfo !== undefined &&
      packageInfo.content['exports'] !== undefined &&
      packageInfo.content['exports'] !== null &&
      packageInfo.content['exports'] !== false &&
      state.features & F_EXPORTS
    ) {
      return this.loadModuleFromExports(packageInfo, extensions, rest === '' ? '.' : `./${rest}`, state)?.value;
    }
    const versionPaths = rest !== '' && packageInfo !== undefined ? versionPathsOf(packageInfo) : undefined;
    if (versionPaths !== undefined) {
      const fromPaths = this.tryLoadModuleUsingPaths(extensions, rest, packageDirectory, versionPaths, loader, state);
      if (fromPaths !== undefined) return fromPaths.value;
    }
    return loader(extensions, candidate, state);
  }

  /** tryLoadModuleUsingOptionalResolutionSettings (rootDirs not interpreted) */
  private tryLoadModuleUsingOptionalResolutionSettings(
    extensions: number,
    name: string,
    loader: Loader,
    settings: ResolutionSettings,
    state: State,
  ): string | undefined {
    if (settings.paths !== undefined && !isRelative(name)) {
      const r = this.tryLoadModuleUsingPaths(extensions, name, settings.pathsBase, settings.paths, loader, state);
      if (r !== undefined && r.value === undefined) state.aliasMatched = true;
      if (r !== undefined) return r.value;
    }
    if (!isRelativeOrRooted(name) && settings.baseUrl !== undefined) {
      const candidate = combine(settings.baseUrl, name, this.rootPath);
      return candidate === OUTSIDE ? undefined : loader(extensions, candidate, state);
    }
    return undefined;
  }

  /** tryLoadModuleUsingPaths */
  private tryLoadModuleUsingPaths(
    extensions: number,
    name: string,
    baseDirectory: string,
    paths: Readonly<Record<string, unknown>>,
    loader: Loader,
    state: State,
  ): Found | undefined {
    const match = matchPaths(Object.keys(paths), name);
    if (match === undefined) return undefined;
    const substitutions = paths[match.text];
    if (!Array.isArray(substitutions)) return found(undefined);
    for (const subst of substitutions as unknown[]) {
      if (typeof subst !== 'string') continue;
      const path = match.star !== undefined ? subst.replace('*', match.star) : subst;
      const candidate = combine(baseDirectory, path, this.rootPath);
      if (candidate === OUTSIDE) continue;
      if (extensionOf(subst) !== undefined && this.host.fileExists(candidate)) return found(candidate);
      const r = loader(extensions, candidate, state);
      if (r !== undefined) return found(r);
    }
    return found(undefined);
  }

  /** nodeLoadModuleByRelativeName */
  private nodeLoadModuleByRelativeName(
    extensions: number,
    candidate: string,
    state: State,
    considerPackageJson: boolean,
  ): string | undefined {
    if (!candidate.endsWith('/') && candidate !== '') {
      const fromFile = this.loadModuleFromFile(extensions, candidate, state);
      if (fromFile !== undefined) return fromFile;
    }
    if (!(state.features & F_ESM))
      return this.loadNodeModuleFromDirectory(extensions, stripSlash(candidate), state, considerPackageJson);
    return undefined;
  }

  /** loadModuleFromFile */
  private loadModuleFromFile(extensions: number, candidate: string, state: State): string | undefined {
    const replaced = this.loadModuleFromFileNoImplicitExtensions(extensions, candidate, state);
    if (replaced !== undefined) return replaced;
    if (!(state.features & F_ESM)) return this.tryAddingExtensions(candidate, extensions, '');
    return undefined;
  }

  /** loadModuleFromFileNoImplicitExtensions */
  private loadModuleFromFileNoImplicitExtensions(
    extensions: number,
    candidate: string,
    _state: State,
  ): string | undefined {
    const base = candidate.slice(candidate.lastIndexOf('/') + 1);
    if (!base.includes('.')) return undefined;
    let extensionless = removeFileExtension(candidate);
    if (extensionless === candidate) extensionless = candidate.slice(0, candidate.lastIndexOf('.'));
    return this.tryAddingExtensions(extensionless, extensions, candidate.slice(extensionless.length));
  }

  /** loadFileNameFromPackageJsonField */
  private loadFileNameFromPackageJsonField(extensions: number, candidate: string, state: State): string | undefined {
    if (
      (extensions & EXT_TS && /\.(ts|tsx|mts|cts)$/.test(candidate)) ||
      (extensions & EXT_DTS && /\.d\.(ts|mts|cts)$/.test(candidate))
    ) {
      return this.host.fileExists(candidate) ? candidate : undefined;
    }
    return this.loadModuleFromFileNoImplicitExtensions(extensions, candidate, state);
  }

  private tryExt(candidate: string, ext: string): string | undefined {
    const path = candidate + ext;
    return this.host.fileExists(path) ? path : undefined;
  }

  /** tryAddingExtensions (no closure per call: this runs for every relative import) */
  private tryAddingExtensions(candidate: string, extensions: number, original: string): string | undefined {
    const ts = (extensions & EXT_TS) !== 0;
    const dts = (extensions & EXT_DTS) !== 0;
    const js = (extensions & EXT_JS) !== 0;
    switch (original) {
      case '.mjs':
      case '.mts':
      case '.d.mts':
        return (
          (ts ? this.tryExt(candidate, '.mts') : undefined) ??
          (dts ? this.tryExt(candidate, '.d.mts') : undefined) ??
          (js ? this.tryExt(candidate, '.mjs') : undefined)
        );
      case '.cjs':
      case '.cts':
      case '.d.cts':
        return (
          (ts ? this.tryExt(candidate, '.cts') : undefined) ??
          (dts ? this.tryExt(candidate, '.d.cts') : undefined) ??
          (js ? this.tryExt(candidate, '.cjs') : undefined)
        );
      case '.json':
        return (
          (dts ? this.tryExt(candidate, '.d.json.ts') : undefined) ??
          (extensions & EXT_JSON ? this.tryExt(candidate, '.json') : undefined)
        );
      case '.tsx':
      case '.jsx':
        return (
          (ts ? (this.tryExt(candidate, '.tsx') ?? this.tryExt(candidate, '.ts')) : undefined) ??
          (dts ? this.tryExt(candidate, '.d.ts') : undefined) ??
          (js ? (this.tryExt(candidate, '.jsx') ?? this.tryExt(candidate, '.js')) : undefined)
        );
      case '.ts':
      case '.d.ts':
      case '.js':
      case '':
        return (
          (ts ? (this.tryExt(candidate, '.ts') ?? this.tryExt(candidate, '.tsx')) : undefined) ??
          (dts ? this.tryExt(candidate, '.d.ts') : undefined) ??
          (js ? (this.tryExt(candidate, '.js') ?? this.tryExt(candidate, '.jsx')) : undefined)
        );
      default:
        return dts && !isDeclarationFileName(candidate + original)
          ? this.tryExt(candidate, `.d${original}.ts`)
          : undefined;
    }
  }

  /** loadNodeModuleFromDirectory */
  private loadNodeModuleFromDirectory(
    extensions: number,
    candidate: string,
    state: State,
    considerPackageJson: boolean,
  ): string | undefined {
    const info = considerPackageJson ? this.host.packageJson(candidate) : undefined;
    return this.loadNodeModuleFromDirectoryWorker(extensions, candidate, state, info);
  }

  /** loadNodeModuleFromDirectoryWorker */
  private loadNodeModuleFromDirectoryWorker(
    extensions: number,
    candidate: string,
    state: State,
    packageJson: PackageJsonInfo | undefined,
  ): string | undefined {
    const versionPaths = packageJson !== undefined ? versionPathsOf(packageJson) : undefined;
    let packageFile: string | undefined;
    if (packageJson !== undefined && packageJson.directory === candidate) {
      packageFile =
        (extensions & EXT_DTS
          ? (pathField(packageJson, 'typings', this.rootPath) ?? pathField(packageJson, 'types', this.rootPath))
          : undefined) ??
        (extensions & (EXT_TS | EXT_JS | EXT_DTS) ? pathField(packageJson, 'main', this.rootPath) : undefined);
    }
    const loader: Loader = (ext, cand, st) => {
      const fromFile = this.loadFileNameFromPackageJsonField(ext, cand, st);
      if (fromFile !== undefined) return fromFile;
      const expanded = ext === EXT_DTS ? EXT_TS | EXT_DTS : ext;
      const features = st.features;
      const fromField = st.candidateIsFromPackageJsonField;
      st.candidateIsFromPackageJsonField = true;
      if (packageJson?.content['type'] !== 'module') st.features &= ~F_ESM;
      const r = this.nodeLoadModuleByRelativeName(expanded, cand, st, false);
      st.features = features;
      st.candidateIsFromPackageJsonField = fromField;
      return r;
    };
    const indexPath = combine(candidate, 'index', this.rootPath);
    if (
      versionPaths !== undefined &&
      (packageFile === undefined ||
        packageFile === candidate ||
        packageFile.startsWith(candidate === '' ? '' : `${candidate}/`))
    ) {
      const target = packageFile ?? indexPath;
      const moduleName = candidate === '' ? target : posix.relative(candidate, target);
      const r = this.tryLoadModuleUsingPaths(extensions, moduleName, candidate, versionPaths, loader, state);
      if (r !== undefined) return r.value;
    }
    if (packageFile !== undefined && packageFile !== OUTSIDE) {
      const r = loader(extensions, packageFile, state);
      if (r !== undefined) return r;
    }
    if (!(state.features & F_ESM)) return this.loadModuleFromFile(extensions, indexPath, state);
    return undefined;
  }

  /** getPackageScopeForPath */
  private packageScope(directory: string): PackageJsonInfo | undefined {
    let dir = directory;
    for (;;) {
      const info = this.host.packageJson(dir);
      if (info !== undefined) return info;
      if (dir === '') return undefined;
      dir = dirnameOf(dir);
    }
  }

  /** loadModuleFromSelfNameReference */
  private loadModuleFromSelfNameReference(
    extensions: number,
    name: string,
    directory: string,
    state: State,
  ): Found | undefined {
    const scope = this.packageScope(directory);
    if (scope === undefined || !scope.content['exports']) return undefined;
    const packageName = scope.content['name'];
    if (typeof packageName !== 'string') return undefined;
    const parts = name.split('/');
    const nameParts = packageName.split('/');
    if (!nameParts.every((p, i) => parts[i] === p)) return undefined;
    const trailing = parts.slice(nameParts.length);
    const subpath = trailing.length === 0 ? '.' : `./${trailing.join('/')}`;
    // allowJs is on and the root's own files are not in node_modules: one pass over every extension.
    return this.loadModuleFromExports(scope, extensions, subpath, state);
  }

  /** loadModuleFromExports */
  private loadModuleFromExports(
    scope: PackageJsonInfo,
    extensions: number,
    subpath: string,
    state: State,
  ): Found | undefined {
    const exports = scope.content['exports'];
    if (!exports) return undefined;
    if (subpath === '.') {
      let main: unknown;
      if (
        typeof exports === 'string' ||
        Array.isArray(exports) ||
        (typeof exports === 'object' && noKeyStartsWithDot(exports))
      )
        main = exports;
      else if (typeof exports === 'object' && Object.hasOwn(exports, '.'))
        main = (exports as Record<string, unknown>)['.'];
      if (main) return this.loadTarget(main, '', false, '.', scope, extensions, false, state);
    } else if (allKeysStartWithDot(exports)) {
      if (typeof exports !== 'object') return undefined;
      const r = this.loadModuleFromExportsOrImports(
        extensions,
        subpath,
        exports as Record<string, unknown>,
        scope,
        false,
        state,
      );
      if (r !== undefined) return r;
    }
    return undefined;
  }

  /** loadModuleFromImports */
  private loadModuleFromImports(
    extensions: number,
    name: string,
    directory: string,
    _settings: ResolutionSettings,
    state: State,
  ): Found | undefined {
    if (name === '#' || name.startsWith('#/')) return undefined;
    const scope = this.packageScope(directory);
    if (scope === undefined) return undefined;
    const imports = scope.content['imports'];
    if (!imports) return undefined;
    const r =
      typeof imports === 'object'
        ? this.loadModuleFromExportsOrImports(extensions, name, imports as Record<string, unknown>, scope, true, state)
        : undefined;
    return r;
  }

  /** loadModuleFromExportsOrImports */
  private loadModuleFromExportsOrImports(
    extensions: number,
    name: string,
    table: Record<string, unknown>,
    scope: PackageJsonInfo,
    isImports: boolean,
    state: State,
  ): Found | undefined {
    if (!name.endsWith('/') && !name.includes('*') && Object.hasOwn(table, name)) {
      return this.loadTarget(table[name], '', false, name, scope, extensions, isImports, state);
    }
    const keys = Object.keys(table)
      .filter((k) => hasOneAsterisk(k) || k.endsWith('/'))
      .sort(comparePatternKeys);
    for (const key of keys) {
      if (state.features & F_PATTERN_TRAILERS && matchesPatternWithTrailer(key, name)) {
        const star = key.indexOf('*');
        const subpath = name.substring(key.substring(0, star).length, name.length - (key.length - 1 - star));
        return this.loadTarget(table[key], subpath, true, key, scope, extensions, isImports, state);
      } else if (key.endsWith('*') && name.startsWith(key.slice(0, -1))) {
        return this.loadTarget(
          table[key],
          name.substring(key.length - 1),
          true,
          key,
          scope,
          extensions,
          isImports,
          state,
        );
      } else if (name.startsWith(key)) {
        return this.loadTarget(table[key], name.substring(key.length), false, key, scope, extensions, isImports, state);
      }
    }
    return undefined;
  }

  /** loadModuleFromTargetExportOrImport */
  private loadTarget(
    target: unknown,
    subpath: string,
    pattern: boolean,
    key: string,
    scope: PackageJsonInfo,
    extensions: number,
    isImports: boolean,
    state: State,
  ): Found | undefined {
    if (typeof target === 'string') {
      if (!pattern && subpath.length > 0 && !target.endsWith('/')) return undefined;
      if (!target.startsWith('./')) {
        if (isImports && !target.startsWith('../') && !target.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(target)) {
          const lookup = pattern ? target.replace(/\*/g, subpath) : target + subpath;
          const r = this.importsToPackage(lookup, scope, extensions, state);
          return r;
        }
        return undefined;
      }
      const parts = target
        .split('/')
        .filter((p) => p !== '')
        .slice(1);
      if (parts.slice(1).some((p) => p === '..' || p === '.' || p === 'node_modules')) return undefined;
      const subpathParts = subpath.split('/').filter((p) => p !== '');
      if (subpathParts.some((p) => p === '..' || p === '.' || p === 'node_modules')) return undefined;
      const resolvedTarget = scope.directory === '' ? target : `${scope.directory}/${target}`;
      const finalPath = combine(
        '',
        pattern ? resolvedTarget.replace(/\*/g, subpath) : resolvedTarget + subpath,
        this.rootPath,
      );
      if (finalPath === OUTSIDE) return undefined;
      const file = this.loadFileNameFromPackageJsonField(extensions, finalPath, state);
      return file === undefined ? undefined : found(file);
    }
    if (typeof target === 'object' && target !== null) {
      if (!Array.isArray(target)) {
        for (const condition of Object.keys(target)) {
          if (
            condition === 'default' ||
            state.conditions.includes(condition) ||
            isApplicableVersionedTypesKey(state.conditions, condition)
          ) {
            const r = this.loadTarget(
              (target as Record<string, unknown>)[condition],
              subpath,
              pattern,
              key,
              scope,
              extensions,
              isImports,
              state,
            );
            if (r !== undefined) return r;
          }
        }
        return undefined;
      }
      if (target.length === 0) return undefined;
      for (const element of target as unknown[]) {
        const r = this.loadTarget(element, subpath, pattern, key, scope, extensions, isImports, state);
        if (r !== undefined) return r;
      }
    } else if (target === null) {
      return undefined;
    }
    return undefined;
  }

  /** An `imports` entry that names a package: nodeModuleNameResolverWorker from the scope's folder, same features. */
  private importsToPackage(name: string, scope: PackageJsonInfo, extensions: number, state: State): Found {
    const inner: State = {
      features: state.features,
      conditions: state.conditions,
      candidateIsFromPackageJsonField: false,
      viaWorkspace: false,
    };
    const noSettings: ResolutionSettings = {
      moduleResolution: 'bundler',
      module: MODULE_ESNEXT,
      baseUrl: undefined,
      paths: undefined,
      pathsBase: '',
      customConditions: [],
      resolvePackageJsonExports: true,
      resolvePackageJsonImports: true,
    };
    // compilerOptions paths/baseUrl apply again inside (TypeScript passes the same options): the caller's settings
    // are not at hand here, which only matters when an imports target is itself a paths alias (not supported).
    const r = this.tryResolve(extensions, name, scope.directory, noSettings, inner);
    if (inner.viaWorkspace) state.viaWorkspace = true;
    return r === undefined ? found(BARE + parsePackageName(name).packageName) : r;
  }

  /** classicNameResolver */
  private classic(name: string, dir: string, settings: ResolutionSettings): ModuleResolution {
    const state: State = { features: 0, conditions: [], candidateIsFromPackageJsonField: false, viaWorkspace: false };
    const loader: Loader = (ext, cand, st) => this.loadModuleFromFile(ext, cand, st);
    const attempt = (extensions: number): Found | undefined => {
      const viaSettings = this.tryLoadModuleUsingOptionalResolutionSettings(extensions, name, loader, settings, state);
      if (viaSettings !== undefined) return found(viaSettings);
      if (!isRelativeOrRooted(name)) {
        let d = dir;
        for (;;) {
          const candidate = combine(d, name, this.rootPath);
          if (candidate !== OUTSIDE) {
            const r = this.loadModuleFromFile(extensions, candidate, state);
            if (r !== undefined) return found(r);
          }
          if (d === '') return undefined;
          d = dirnameOf(d);
        }
      }
      const candidate = combine(dir, name, this.rootPath);
      if (candidate === OUTSIDE) return found(OUTSIDE);
      const r = this.loadModuleFromFile(extensions, candidate, state);
      return r === undefined ? undefined : found(r);
    };
    const r = attempt(EXT_TS | EXT_DTS) ?? attempt(EXT_JS | EXT_JSON);
    if (r?.value === OUTSIDE) return { kind: 'outside' };
    if (r?.value !== undefined) return { kind: 'file', path: r.value, viaWorkspace: false };
    return isRelativeOrRooted(name)
      ? { kind: 'failed' }
      : { kind: 'bare', packageName: parsePackageName(name).packageName, aliasMatched: state.aliasMatched === true };
  }
}

/** Marks a name that only node_modules (outside the walk) could answer. */
const BARE = '\0bare:';

/** A search result that is a file (not "go on", "not found" or a bare name). */
function isFile(r: Found | undefined): boolean {
  const v = r?.value;
  return v !== undefined && !v.startsWith(BARE);
}
/** The first bare name seen: `#name` is never a package (npm names cannot start with #), a missing import map entry is broken, not external. */
function bareOf(r: Found | undefined, first: string | undefined): string | undefined {
  const v = r?.value;
  return first === undefined && v !== undefined && !v.startsWith(`${BARE}#`) ? v : first;
}

function normalizeForCjs(dir: string, name: string, rootPath: string): string {
  const combined = combine(dir, name, rootPath);
  if (combined === OUTSIDE || combined === '') return combined;
  // A last segment of `.` or `..`, or a trailing slash, names a folder (only a folder's lookup applies).
  const folder = name === '.' || name === '..' || name.endsWith('/') || name.endsWith('/.') || name.endsWith('/..');
  return folder ? `${stripSlash(combined)}/` : combined;
}

function parsePackageName(name: string): { packageName: string; rest: string } {
  let idx = name.indexOf('/');
  if (name.startsWith('@')) idx = name.indexOf('/', idx + 1);
  return idx === -1 ? { packageName: name, rest: '' } : { packageName: name.slice(0, idx), rest: name.slice(idx + 1) };
}

function pathField(info: PackageJsonInfo, field: string, rootPath: string): string | undefined {
  const value = info.content[field];
  if (typeof value !== 'string' || value === '') return undefined;
  const p = combine(info.directory, value, rootPath);
  return p === OUTSIDE ? undefined : p;
}

/** typesVersions: only the `*` range is recognised (enough for the common `{"*": {...}}`). */
function versionPathsOf(info: PackageJsonInfo): Record<string, unknown> | undefined {
  const tv = info.content['typesVersions'];
  if (typeof tv !== 'object' || tv === null) return undefined;
  for (const [range, paths] of Object.entries(tv)) {
    if (range.trim() === '*' && typeof paths === 'object' && paths !== null) return paths as Record<string, unknown>;
    if (/^>=\s*[0-5](\.\d+)*$/.test(range.trim()) && typeof paths === 'object' && paths !== null)
      return paths as Record<string, unknown>;
  }
  return undefined;
}

function isApplicableVersionedTypesKey(conditions: readonly string[], key: string): boolean {
  return conditions.includes('types') && key.startsWith('types@') && /^types@(\*|>=\s*[0-5](\.\d+)*)$/.test(key);
}

function allKeysStartWithDot(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.keys(value).every((k) => k.startsWith('.'));
}
function noKeyStartsWithDot(value: object): boolean {
  return !Object.keys(value).some((k) => k.startsWith('.'));
}
function hasOneAsterisk(key: string): boolean {
  const first = key.indexOf('*');
  return first !== -1 && first === key.lastIndexOf('*');
}
function matchesPatternWithTrailer(target: string, name: string): boolean {
  if (target.endsWith('*')) return false;
  const star = target.indexOf('*');
  if (star === -1) return false;
  return name.startsWith(target.substring(0, star)) && name.endsWith(target.substring(star + 1));
}
function comparePatternKeys(a: string, b: string): number {
  const aStar = a.indexOf('*');
  const bStar = b.indexOf('*');
  const baseA = aStar === -1 ? a.length : aStar + 1;
  const baseB = bStar === -1 ? b.length : bStar + 1;
  if (baseA > baseB) return -1;
  if (baseB > baseA) return 1;
  if (aStar === -1) return 1;
  if (bStar === -1) return -1;
  if (a.length > b.length) return -1;
  if (b.length > a.length) return 1;
  return 0;
}

/**
 * The mode TypeScript resolves one import in (getModeForUsageLocation): `require()` and `import x = require()` are
 * CommonJS, `import()` follows the emit, static imports the file's format. `format` is the file's implied format.
 */
export function modeForImport(
  settings: ResolutionSettings,
  file: string,
  kind: 'static' | 'reexport' | 'dynamic' | 'require' | 'reference',
  impliedFormat: () => 1 | 99 | undefined,
): ResolutionMode {
  const nodeLike = settings.moduleResolution === 'node16' || settings.moduleResolution === 'nodenext';
  if (!(nodeLike || settings.resolvePackageJsonExports || settings.resolvePackageJsonImports)) return 0;
  if (kind === 'require') return 1;
  const emitFormat = (): number => {
    const m = settings.module;
    if (m >= MODULE_NODE16 && m <= MODULE_NODENEXT) return impliedFormat() ?? MODULE_COMMONJS;
    const implied = impliedFormat();
    if (implied === 1 && /\.c[jt]s$/.test(file)) return MODULE_COMMONJS;
    if (implied === 99 && /\.m[jt]s$/.test(file)) return MODULE_ESNEXT;
    return m;
  };
  if (kind === 'dynamic') {
    const m = settings.module;
    if ((m >= MODULE_NODE16 && m <= MODULE_NODENEXT) || m === MODULE_PRESERVE) return 99;
    return emitFormat() < MODULE_ES2015 ? 1 : 99;
  }
  const f = emitFormat();
  return f === MODULE_COMMONJS ? 1 : (f >= MODULE_ES2015 && f <= MODULE_ESNEXT) || f === MODULE_PRESERVE ? 99 : 0;
}
