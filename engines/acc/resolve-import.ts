import { builtinModules } from 'node:module';
import { posix } from 'node:path';
import type { PathMapping } from './load-path-mapping.js';
import type { ResolutionStatus } from './types.js';

export interface Resolution {
  readonly status: ResolutionStatus;
  /** Root-relative file for `internal`, package name for `external`/`builtin`, the specifier otherwise. */
  readonly target: string;
}

const BUILTINS = new Set(builtinModules);

// Tried in this order after the exact path, as TypeScript's resolver does (TS sources before JS).
const PROBE_EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.json'];

/** Extension probes answered by trying each extension before the stem index is built (see withExtension). */
const DIRECT_PROBES = 200;

// ESM TypeScript imports name the emitted file (`./x.js`); the source on disk is `./x.ts`.
const SOURCE_FOR_EMITTED: Record<string, readonly string[]> = {
  '.js': ['.ts', '.tsx', '.d.ts'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts', '.d.mts'],
  '.cjs': ['.cts', '.d.cts'],
};

/** Package name of a bare specifier: `@scope/name/sub` becomes `@scope/name`, `lodash/fp` becomes `lodash`. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') && parts.length > 1 ? `${parts[0]}/${parts[1]}` : (parts[0] ?? specifier);
}

/**
 * Resolves specifiers against the set of files the walk found, without touching the file system: resolution is
 * pure and memoised per (directory, specifier), which is what keeps it cheap at 5,000 files.
 */
export class ImportResolver {
  /** dir -> specifier -> resolution: nested maps avoid building a key string per import. */
  private readonly memo = new Map<string, Map<string, Resolution>>();

  private readonly directProbeLimit: number;

  constructor(
    private readonly files: ReadonlySet<string>,
    private readonly mapping: PathMapping,
    /** `directProbes`: extension probes tried one by one before the stem index is built (tests set 0). */
    options: { directProbes?: number } = {},
  ) {
    this.directProbeLimit = options.directProbes ?? DIRECT_PROBES;
  }

  /** A file's imports arrive together: its directory and memo are looked up once, not once per import. */
  private lastFrom = '';
  private lastDir = '.';
  private lastByDir: Map<string, Resolution> | undefined;
  private byStem: Map<string, { file: string; rank: number }> | undefined;
  private readonly bare = new Map<string, Resolution>();
  private directProbes = 0;

  resolve(fromFile: string, specifier: string): Resolution {
    const first = specifier.charCodeAt(0);
    if (first !== 46 && first !== 47) { // not `.` or `/`: packages, builtins, path aliases resolve the same from any folder
      let hit = this.bare.get(specifier);
      if (hit === undefined) this.bare.set(specifier, (hit = this.compute('.', specifier)));
      return hit;
    }
    let byDir = this.lastByDir;
    if (byDir === undefined || fromFile !== this.lastFrom) {
      const slash = fromFile.lastIndexOf('/');
      this.lastDir = slash < 0 ? '.' : fromFile.slice(0, slash);
      this.lastFrom = fromFile;
      byDir = this.memo.get(this.lastDir);
      if (byDir === undefined) {
        byDir = new Map();
        this.memo.set(this.lastDir, byDir);
      }
      this.lastByDir = byDir;
    }
    let hit = byDir.get(specifier);
    if (hit === undefined) {
      hit = this.compute(this.lastDir, specifier);
      byDir.set(specifier, hit);
    }
    return hit;
  }

  private compute(dir: string, specifier: string): Resolution {
    const clean = stripQuery(specifier);
    if (clean.startsWith('.') || clean.startsWith('/')) {
      const joined = clean.startsWith('/') ? posix.normalize(clean) : joinRelative(dir === '.' ? '' : dir, clean);
      if (clean.startsWith('/') || joined === '..' || joined.startsWith('../')) {
        return { status: 'outside-root', target: specifier };
      }
      const found = this.probe(joined === '.' ? '' : joined);
      return found === undefined ? { status: 'unresolved', target: specifier } : { status: 'internal', target: found };
    }
    if (clean.startsWith('node:') || BUILTINS.has(clean) || BUILTINS.has(packageNameOf(clean))) {
      return { status: 'builtin', target: clean.startsWith('node:') ? clean : `node:${packageNameOf(clean)}` };
    }
    const mapped = this.resolveMapped(clean);
    if (mapped !== undefined) return mapped;
    return { status: 'external', target: packageNameOf(clean) };
  }

  private resolveMapped(specifier: string): Resolution | undefined {
    for (const pattern of this.mapping.patterns) {
      let star: string;
      if (pattern.wildcard) {
        if (!specifier.startsWith(pattern.prefix) || !specifier.endsWith(pattern.suffix)) continue;
        if (specifier.length < pattern.prefix.length + pattern.suffix.length) continue;
        star = specifier.slice(pattern.prefix.length, specifier.length - pattern.suffix.length);
      } else {
        if (specifier !== pattern.prefix) continue;
        star = '';
      }
      for (const target of pattern.targets) {
        const candidate = posix.normalize(target.replace('*', star));
        const found = this.probe(candidate === '.' ? '' : candidate);
        if (found !== undefined) return { status: 'internal', target: found };
      }
      // TypeScript only uses the longest matching pattern; a mapped alias with no file behind it is broken.
      return { status: 'unresolved', target: specifier };
    }
    if (this.mapping.baseUrl !== undefined) {
      const base = this.mapping.baseUrl;
      const found = this.probe(posix.normalize(base === '' ? specifier : `${base}/${specifier}`));
      if (found !== undefined) return { status: 'internal', target: found };
    }
    return undefined;
  }

  /** Finds the file a root-relative module path denotes: emitted-extension swap, exact, extensions, index. */
  private probe(path: string): string | undefined {
    const files = this.files;
    const ext = emittedExtension(path);
    const swaps = ext === '' ? undefined : SOURCE_FOR_EMITTED[ext];
    // Indexed loops: no iterator per probe (many thousands of probes in one analysis).
    if (swaps !== undefined) {
      const stem = path.slice(0, -ext.length);
      for (let i = 0; i < swaps.length; i++) {
        const candidate = stem + (swaps[i] ?? '');
        if (files.has(candidate)) return candidate;
      }
    }
    if (path !== '' && files.has(path)) return path;
    return this.withExtension(path) ?? this.withExtension(path === '' ? 'index' : `${path}/index`);
  }

  /**
   * The first of `base + ext` (PROBE_EXTENSIONS order) that exists. Answered from an index of every file by its
   * path without each probe extension, built on first use: one lookup instead of up to ten concatenated strings
   * to hash (an `import './dir'` tries every extension before `./dir/index.ts`).
   */
  private withExtension(base: string): string | undefined {
    // A re-analysis resolves only the few changed files: probe directly rather than index 5,000 files for them.
    if (this.byStem === undefined && ++this.directProbes <= this.directProbeLimit) {
      for (let i = 0; i < PROBE_EXTENSIONS.length; i++) {
        const candidate = base + (PROBE_EXTENSIONS[i] ?? '');
        if (this.files.has(candidate)) return candidate;
      }
      return undefined;
    }
    if (this.byStem === undefined) {
      const byStem = new Map<string, { file: string; rank: number }>();
      this.files.forEach((file) => {
        for (let rank = 0; rank < PROBE_EXTENSIONS.length; rank++) {
          const ext = PROBE_EXTENSIONS[rank] ?? '';
          if (!file.endsWith(ext)) continue;
          const stem = file.slice(0, file.length - ext.length);
          const known = byStem.get(stem);
          if (known === undefined || known.rank > rank) byStem.set(stem, { file, rank });
        }
      });
      this.byStem = byStem;
    }
    return this.byStem.get(base)?.file;
  }
}

/**
 * `posix.normalize(posix.join(dir, specifier))` for a `./` or `../` specifier, without Node's general-purpose
 * normaliser in the common case (plain names after the leading dot segments); anything else takes the general path.
 */
export function joinRelative(dir: string, specifier: string): string {
  let base = dir;
  let i = 0;
  for (;;) {
    if (specifier.startsWith('./', i)) {
      i += 2;
    } else if (specifier.startsWith('../', i)) {
      if (base === '') return posix.normalize(posix.join(dir, specifier));
      base = base.slice(0, Math.max(0, base.lastIndexOf('/')));
      i += 3;
    } else {
      break;
    }
  }
  const rest = specifier.slice(i);
  if (rest === '' || rest.startsWith('.') || rest.startsWith('/') || rest.includes('/.') || rest.includes('//') || rest.endsWith('/')) {
    return posix.normalize(posix.join(dir, specifier));
  }
  return base === '' ? rest : `${base}/${rest}`;
}

/** The key of SOURCE_FOR_EMITTED that `path` ends in, as `posix.extname` would report it, or `''`. */
export function emittedExtension(path: string): string {
  let ext = '';
  if (path.endsWith('/')) {
    ext = posix.extname(path); // which ignores a trailing slash
  } else {
    const dot = path.lastIndexOf('.');
    if (dot > 0 && dot > path.lastIndexOf('/') + 1) ext = path.slice(dot);
  }
  return Object.hasOwn(SOURCE_FOR_EMITTED, ext) ? ext : '';
}

/** Bundler-style suffixes (`./x.svg?raw`, `./y#hash`) do not name a different file. */
function stripQuery(specifier: string): string {
  const question = specifier.indexOf('?');
  const hash = specifier.indexOf('#');
  const q = question < 0 ? hash : hash < 0 ? question : Math.min(question, hash);
  return q > 0 ? specifier.slice(0, q) : specifier;
}
