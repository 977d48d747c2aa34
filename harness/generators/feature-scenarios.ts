import type { ExamplesNode, GherkinStep, StepType } from './feature-model.js';
import type { SeededRandom } from './seeded-random.js';
import { vocabularyStep } from './step-vocabulary.js';
import type { StepArgument, VocabularyWorld } from './step-vocabulary.js';

export type FeatureDomain = 'cart' | 'account' | 'users' | 'document';
export const FEATURE_DOMAINS: readonly FeatureDomain[] = ['cart', 'account', 'users', 'document'];

const NAMES = [
  'alice',
  'bob',
  'carol',
  'dave',
  'erin',
  'frank',
  'grace',
  'heidi',
  'ivan',
  'judy',
  'mallory',
  'niaj',
  'olivia',
  'peggy',
  'rupert',
  'sybil',
  'trent',
  'victor',
  'walter',
  'yara',
];
const ROLES = ['admin', 'editor', 'viewer', 'auditor', 'owner'];
const WORDS = [
  'invoice',
  'shipment',
  'refund',
  'catalogue',
  'discount',
  'warehouse',
  'customer',
  'ledger',
  'audit',
  'forecast',
];
const TYPE_OF = { Given: 'context', When: 'action', Then: 'outcome' } as const satisfies Record<string, StepType>;

/**
 * Writes steps and keeps the world in step with them by running the reference implementation, so every expected
 * value in an outcome step is what a correct implementation computes. An outcome marked failing is written with a
 * wrong value and not run.
 */
export class StepWriter {
  readonly steps: GherkinStep[] = [];
  constructor(readonly world: VocabularyWorld) {}

  write(
    id: string,
    params: readonly (number | string)[],
    attachment?: Pick<GherkinStep, 'table' | 'docString'>,
    failing = false,
  ): void {
    const step = vocabularyStep(id);
    const args: StepArgument[] = [...params];
    if (attachment?.table) args.push(attachment.table);
    if (attachment?.docString) args.push(attachment.docString.content);
    // Outcome steps are run too: a generator bug then fails here instead of in someone's engine test.
    if (!failing) step.run(this.world, args);
    this.steps.push({ type: TYPE_OF[step.keyword], text: stepText(step.pattern, params), ...attachment });
  }
}

export function stepText(pattern: string, params: readonly (number | string)[]): string {
  let i = 0;
  return pattern.replace(/\{(int|string)\}/g, (_, type: string) => {
    const value = params[i++];
    return type === 'string' ? `"${String(value)}"` : String(value);
  });
}

export function writeBackground(domain: FeatureDomain, writer: StepWriter, random: SeededRandom): void {
  switch (domain) {
    case 'cart':
      writer.write('store.open', []);
      writer.write('cart.given', [random.int(0, 20)]);
      return;
    case 'account':
      writer.write('account.given', [random.int(0, 500)]);
      return;
    case 'users':
      writer.write('users.given', [], { table: usersTable(random, random.int(2, 4)) });
      return;
    case 'document':
      writer.write('store.open', []);
      return;
  }
}

export function writeScenarioSteps(
  domain: FeatureDomain,
  writer: StepWriter,
  random: SeededRandom,
  failing: boolean,
): void {
  const w = writer.world;
  const checkStore = (): void => {
    if (w.storeOpen && random.chance(0.3)) writer.write('store.isOpen', []);
  };
  switch (domain) {
    case 'cart': {
      if (random.chance(0.4)) writer.write('cart.given', [random.int(0, 20)]);
      for (let k = random.int(1, 3); k > 0; k--) {
        if (w.cart === 0 || random.chance(0.6)) writer.write('cart.add', [random.int(1, 10)]);
        else writer.write('cart.remove', [random.int(1, w.cart)]);
      }
      checkStore();
      writer.write('cart.has', [w.cart + (failing ? random.int(1, 3) : 0)], undefined, failing);
      return;
    }
    case 'account': {
      if (random.chance(0.4)) writer.write('account.given', [random.int(0, 500)]);
      for (let k = random.int(1, 3); k > 0; k--) {
        if (w.balance === 0 || random.chance(0.5)) writer.write('account.deposit', [random.int(1, 200)]);
        else writer.write('account.withdraw', [random.int(1, w.balance)]);
      }
      writer.write('account.balance', [w.balance + (failing ? random.int(1, 50) : 0)], undefined, failing);
      return;
    }
    case 'users': {
      if (w.users.length === 0 || random.chance(0.4))
        writer.write('users.given', [], { table: usersTable(random, random.int(2, 5)) });
      for (let k = random.int(0, 2); k > 0; k--) {
        writer.write('users.add', [
          freshName(
            w.users.map((u) => u.name),
            random,
          ),
          random.pick(ROLES),
        ]);
      }
      const someone = random.pick(w.users);
      writer.write('users.count', [w.users.length]);
      writer.write('users.role', [someone.name, failing ? 'nobody' : someone.role], undefined, failing);
      return;
    }
    case 'document': {
      const lines = Array.from({ length: random.int(2, 8) }, () => sentence(random));
      // Lines that look like Gherkin comments or tables are content inside a doc string; a parser must keep them.
      if (random.chance(0.3)) lines.splice(1, 0, '# not a comment inside a doc string');
      if (random.chance(0.3)) lines.push('| not | a | table |');
      const delimiter = random.chance(0.25) ? '```' : '"""';
      const docString = random.chance(0.3)
        ? ({ content: lines.join('\n'), delimiter, mediaType: 'markdown' } as const)
        : ({ content: lines.join('\n'), delimiter } as const);
      writer.write('document.submit', [], { docString });
      const mentioned = random.pick(WORDS.filter((word) => w.document.includes(word)));
      checkStore();
      writer.write('document.lines', [lines.length]);
      writer.write('document.mentions', [failing ? 'absent-topic' : mentioned], undefined, failing);
      return;
    }
  }
}

