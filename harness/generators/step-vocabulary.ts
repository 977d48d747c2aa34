/**
 * The fixed step vocabulary the generated feature files use, as data: a Cucumber Expression per step plus a pure
 * reference implementation over a plain world object. The BDV engine's step module and a cucumber-js step module
 * for the benchmark are both built from this list, so they run identical logic.
 */
export interface VocabularyUser {
  name: string;
  role: string;
}

export interface VocabularyWorld {
  storeOpen: boolean;
  cart: number;
  balance: number;
  users: VocabularyUser[];
  document: string;
}

/**
 * Arguments in cucumber-js order: the expression's parameters (`{int}` as number, `{string}` without quotes), then
 * the data table as raw rows (header included) or the doc string's content, when the step has one.
 */
export type StepArgument = number | string | readonly (readonly string[])[];

export type StepKeyword = 'Given' | 'When' | 'Then';

export interface VocabularyStep {
  /** Stable identifier, e.g. `cart.add`. */
  readonly id: string;
  readonly keyword: StepKeyword;
  /** Cucumber Expression text. */
  readonly pattern: string;
  readonly attachment: 'none' | 'dataTable' | 'docString';
  /** Mutates the world; throws a StepAssertionError when an outcome step's expectation does not hold. */
  readonly run: (world: VocabularyWorld, args: readonly StepArgument[]) => void;
}

export class StepAssertionError extends Error {
  override readonly name = 'StepAssertionError';
  readonly code = 'LOADS_STEP_ASSERTION';
  constructor(
    message: string,
    readonly expected: unknown,
    readonly actual: unknown,
  ) {
    super(`${message}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

export function createVocabularyWorld(): VocabularyWorld {
  return { storeOpen: false, cart: 0, balance: 0, users: [], document: '' };
}

function expectEqual(what: string, expected: unknown, actual: unknown): void {
  if (expected !== actual) throw new StepAssertionError(what, expected, actual);
}

const int = (args: readonly StepArgument[], i: number): number => {
  const value = args[i];
  if (typeof value !== 'number') throw new TypeError(`argument ${i} must be a number, got ${typeof value}`);
  return value;
};
const str = (args: readonly StepArgument[], i: number): string => {
  const value = args[i];
  if (typeof value !== 'string') throw new TypeError(`argument ${i} must be a string, got ${typeof value}`);
  return value;
};
const table = (args: readonly StepArgument[], i: number): readonly (readonly string[])[] => {
  const value = args[i];
  if (!Array.isArray(value)) throw new TypeError(`argument ${i} must be a data table`);
  return value as readonly (readonly string[])[];
};

export const STEP_VOCABULARY: readonly VocabularyStep[] = [
  {
    id: 'store.open',
    keyword: 'Given',
    pattern: 'the store is open',
    attachment: 'none',
    run: (w) => void (w.storeOpen = true),
  },
  {
    id: 'store.isOpen',
    keyword: 'Then',
    pattern: 'the store is still open',
    attachment: 'none',
    run: (w) => expectEqual('store open', true, w.storeOpen),
  },
  {
    id: 'cart.given',
    keyword: 'Given',
    pattern: 'a cart with {int} items',
    attachment: 'none',
    run: (w, a) => void (w.cart = int(a, 0)),
  },
  {
    id: 'cart.add',
    keyword: 'When',
    pattern: 'I add {int} items to the cart',
    attachment: 'none',
    run: (w, a) => void (w.cart += int(a, 0)),
  },
  {
    id: 'cart.remove',
    keyword: 'When',
    pattern: 'I remove {int} items from the cart',
    attachment: 'none',
    run: (w, a) => void (w.cart -= int(a, 0)),
  },
  {
    id: 'cart.has',
    keyword: 'Then',
    pattern: 'the cart has {int} items',
    attachment: 'none',
    run: (w, a) => expectEqual('cart items', int(a, 0), w.cart),
  },
  {
    id: 'account.given',
    keyword: 'Given',
    pattern: 'an account with a balance of {int}',
    attachment: 'none',
    run: (w, a) => void (w.balance = int(a, 0)),
  },
  {
    id: 'account.deposit',
    keyword: 'When',
    pattern: 'I deposit {int}',
    attachment: 'none',
    run: (w, a) => void (w.balance += int(a, 0)),
  },
  {
    id: 'account.withdraw',
    keyword: 'When',
    pattern: 'I withdraw {int}',
    attachment: 'none',
    run: (w, a) => void (w.balance -= int(a, 0)),
  },
  {
    id: 'account.balance',
    keyword: 'Then',
    pattern: 'the balance is {int}',
    attachment: 'none',
    run: (w, a) => expectEqual('balance', int(a, 0), w.balance),
  },
  {
    id: 'users.given',
    keyword: 'Given',
    pattern: 'the following users:',
    attachment: 'dataTable',
    run: (w, a) => {
      const [header, ...rows] = table(a, 0);
      const nameAt = header?.indexOf('name') ?? -1;
      const roleAt = header?.indexOf('role') ?? -1;
      if (nameAt < 0 || roleAt < 0) throw new TypeError('the users table needs "name" and "role" columns');
      w.users = rows.map((row) => ({ name: row[nameAt] ?? '', role: row[roleAt] ?? '' }));
    },
  },
  {
    id: 'users.add',
    keyword: 'When',
    pattern: 'I add the user {string} with the role {string}',
    attachment: 'none',
    run: (w, a) => void w.users.push({ name: str(a, 0), role: str(a, 1) }),
  },
  {
    id: 'users.count',
    keyword: 'Then',
    pattern: 'there are {int} users',
    attachment: 'none',
    run: (w, a) => expectEqual('user count', int(a, 0), w.users.length),
  },
  {
    id: 'users.role',
    keyword: 'Then',
    pattern: 'the user {string} has the role {string}',
    attachment: 'none',
    run: (w, a) => expectEqual(`role of ${str(a, 0)}`, str(a, 1), w.users.find((u) => u.name === str(a, 0))?.role),
  },
  {
    id: 'document.submit',
    keyword: 'When',
    pattern: 'I submit the document:',
    attachment: 'docString',
    run: (w, a) => void (w.document = str(a, 0)),
  },
  {
    id: 'document.lines',
    keyword: 'Then',
    pattern: 'the document has {int} lines',
    attachment: 'none',
    run: (w, a) => expectEqual('document lines', int(a, 0), w.document === '' ? 0 : w.document.split('\n').length),
  },
  {
    id: 'document.mentions',
    keyword: 'Then',
    pattern: 'the document mentions {string}',
    attachment: 'none',
    run: (w, a) => expectEqual(`document mentions ${str(a, 0)}`, true, w.document.includes(str(a, 0))),
  },
];

const BY_ID = new Map(STEP_VOCABULARY.map((step) => [step.id, step]));

/** The vocabulary entry with this id; throws on an unknown id (a programming error). */
export function vocabularyStep(id: string): VocabularyStep {
  const step = BY_ID.get(id);
  if (!step) throw new RangeError(`unknown vocabulary step ${id}`);
  return step;
}
