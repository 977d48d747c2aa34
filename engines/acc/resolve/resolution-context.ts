import { join } from 'node:path';
import {
  MODULE_COMMONJS,
  MODULE_ES2015,
  MODULE_NODE16,
  MODULE_NODENEXT,
  MODULE_PRESERVE,
  type ModuleResolutionKind,
  type PackageJsonInfo,
  type ResolutionHost,
  type ResolutionSettings,
} from './module-resolver.js';
import { parseJsonc } from './parse-jsonc.js';
import { readInputFile } from '../read-input-file.js';
import { errorMessage } from '../../common/index.js';

const MODULE_KINDS: Record<string, number> = {
  none: 0,
  commonjs: 1,
  amd: 2,
  umd: 3,
  system: 4,
  es6: 5,
  es2015: 5,
  es2020: 6,
  es2022: 7,
  esnext: 99,
  node16: 100,
  node18: 101,
  node20: 102,
  nodenext: 199,
  preserve: 200,
};
const TARGETS: Record<string, number> = {
  es3: 0,
  es5: 1,
  es6: 2,
  es2015: 2,
  es2016: 3,
  es2017: 4,
  es2018: 5,
  es2019: 6,
  es2020: 7,
  es2021: 8,
  es2022: 9,
  es2023: 10,
  es2024: 11,
  esnext: 99,
};

/** Where `baseUrl` and `paths` were declared (root-relative folders of the tsconfig files that set them). */
export interface OptionOrigins {
  readonly baseUrl?: string;
  readonly paths?: string;
}

function joinRel(dir: string, path: string): string {
  const joined = join(dir === '' ? '.' : dir, path)
    .split('\\')
    .join('/');
  return joined === '.' ? '' : joined;
}

/**
 * The compiler options resolution needs, computed as TypeScript 5.9 does (computedOptions): the default module
 * from target, the default moduleResolution from module, resolvePackageJsonExports/Imports defaults.
 */
export function settingsFromCompilerOptions(
  options: Readonly<Record<string, unknown>>,
  configDir: string,
  origins: OptionOrigins = {},
): ResolutionSettings {
  const str = (key: string): string | undefined =>
    typeof options[key] === 'string' ? (options[key] as string).toLowerCase() : undefined;
  const explicitModule = str('module') !== undefined ? MODULE_KINDS[str('module') ?? ''] : undefined;
  const explicitTarget = str('target') !== undefined ? TARGETS[str('target') ?? ''] : undefined;
  const target =
    explicitTarget !== undefined && explicitTarget !== 0
      ? explicitTarget
      : explicitModule === MODULE_NODE16 || explicitModule === 101
        ? 9
        : explicitModule === 102
          ? 10
          : explicitModule === MODULE_NODENEXT
            ? 99
            : 1;
  const module = explicitModule ?? (target >= 2 ? MODULE_ES2015 : MODULE_COMMONJS);
  let moduleResolution: ModuleResolutionKind;
  switch (str('moduleresolution') ?? str('moduleResolution')) {
    case 'node':
    case 'node10':
      moduleResolution = 'node10';
      break;
    case 'classic':
      moduleResolution = 'classic';
      break;
    case 'node16':
      moduleResolution = 'node16';
      break;
    case 'nodenext':
      moduleResolution = 'nodenext';
      break;
    case 'bundler':
      moduleResolution = 'bundler';
      break;
    default:
      moduleResolution =
        module === MODULE_COMMONJS
          ? 'node10'
          : module >= MODULE_NODE16 && module <= 102
            ? 'node16'
            : module === MODULE_NODENEXT
              ? 'nodenext'
              : module === MODULE_PRESERVE
                ? 'bundler'
                : 'classic';
  }
  const supportsExports =
    moduleResolution === 'node16' || moduleResolution === 'nodenext' || moduleResolution === 'bundler';
  const flag = (key: string): boolean =>
    supportsExports && (typeof options[key] === 'boolean' ? (options[key] as boolean) : true);
  const baseUrl =
    typeof options['baseUrl'] === 'string' ? joinRel(origins.baseUrl ?? configDir, options['baseUrl']) : undefined;
  const rawPaths = options['paths'];
  const paths =
    typeof rawPaths === 'object' && rawPaths !== null && !Array.isArray(rawPaths)
      ? (rawPaths as Record<string, readonly string[]>)
      : undefined;
  const customConditions = Array.isArray(options['customConditions'])
    ? (options['customConditions'] as unknown[]).filter((c): c is string => typeof c === 'string')
    : [];
  return {
    moduleResolution,
    module,
    baseUrl,
    paths,
    pathsBase: baseUrl ?? origins.paths ?? configDir,
    customConditions,
    resolvePackageJsonExports: flag('resolvePackageJsonExports'),
    resolvePackageJsonImports: flag('resolvePackageJsonImports'),
  };
}

