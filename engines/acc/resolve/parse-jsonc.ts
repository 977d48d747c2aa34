/**
 * Parses JSON with comments and trailing commas (the tsconfig dialect). Loading the TypeScript compiler just for
 * `parseConfigFileTextToJson` costs about a second and 60 MB, more than analysing a thousand files.
 * Throws SyntaxError on input that is not valid JSONC.
 */
export function parseJsonc(text: string): unknown {
  // Plain JSON (most tsconfig files of generated and many real projects) parses natively, without the loop below.
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // comments or trailing commas: strip them first
  }
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i] ?? '';
    if (c === '"') {
      let j = i + 1;
      while (j < n && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === ',') {
      // A comma followed only by whitespace/comments and a closing bracket is a trailing comma: drop it.
      let j = i + 1;
      for (;;) {
        while (j < n && /\s/.test(text[j] ?? '')) j++;
        if (text[j] === '/' && text[j + 1] === '/') {
          while (j < n && text[j] !== '\n') j++;
        } else if (text[j] === '/' && text[j + 1] === '*') {
          const end = text.indexOf('*/', j + 2);
          j = end < 0 ? n : end + 2;
        } else {
          break;
        }
      }
      if (text[j] !== '}' && text[j] !== ']') out += ',';
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return JSON.parse(out) as unknown;
}
