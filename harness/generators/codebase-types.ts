/** Layers from the top (UI) down; a file may import its own layer or the one directly below. */
export type CodebaseLayer = 'presentation' | 'business' | 'data' | 'infrastructure';

export const CODEBASE_LAYERS: readonly CodebaseLayer[] = ['presentation', 'business', 'data', 'infrastructure'];

/**
 * How an edge is written. `import` covers named, namespace and default static imports; type-only forms are kept
 * apart because tools differ on whether they count them (madge skips them by default, dependency-cruiser does not).
 */
export type ImportKind = 'import' | 'type-import' | 'dynamic-import' | 're-export' | 'type-re-export' | 'require';

export interface CodebaseEdge {
  /** Importing file, relative to the code base root, POSIX separators. */
  readonly from: string;
  /** The file the specifier resolves to, same form. */
  readonly to: string;
  readonly kind: ImportKind;
  /** The specifier exactly as written in the source. */
  readonly specifier: string;
}

export interface ExternalImport {
  readonly from: string;
  readonly specifier: string;
  readonly kind: ImportKind;
}

export interface LayerViolation {
  readonly from: string;
  readonly to: string;
  readonly fromLayer: CodebaseLayer;
  readonly toLayer: CodebaseLayer;
}

export interface LayeredCodebaseOptions {
  /** Source files to write (.ts/.tsx/.js/.cjs, barrels included); at least 16. */
  readonly files: number;
  readonly seed: number;
  /** Import cycles to inject (default 0); each is 2 or 3 files of one module, and exactly one strongly connected component. */
  readonly cycles?: number;
  /** Presentation files importing a data file directly (default 0). */
  readonly layerViolations?: number;
  /** Write `paths` aliases (`@core/*`, `@domain/*`) into tsconfig.json and use them in some imports (default false). */
  readonly tsconfigPaths?: boolean;
  /** Use `.js`-suffixed specifiers for some TS targets, as NodeNext code does (default true). */
  readonly jsExtensions?: boolean;
  /** Add a small CommonJS corner (`.cjs`/`.js` files using `require`) in the infrastructure layer (default true). */
  readonly commonJs?: boolean;
}

export interface LayeredCodebaseManifest {
  /** Absolute root the tree was written to ('' for an in-memory plan). */
  readonly root: string;
  readonly seed: number;
  /** Every file written (sources and config), sorted, relative to root. */
  readonly files: readonly string[];
  /** Source files only, sorted. */
  readonly sourceFiles: readonly string[];
  /** index.ts barrels, sorted. */
  readonly barrels: readonly string[];
  readonly totalBytes: number;
  /** Source files per layer, sorted. */
  readonly layers: Readonly<Record<CodebaseLayer, readonly string[]>>;
  /** Every internal import, one per (from, to) pair, sorted by from then to. */
  readonly edges: readonly CodebaseEdge[];
  readonly externalImports: readonly ExternalImport[];
  /** Distinct external specifiers as written (e.g. `node:fs`, `lodash/fp`), sorted. */
  readonly externalSpecifiers: readonly string[];
  /** Each injected cycle as its files in import order (`a -> b -> ... -> a`). */
  readonly cycles: readonly (readonly string[])[];
  readonly layerViolations: readonly LayerViolation[];
  /** Specifiers that appear only inside comments and string literals; a correct lexer reports none of them. */
  readonly decoySpecifiers: readonly string[];
  /** tsconfig `paths` written, alias pattern to target pattern (empty unless `tsconfigPaths`). */
  readonly pathAliases: Readonly<Record<string, string>>;
}

/** A file produced in memory before it is written. */
export interface GeneratedFile {
  readonly path: string;
  readonly text: string;
}
