import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseJsonc } from './parse-jsonc.js';

/** One `compilerOptions.paths` entry, with targets already made root-relative. */
export interface PathPattern {
  readonly prefix: string;
  readonly suffix: string;
  /** True when the pattern has a `*`; otherwise only an exact match applies. */
  readonly wildcard: boolean;
  /** Root-relative target templates (a `*` is replaced by the matched text). */
  readonly targets: readonly string[];
}

/** `baseUrl` and `paths` from a tsconfig (and what it extends), expressed relative to the analysed root. */
export interface PathMapping {
  /** Root-relative baseUrl (`''` is the root itself), or undefined when none is set. */
  readonly baseUrl: string | undefined;
  /** Longest prefix first, which is the order TypeScript tries them in. */
  readonly patterns: readonly PathPattern[];
  readonly notes: readonly string[];
}

interface RawOptions {
  baseUrl?: { value: string; from: string };
  paths?: { value: Record<string, unknown>; from: string };
}

const toPosix = (p: string): string => (sep === '/' ? p : p.split(sep).join('/'));

/**
 * Reads `tsconfig.json` (or `jsconfig.json`) at the root, following relative and package `extends`, and returns
 * the module path mapping. Only `baseUrl` and `paths` matter for import resolution; nothing else is interpreted.
 */
export function loadPathMapping(root: string, configFile?: string): PathMapping {
  const notes: string[] = [];
  const start = configFile !== undefined
    ? resolve(root, configFile)
    : [join(root, 'tsconfig.json'), join(root, 'jsconfig.json')].find((p) => existsSync(p));
  if (start === undefined) return { baseUrl: undefined, patterns: [], notes };
  const raw: RawOptions = {};
  readConfigChain(start, raw, notes, new Set());

  const baseAbs = raw.baseUrl ? resolve(dirname(raw.baseUrl.from), raw.baseUrl.value) : undefined;
  const baseUrl = baseAbs === undefined ? undefined : toPosix(relative(root, baseAbs));
  const patterns: PathPattern[] = [];
  if (raw.paths) {
    // Without baseUrl, TypeScript resolves path targets against the config file that declared `paths`.
    const targetBase = baseAbs ?? dirname(raw.paths.from);
    for (const [pattern, value] of Object.entries(raw.paths.value)) {
      if (!Array.isArray(value)) {
        notes.push(`tsconfig paths["${pattern}"] is not an array; ignored`);
        continue;
      }
      const star = pattern.indexOf('*');
      const targets = value
        .filter((t): t is string => typeof t === 'string')
        .map((t) => toPosix(relative(root, resolve(targetBase, t))));
      patterns.push({
        prefix: star < 0 ? pattern : pattern.slice(0, star),
        suffix: star < 0 ? '' : pattern.slice(star + 1),
        wildcard: star >= 0,
        targets,
      });
    }
    patterns.sort((a, b) => b.prefix.length - a.prefix.length);
  }
  return { baseUrl: baseUrl === '.' ? '' : baseUrl, patterns, notes };
}

function readConfigChain(file: string, into: RawOptions, notes: string[], seen: Set<string>): void {
  if (seen.has(file)) {
    notes.push(`tsconfig extends cycle at ${file}`);
    return;
  }
  seen.add(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    notes.push(`tsconfig not readable: ${file} (${error instanceof Error ? error.message : String(error)})`);
    return;
  }
  let parsed: unknown;
  try {
    parsed = parseJsonc(text);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) {
    notes.push(`tsconfig not parseable: ${file}; path mapping ignored`);
    return;
  }
  const config = parsed as { extends?: unknown; compilerOptions?: { baseUrl?: unknown; paths?: unknown } };
  // Parents first, so the child's own options override what it extends.
  const parents = typeof config.extends === 'string' ? [config.extends] : Array.isArray(config.extends) ? config.extends : [];
  for (const parent of parents) {
    if (typeof parent !== 'string') continue;
    const parentFile = locateExtends(dirname(file), parent);
    if (parentFile === undefined) notes.push(`tsconfig extends not found: ${parent} (from ${file})`);
    else readConfigChain(parentFile, into, notes, seen);
  }
  const options = config.compilerOptions;
  if (options && typeof options.baseUrl === 'string') into.baseUrl = { value: options.baseUrl, from: file };
  if (options && typeof options.paths === 'object' && options.paths !== null) {
    into.paths = { value: options.paths as Record<string, unknown>, from: file };
  }
}

function locateExtends(dir: string, spec: string): string | undefined {
  const candidates = spec.startsWith('.') || spec.startsWith('/')
    ? [resolve(dir, spec), resolve(dir, `${spec}.json`)]
    : [join(dir, 'node_modules', spec), join(dir, 'node_modules', `${spec}.json`), join(dir, 'node_modules', spec, 'tsconfig.json')];
  return candidates.find((c) => isFile(c));
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
