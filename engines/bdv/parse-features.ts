import {
  AstBuilder,
  GherkinClassicTokenMatcher,
  GherkinInMarkdownTokenMatcher,
  Parser,
  compile,
} from '@cucumber/gherkin';
import { IdGenerator, SourceMediaType, type Envelope, type GherkinDocument, type Pickle } from '@cucumber/messages';
import type { ExecutablePickle, ParseProblem } from './types.js';

/** One successfully parsed feature file. */
export interface ParsedFeature {
  readonly uri: string;
  readonly source: string;
  readonly document: GherkinDocument;
  readonly pickles: readonly Pickle[];
}

/** Parsed features, their executable pickles in file order, and the files that failed to parse. */
export interface FeatureSet {
  readonly features: readonly ParsedFeature[];
  readonly pickles: readonly ExecutablePickle[];
  readonly parseErrors: readonly ParseProblem[];
  /** The text of the files that failed to parse (Cucumber Messages carry a `source` for them too). */
  readonly unparsedSources?: readonly { readonly uri: string; readonly source: string }[];
}

export interface ParseFeatureOptions {
  /** Shared id generator so ids stay unique across files (default: a fresh incrementing one). */
  readonly newId?: IdGenerator.NewId;
  /** Dialect when a file has no `# language:` line (default `en`). */
  readonly defaultDialect?: string;
}

export type ParseFeatureResult =
  | { readonly ok: true; readonly feature: ParsedFeature }
  | { readonly ok: false; readonly problems: readonly ParseProblem[] };

/**
 * Parses one Gherkin source with the official parser and compiles its pickles. A file with any parse error
 * yields no pickle at all: a half-read feature would silently drop scenarios.
 */
export function parseFeatureSource(source: string, uri: string, options: ParseFeatureOptions = {}): ParseFeatureResult {
  const mediaType = uri.endsWith('.md')
    ? SourceMediaType.TEXT_X_CUCUMBER_GHERKIN_MARKDOWN
    : SourceMediaType.TEXT_X_CUCUMBER_GHERKIN_PLAIN;
  const envelopes = parseToEnvelopes(
    source,
    uri,
    mediaType,
    options.newId ?? IdGenerator.incrementing(),
    options.defaultDialect ?? 'en',
  );
  const problems: ParseProblem[] = [];
  const pickles: Pickle[] = [];
  let document: GherkinDocument | undefined;
  for (const envelope of envelopes) {
    if (envelope.parseError !== undefined) {
      const location = envelope.parseError.source.location;
      problems.push({
        uri,
        line: location?.line ?? 0,
        // Gherkin gives column 0 for an error at the end of the file; columns start at 1, so it is unknown there.
        ...(location?.column === undefined || location.column < 1 ? {} : { column: location.column }),
        message: envelope.parseError.message,
      });
    } else if (envelope.gherkinDocument !== undefined) document = envelope.gherkinDocument;
    else if (envelope.pickle !== undefined) pickles.push(envelope.pickle);
  }
  if (problems.length > 0 || document === undefined) {
    return {
      ok: false,
      problems: problems.length > 0 ? problems : [{ uri, line: 1, message: 'no document produced' }],
    };
  }
  return { ok: true, feature: { uri, source, document, pickles } };
}

// One token matcher per media type and default dialect: building one maps every keyword of its dialect, which
// costs more than parsing a small file. The parser resets it at the start of each parse (dialect, doc string, indent).
const tokenMatchers = new Map<string, GherkinClassicTokenMatcher | GherkinInMarkdownTokenMatcher>();

/**
 * What `generateMessages` of `@cucumber/gherkin` returns without a source (gherkinDocument and pickles, or the parse
 * errors), the same steps in the same order, with the token matcher reused from one file to the next.
 */
function parseToEnvelopes(
  data: string,
  uri: string,
  mediaType: SourceMediaType,
  newId: IdGenerator.NewId,
  defaultDialect: string,
): Envelope[] {
  const key = `${mediaType}\u0000${defaultDialect}`;
  let tokenMatcher = tokenMatchers.get(key);
  if (tokenMatcher === undefined) {
    tokenMatcher =
      mediaType === SourceMediaType.TEXT_X_CUCUMBER_GHERKIN_MARKDOWN
        ? new GherkinInMarkdownTokenMatcher(defaultDialect)
        : new GherkinClassicTokenMatcher(defaultDialect);
    tokenMatchers.set(key, tokenMatcher);
  }
  const result: Envelope[] = [];
  try {
    const parser = new Parser(new AstBuilder(newId), tokenMatcher);
    parser.stopAtFirstError = false;
    const gherkinDocument = parser.parse(data);
    result.push({ gherkinDocument: { ...gherkinDocument, uri } });
    for (const pickle of compile(gherkinDocument, uri, newId)) result.push({ pickle });
  } catch (error) {
    const errors: unknown[] = (error as { errors?: unknown[] }).errors ?? [error];
    for (const one of errors) {
      const location = (one as { location?: { line: number; column?: number } }).location;
      // Not a parse error: unexpected, as generateMessages treats it.
      if (location === undefined) throw one;
      result.push({
        parseError: {
          source: {
            uri,
            location:
              location.column === undefined
                ? { line: location.line }
                : { line: location.line, column: location.column },
          },
          message: (one as Error).message,
        },
      });
    }
  }
  return result;
}

/** Wraps pickles with the data the runner needs on every execution, computed once. */
export function toExecutablePickles(features: readonly ParsedFeature[]): ExecutablePickle[] {
  const result: ExecutablePickle[] = [];
  for (const feature of features) {
    for (const pickle of feature.pickles) {
      result.push({ pickle, key: scenarioKey(pickle), tagNames: pickle.tags.map((tag) => tag.name) });
    }
  }
  return result;
}

/** Stable identity of a scenario for the quarantine file: `uri:line name` (an example row has its own line). */
export function scenarioKey(pickle: Pickle): string {
  return `${pickle.uri}:${pickle.location?.line ?? 0} ${pickle.name}`;
}

/**
 * `file:line:column message`, the form editors and CI annotations link from. Control characters in the
 * message (a binary file's bytes quoted by the parser) are escaped so they never reach a terminal raw.
 */
export function formatParseProblem(problem: ParseProblem): string {
  const where =
    problem.column === undefined
      ? `${problem.uri}:${problem.line}`
      : `${problem.uri}:${problem.line}:${problem.column}`;
  return `${where} ${escapeControlCharacters(stripLocationPrefix(problem.message))}`;
}

/** `\u001b` for ESC and the like: text safe to print on a terminal. */
export function escapeControlCharacters(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

// Gherkin repeats the location inside its message as "(3:5): ..."; we carry it as fields instead.
function stripLocationPrefix(message: string): string {
  return message.replace(/^\(\d+:\d+\):\s*/, '');
}

/** Parses in-memory sources (uri → text) into a feature set, as `loadFeatures` does for files. */
export function createFeatureSet(
  sources: Readonly<Record<string, string>>,
  options: ParseFeatureOptions = {},
): FeatureSet {
  const newId = options.newId ?? IdGenerator.incrementing();
  const features: ParsedFeature[] = [];
  const parseErrors: ParseProblem[] = [];
  const unparsedSources: { uri: string; source: string }[] = [];
  for (const [uri, source] of Object.entries(sources)) {
    const parsed = parseFeatureSource(source, uri, { ...options, newId });
    if (parsed.ok) features.push(parsed.feature);
    else {
      parseErrors.push(...parsed.problems);
      unparsedSources.push({ uri, source });
    }
  }
  return { features, pickles: toExecutablePickles(features), parseErrors, unparsedSources };
}