export interface OutlineSpec {
  readonly steps: GherkinStep[];
  readonly header: string[];
  readonly rows: string[][];
}

/**
 * An outline's template steps and one example row per entry of `failingRows` (true = that row's expectation is
 * wrong). `document` has no outline form and returns undefined.
 */
export function writeOutline(
  domain: FeatureDomain,
  serial: string,
  failingRows: readonly boolean[],
  random: SeededRandom,
): OutlineSpec | undefined {
  const c = (text: string): GherkinStep => ({ type: 'context', text });
  const a = (text: string): GherkinStep => ({ type: 'action', text });
  const o = (text: string): GherkinStep => ({ type: 'outcome', text });
  const caseOf = (i: number): string => `${serial}.${i + 1}`;
  switch (domain) {
    case 'cart':
      return {
        steps: [
          c('a cart with <start> items'),
          a('I add <added> items to the cart'),
          a('I remove <removed> items from the cart'),
          o('the cart has <total> items'),
        ],
        header: ['case', 'start', 'added', 'removed', 'total'],
        rows: failingRows.map((fails, i) => {
          const start = random.int(0, 20);
          const added = random.int(1, 10);
          const removed = random.int(0, start + added);
          return [caseOf(i), start, added, removed, start + added - removed + (fails ? 1 : 0)].map(String);
        }),
      };
    case 'account':
      return {
        steps: [
          c('an account with a balance of <opening>'),
          a('I deposit <deposit>'),
          a('I withdraw <withdrawal>'),
          o('the balance is <closing>'),
        ],
        header: ['case', 'opening', 'deposit', 'withdrawal', 'closing'],
        rows: failingRows.map((fails, i) => {
          const opening = random.int(0, 500);
          const deposit = random.int(1, 200);
          const withdrawal = random.int(0, opening + deposit);
          return [caseOf(i), opening, deposit, withdrawal, opening + deposit - withdrawal + (fails ? 7 : 0)].map(
            String,
          );
        }),
      };
    case 'users': {
      const table = usersTable(random, random.int(2, 4));
      const taken = table.slice(1).map((row) => row[0] ?? '');
      return {
        steps: [
          { type: 'context', text: 'the following users:', table },
          a('I add the user "<name>" with the role "<role>"'),
          o('the user "<name>" has the role "<role>"'),
          o('there are <count> users'),
        ],
        header: ['case', 'name', 'role', 'count'],
        rows: failingRows.map((fails, i) => [
          caseOf(i),
          freshName(taken, random),
          random.pick(ROLES),
          String(table.length + (fails ? 1 : 0)),
        ]),
      };
    }
    case 'document':
      return undefined;
  }
}

/** Splits rows into one or two Examples blocks, with tags, as real suites do (e.g. smoke rows apart). */
export function splitExamples(spec: OutlineSpec, random: SeededRandom): ExamplesNode[] {
  if (spec.rows.length < 2 || !random.chance(0.3)) {
    return [{ tags: random.chance(0.3) ? ['@examples-all'] : [], name: '', header: spec.header, rows: spec.rows }];
  }
  const cut = random.int(1, spec.rows.length - 1);
  return [
    { tags: ['@examples-smoke'], name: 'smoke', header: spec.header, rows: spec.rows.slice(0, cut) },
    { tags: ['@examples-extended'], name: 'extended', header: spec.header, rows: spec.rows.slice(cut) },
  ];
}

function usersTable(random: SeededRandom, count: number): string[][] {
  const names = random.shuffle(NAMES).slice(0, count);
  return [['name', 'role'], ...names.map((name) => [name, random.pick(ROLES)])];
}

function freshName(taken: readonly string[], random: SeededRandom): string {
  const free = NAMES.filter((name) => !taken.includes(name));
  return free.length > 0 ? random.pick(free) : `user-${taken.length + 1}`;
}

function sentence(random: SeededRandom): string {
  const words = random.shuffle(WORDS).slice(0, random.int(3, 6));
  return `${words.join(' ')} noted on day ${random.int(1, 28)}.`;
}
