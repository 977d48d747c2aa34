import { builtinModules } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { ModuleResolver, modeForImport, type ResolutionMode, type ResolutionSettings } from './module-resolver.js';
import type { ProjectConfigs } from './project-configs.js';
import type { AnalysisResolutionHost } from './resolution-context.js';
import type { ImportKind, ResolutionStatus } from '../types.js';

export interface Resolution {
  readonly status: ResolutionStatus;
  /** Root-relative file for `internal`, package name for `external`/`builtin`, the specifier otherwise. */
  readonly target: string;
}

const BUILTINS = new Set(builtinModules);

/**
 * Resolves specifiers as TypeScript does (module-resolver.ts) with the options of each file's own tsconfig
 * (project-configs.ts), against the files the walk found: no file system access besides package.json and tsconfig
 * files, read once each. Memoised per (settings, folder, mode, specifier); a bare specifier per package scope.
 */
export class ImportResolver {
  private readonly resolver: ModuleResolver;
  private readonly memo = new Map<ResolutionSettings, Map<string, Map<string, Resolution>>>();
  private readonly scopeOf = new Map<string, string>();
  private readonly installedMemo = new Map<string, boolean>();
  private lastFile = '';
  private lastSettings: ResolutionSettings | undefined;
  private readonly lastModes = new Map<ImportKind, ResolutionMode>();
  private readonly slotMaps: Array<Map<string, Resolution> | undefined> = [undefined, undefined];
  private readonly slotFile = ['', ''];
  private readonly slotMode: number[] = [-1, -1];

  constructor(
    private readonly host: AnalysisResolutionHost,
    private readonly configs: ProjectConfigs,
    private readonly rootPath: string,
  ) {
    this.resolver = new ModuleResolver(host, rootPath.split('\\').join('/'));
  }

  resolve(fromFile: string, specifier: string, kind: ImportKind = 'static'): Resolution {
    const clean = stripQuery(specifier);
    if (clean.startsWith('node:')) return { status: 'builtin', target: clean };
    const slash = fromFile.lastIndexOf('/');
    const dir = slash < 0 ? '' : fromFile.slice(0, slash);
    if (kind === 'reference') return this.resolveReference(dir, clean, specifier);
    // A file's imports arrive together: its settings and modes are worked out once per file.
    if (fromFile !== this.lastFile) {
      this.lastFile = fromFile;
      this.lastSettings = this.configs.settingsFor(fromFile);
      this.lastModes.clear();
    }
    const settings = this.lastSettings ?? this.configs.settingsFor(fromFile);
    let mode = this.lastModes.get(kind);
    if (mode === undefined) {
      mode = modeForImport(settings, fromFile, kind, () => this.host.impliedFormat(fromFile, settings));
      this.lastModes.set(kind, mode);
    }
    const relative = clean.startsWith('.') || clean.startsWith('/');
    // The memo for this file's folder (relative names) or package scope (bare names) and mode, kept while the
    // file's imports are resolved: no key string or map chain per import.
    const slot = relative ? 0 : 1;
    let byKey = this.slotMaps[slot];
    if (byKey === undefined || this.slotFile[slot] !== fromFile || this.slotMode[slot] !== mode) {
      const key = `${relative ? dir : this.packageScope(dir)}\0${mode}`;
      let bySettings = this.memo.get(settings);
      if (bySettings === undefined) this.memo.set(settings, (bySettings = new Map()));
      byKey = bySettings.get(key);
      if (byKey === undefined) bySettings.set(key, (byKey = new Map()));
      this.slotMaps[slot] = byKey;
      this.slotFile[slot] = fromFile;
      this.slotMode[slot] = mode;
    }
    let hit = byKey.get(clean);
    if (hit === undefined) {
      const direct = relative ? this.resolver.resolveDirect(clean, dir, settings, mode) : undefined;
      hit =
        direct?.kind === 'file'
          ? { status: 'internal', target: this.host.realFile(direct.path) }
          : this.compute(fromFile, clean, specifier, settings, mode);
      byKey.set(clean, hit);
    }
    return hit;
  }

  private compute(
    fromFile: string,
    clean: string,
    specifier: string,
    settings: ResolutionSettings,
    mode: ResolutionMode,
  ): Resolution {
    const r = this.resolver.resolve(clean, fromFile, settings, mode);
    switch (r.kind) {
      case 'file':
        return { status: 'internal', target: this.host.realFile(r.path) };
      case 'outside':
        return { status: 'outside-root', target: specifier };
      case 'failed': {
        // An asset (`./icon.svg`, `./x.css?raw`) is a file TypeScript does not resolve but bundlers and peers do.
        const asset = clean.startsWith('.')
          ? posix.normalize(`${fromFile.includes('/') ? fromFile.slice(0, fromFile.lastIndexOf('/')) : '.'}/${clean}`)
          : '';
        if (asset !== '' && !asset.startsWith('../') && this.host.fileExists(asset))
          return { status: 'internal', target: this.host.realFile(asset) };
        return { status: 'unresolved', target: specifier };
      }
      case 'bare':
        if (BUILTINS.has(clean) || BUILTINS.has(r.packageName))
          return { status: 'builtin', target: `node:${r.packageName}` };
        // An alias that led nowhere is a package only if one of that name is installed; else it is broken (tsc errs).
        if (r.aliasMatched && !this.installed(fromFile, r.packageName))
          return { status: 'unresolved', target: specifier };
        return { status: 'external', target: r.packageName };
    }
  }

  /** Whether `node_modules/<name>` exists in the file's folder or above it (also above the root). */
  private installed(fromFile: string, name: string): boolean {
    const slash = fromFile.lastIndexOf('/');
    for (let dir = join(this.rootPath, slash < 0 ? '' : fromFile.slice(0, slash)); ; dir = dirname(dir)) {
      const key = `${dir}\0${name}`;
      let hit = this.installedMemo.get(key);
      if (hit === undefined) this.installedMemo.set(key, (hit = existsSync(join(dir, 'node_modules', name))));
      if (hit) return true;
      if (dirname(dir) === dir) return false;
    }
  }

  /** `/// <reference path>`: the file itself, else with a TypeScript or JavaScript extension added. */
  private resolveReference(dir: string, clean: string, specifier: string): Resolution {
    const joined = posix.normalize(dir === '' ? clean : `${dir}/${clean}`);
    if (joined === '..' || joined.startsWith('../') || clean.startsWith('/'))
      return { status: 'outside-root', target: specifier };
    for (const ext of ['', '.ts', '.tsx', '.d.ts', '.js', '.jsx']) {
      if (this.host.fileExists(joined + ext)) return { status: 'internal', target: this.host.realFile(joined + ext) };
    }
    return { status: 'unresolved', target: specifier };
  }

  /** The folder of the package.json that scopes `dir` ('' also when none does): bare names resolve alike within it. */
  private packageScope(dir: string): string {
    const known = this.scopeOf.get(dir);
    if (known !== undefined) return known;
    const scope =
      this.host.packageJson(dir) !== undefined || dir === ''
        ? dir
        : this.packageScope(dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '');
    this.scopeOf.set(dir, scope);
    return scope;
  }
}

/** Bundler-style suffixes (`./x.svg?raw`, `./y#hash`) do not name a different file. */
function stripQuery(specifier: string): string {
  const question = specifier.indexOf('?');
  const hash = specifier.indexOf('#');
  const q = question < 0 ? hash : hash < 0 ? question : Math.min(question, hash);
  return q > 0 ? specifier.slice(0, q) : specifier;
}
