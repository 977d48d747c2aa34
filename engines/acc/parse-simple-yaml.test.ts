import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { parseSimpleYaml } from './parse-simple-yaml.js';

/** What parse-rules gets from the general parser: the document's JS value, or ERROR when it has errors. */
function reference(text: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  return doc.errors.length > 0 ? 'ERROR' : doc.toJS();
}

describe('parseSimpleYaml', () => {
  it('reads block and flow rules files as the yaml package does', () => {
    const text = `# comment
version: 1
components:
  - name: UI
    paths: ["src/ui/**", 'src/views/**']   # trailing comment
    description: screens (and more), never data
  - { name: Data, paths: [src/data/**] }
rules:
- UI: CAN_CALL(Data)
- "Data: MUST_NOT_CALL(UI)"
- { id: x, type: COUPLING, component: UI, max: 12 }
suppressions:
  - { rule: x, from: "src/ui/**", justification: 'it''s temporary', expires: 2026-06-30 }
options:
  includeTypeOnly: false
  exclude:
  - "**/*.test.ts"
  empty:
`;
    const parsed = parseSimpleYaml(text);
    expect(parsed).toEqual(reference(text));
    expect(parsed).toMatchObject({ version: 1, options: { includeTypeOnly: false, exclude: ['**/*.test.ts'], empty: null } });
  });

  it('leaves everything outside its subset to the yaml package', () => {
    for (const text of [
      'a: 1.5', 'a: 0x1F', 'a: -1', 'a: .inf', 'a: ~x', 'a: "\\n"', 'a: &x 1', 'a: *x', 'a: !tag x', 'a: |\n  x',
      'a: >\n  x', 'a: [1,\n  2]', 'a: x\n  y', 'a: 1\na: 2', '---\na: 1', 'a:\tb', 'a: 1\r\n', '- a', '', '# only',
      'a: b: c', 'a: [a:b]', 'a: {x:1}', 'a: [x, ]', 'a: x#y', '"a": 1', '  a: 1',
    ]) {
      expect(parseSimpleYaml(text), text).toBeUndefined();
    }
  });

  it('agrees with the yaml package on every document it accepts', () => {
    const scalar = fc.constantFrom(
      'a', 'UI', 'src/**', '"src/**"', "'x'", "'it''s'", '"a #b"', '12', '012', 'true', 'False', 'null', '~',
      'x#y', 'a #c', 'a  b', 'a, b (c)', '2026-06-30', '[]', '{}', '[a, b]', '{ k: v }', 'é', '-x', '1e3', 'a:',
      'a: b', '*x', '[a, ]', '[a:b]', '{a:1}', "'unclosed", '"a\\nb"', '[A[]', '__proto__',
    );
    const key = fc.constantFrom('a', 'b', 'name', 'x-y', '__proto__', '"q"', 'a b');
    type Node = { kind: 'scalar'; text: string } | { kind: 'map' | 'seq'; items: [string, Node][] };
    const { node } = fc.letrec<{ node: Node }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        scalar.map((text): Node => ({ kind: 'scalar', text })),
        fc.array(fc.tuple(key, tie('node')), { minLength: 1, maxLength: 3 }).map((items): Node => ({ kind: 'map', items })),
        fc.array(fc.tuple(key, tie('node')), { minLength: 1, maxLength: 3 }).map((items): Node => ({ kind: 'seq', items })),
      ),
    }));
    const render = (n: Node, indent: number, sameIndentSeq: boolean): string[] => {
      const pad = ' '.repeat(indent);
      if (n.kind === 'scalar') return [pad + n.text];
      if (n.kind === 'map') {
        return n.items.flatMap(([k, v]) => (v.kind === 'scalar'
          ? [`${pad}${k}: ${v.text}`]
          : [`${pad}${k}:`, ...render(v, v.kind === 'seq' && sameIndentSeq ? indent : indent + 2, sameIndentSeq)]));
      }
      return n.items.flatMap(([, v]) => {
        const inner = render(v, indent + 2, sameIndentSeq);
        return [`${pad}- ${(inner[0] ?? '').trimStart()}`, ...inner.slice(1)];
      });
    };
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(key, node), { minLength: 1, maxLength: 4 }), fc.boolean(), fc.constantFrom('', ' # c'), (items, same, tail) => {
        const text = render({ kind: 'map', items }, 0, same).map((l, i) => (i % 2 === 1 ? l + tail : l)).join('\n');
        const simple = parseSimpleYaml(text);
        if (simple === undefined) return;
        accepted++;
        expect(simple).toEqual(reference(text));
      }),
      { numRuns: 4000, seed: 20_260_102 },
    );
    expect(accepted).toBeGreaterThan(100); // the property must exercise the accepting side, not only fallbacks
  });
});
