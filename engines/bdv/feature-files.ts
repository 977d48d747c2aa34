import { parseFeatureSource, toExecutablePickles, type FeatureSet, type ParsedFeature } from './parse-features.js';
import type { ExecutablePickle, ParseProblem } from './types.js';

/**
 * A feature file as read: its text, its UTF-8 bytes (already checked to decode; kept outside the JS heap, so a
 * huge suite's text does not make the garbage collector let the heap grow in proportion), or why it could not be
 * taken as text (binary, UTF-16, not UTF-8).
 */
export type FeatureText =
  | { readonly uri: string; readonly source: string }
  | { readonly uri: string; readonly utf8: Uint8Array }
  | { readonly uri: string; readonly unreadable: ParseProblem };

const UTF8 = new TextDecoder('utf-8');

/** What one pass over the suite learns about one file. */
export interface FeatureVisit {
  readonly uri: string;
  /** The parsed feature, when the file parsed. */
  readonly feature?: ParsedFeature;
  /** Its pickles, wrapped for the runner (none when the file did not parse). */
  readonly pickles: readonly ExecutablePickle[];
  /** Why the file yields no pickle (read or parse problems, in order). */
  readonly problems: readonly ParseProblem[];
  /** The text of a file that was read but did not parse (Cucumber Messages carry a `source` for it). */
  readonly unparsedSource?: string;
}

export interface FeatureFilesOptions {
  /** Dialect for files without `# language:` (default `en`). */
  readonly defaultDialect?: string;
  /**
   * A suite whose text is at most this many characters (UTF-8 bytes for files kept as bytes) is kept parsed after
   * its first pass, so later passes cost nothing; a larger one is parsed again on each pass (default 2 Mi: about
   * 7,000 of the bench's generated scenarios). All or nothing: keeping part of a huge suite would save a few
   * parses and make the heap (which the garbage collector lets grow to a multiple of what is live) larger for the
   * whole run. 0 keeps none, `Infinity` keeps all (what `loadFeatures` does).
   */
  readonly retainParsedChars?: number;
}

/** Parsed forms weigh about 16 times their text (documents, pickles); a larger suite is parsed again on each pass. */
export const DEFAULT_RETAIN_PARSED_CHARS = 2 * 1024 * 1024;

interface IdRange {
  readonly start: number;
  readonly end: number;
}

/**
 * A suite's feature files kept as text and parsed on each pass over them, so a run of any size never holds every
 * parsed document and pickle at once: memory grows with the suite's text, not with its parsed form. Passes go
 * through the files in order and give every id the same value each time (ids are a counter over the whole suite,
 * as one `IdGenerator.incrementing()` shared by every file would give them), so a re-parsed file is the same
 * feature, pickle ids included.
 */
export class FeatureFiles {
  readonly texts: readonly FeatureText[];
  readonly #defaultDialect: string | undefined;
  readonly #keepParsed: boolean;
  readonly #retained = new Map<number, FeatureVisit>();
  readonly #ids: (IdRange | undefined)[];
  #parseErrors: readonly ParseProblem[] | undefined;

  constructor(texts: readonly FeatureText[], options: FeatureFilesOptions = {}) {
    this.texts = texts;
    this.#defaultDialect = options.defaultDialect;
    let size = 0;
    for (const text of texts) size += 'utf8' in text ? text.utf8.byteLength : 'source' in text ? text.source.length : 0;
    this.#keepParsed = size <= (options.retainParsedChars ?? DEFAULT_RETAIN_PARSED_CHARS);
    this.#ids = new Array<IdRange | undefined>(texts.length);
  }

  /** Every read and parse problem, in file order; undefined until one pass has gone through every file. */
  get parseErrors(): readonly ParseProblem[] | undefined {
    return this.#parseErrors;
  }

  /**
   * One pass over the files in order; each file not kept is parsed as the pass reaches it. `keep: false` says no
   * other pass will follow (a run without messages goes through its files once), so nothing is kept for one.
   */
  *visit({ keep = true }: { readonly keep?: boolean } = {}): Generator<FeatureVisit, void, undefined> {
    let nextId = 0;
    const problems: ParseProblem[] = [];
    for (const [index, text] of this.texts.entries()) {
      if ('unreadable' in text) {
        problems.push(text.unreadable);
        yield { uri: text.uri, pickles: [], problems: [text.unreadable] };
        continue;
      }
      const kept = this.#retained.get(index);
      const known = this.#ids[index];
      if (kept !== undefined && known !== undefined) {
        nextId = known.end;
        problems.push(...kept.problems);
        yield kept;
        continue;
      }
      const source = 'utf8' in text ? UTF8.decode(text.utf8) : text.source;
      let counter = known?.start ?? nextId;
      const start = counter;
      const parsed = parseFeatureSource(source, text.uri, {
        newId: () => (counter++).toString(),
        ...(this.#defaultDialect === undefined ? {} : { defaultDialect: this.#defaultDialect }),
      });
      this.#ids[index] = { start, end: counter };
      nextId = counter;
      const visit: FeatureVisit = parsed.ok
        ? { uri: text.uri, feature: parsed.feature, pickles: toExecutablePickles([parsed.feature]), problems: [] }
        : { uri: text.uri, pickles: [], problems: parsed.problems, unparsedSource: source };
      problems.push(...visit.problems);
      if (keep && this.#keepParsed && known === undefined) this.#retained.set(index, visit);
      yield visit;
    }
    this.#parseErrors = problems;
  }

  /** Every file parsed and kept, as {@link loadFeatures} returns them. */
  toFeatureSet(): FeatureSet {
    const features: ParsedFeature[] = [];
    const pickles: ExecutablePickle[] = [];
    const parseErrors: ParseProblem[] = [];
    const unparsedSources: { uri: string; source: string }[] = [];
    for (const visit of this.visit()) {
      if (visit.feature !== undefined) features.push(visit.feature);
      pickles.push(...visit.pickles);
      parseErrors.push(...visit.problems);
      if (visit.unparsedSource !== undefined) unparsedSources.push({ uri: visit.uri, source: visit.unparsedSource });
    }
    return { features, pickles, parseErrors, unparsedSources };
  }
}
