import picomatch from 'picomatch';

/**
 * `picomatch(globs, { dot: true })` for root-relative POSIX paths, calling the compiled regular expressions
 * directly. picomatch's own matcher builds a result object and re-checks its options on every call; with one
 * call per file per component that was a visible share of a cold analysis. Same answers (see the tests): an
 * empty path never matches, a path equal to a glob always does, anything else is the glob's regular expression.
 */
export function matchGlobs(globs: string | readonly string[]): (path: string) => boolean {
  const list = typeof globs === 'string' ? [globs] : globs;
  const compiled = list.map((glob) => ({ glob, re: picomatch.makeRe(glob, { dot: true }) }));
  return (path) => {
    if (path === '') return false;
    for (let i = 0; i < compiled.length; i++) {
      const c = compiled[i];
      if (c !== undefined && (path === c.glob || c.re.test(path))) return true;
    }
    return false;
  };
}