/** The files a walk found, plus what resolution asks about them (see module-resolver.ts). */
export interface AnalysisResolutionHost extends ResolutionHost {
  /** The path a file found through a symbolic link really has (the walk analyses it there). */
  realFile(path: string): string;
  /** TypeScript's impliedNodeFormat: 99 ESM, 1 CommonJS, undefined when the extension and settings leave it open. */
  impliedFormat(file: string, settings?: ResolutionSettings): 1 | 99 | undefined;
  /** Notes about package.json files that could not be read. */
  readonly notes: string[];
}

/**
 * A resolution host over a walk: files from the walk (links followed to their targets), package.json files read
 * once each, workspace packages found by the `name` of every package.json below the root (the root's own package
 * is reached by self-name only, as in node_modules it is not linked).
 */
export function createResolutionHost(
  absRoot: string,
  walk: { allFiles: ReadonlySet<string>; symlinks: ReadonlyMap<string, string> },
): AnalysisResolutionHost {
  const { allFiles, symlinks } = walk;
  const folderLinks = [...symlinks].filter(([, target]) => !allFiles.has(target));
  const notes: string[] = [];
  const realFile = (path: string): string => {
    const direct = symlinks.get(path);
    if (direct !== undefined && allFiles.has(direct)) return direct;
    for (let hops = 0; hops < 8; hops++) {
      let mapped: string | undefined;
      for (const [link, target] of folderLinks) {
        if (path.startsWith(`${link}/`)) {
          mapped = (target === '' ? '' : `${target}/`) + path.slice(link.length + 1);
          break;
        }
      }
      if (mapped === undefined) return path;
      path = mapped;
      const linked = symlinks.get(path);
      if (linked !== undefined && allFiles.has(linked)) return linked;
    }
    return path;
  };
  const fileExists = (path: string): boolean =>
    allFiles.has(path) || (symlinks.size > 0 && allFiles.has(realFile(path)));
  const packages = new Map<string, PackageJsonInfo | null>();
  const packageJson = (directory: string): PackageJsonInfo | undefined => {
    const known = packages.get(directory);
    if (known !== undefined) return known ?? undefined;
    const file = directory === '' ? 'package.json' : `${directory}/package.json`;
    let info: PackageJsonInfo | null = null;
    if (fileExists(file)) {
      let content: unknown;
      try {
        content = parseJsonc(readInputFile(join(absRoot, realFile(file))));
      } catch (error) {
        notes.push(`${file} not readable as JSON (${errorMessage(error)}); treated as {} as TypeScript does`);
      }
      info = {
        directory,
        content:
          typeof content === 'object' && content !== null && !Array.isArray(content)
            ? (content as Record<string, unknown>)
            : {},
      };
    }
    packages.set(directory, info);
    return info ?? undefined;
  };
  let workspace: Map<string, string> | undefined;
  const workspacePackage = (name: string): string | undefined => {
    if (workspace === undefined) {
      workspace = new Map();
      const dirs: string[] = [];
      for (const f of allFiles) if (f.endsWith('/package.json')) dirs.push(f.slice(0, -'/package.json'.length));
      dirs.sort();
      for (const dir of dirs) {
        const n = packageJson(dir)?.content['name'];
        if (typeof n !== 'string' || n === '') continue;
        if (workspace.has(n))
          notes.push(`two packages named ${n} (${workspace.get(n) ?? ''}, ${dir}); imports of it resolve to the first`);
        else workspace.set(n, dir);
      }
    }
    return workspace.get(name);
  };
  const impliedFormat = (file: string, settings?: ResolutionSettings): 1 | 99 | undefined => {
    if (/\.(d\.mts|mts|mjs)$/.test(file)) return 99;
    if (/\.(d\.cts|cts|cjs)$/.test(file)) return 1;
    const lookup =
      settings === undefined || settings.moduleResolution === 'node16' || settings.moduleResolution === 'nodenext';
    if (!lookup || !/\.(ts|tsx|js|jsx)$/.test(file)) return undefined;
    let dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
    for (;;) {
      const info = packageJson(dir);
      if (info !== undefined) return info.content['type'] === 'module' ? 99 : 1;
      if (dir === '') return 1;
      dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '';
    }
  };
  return { fileExists, packageJson, workspacePackage, realFile, impliedFormat, notes };
}
