import type { PickleTable } from '@cucumber/messages';

/**
 * A Gherkin data table as handed to a step, with cucumber-js's accessors so existing step code ports as is.
 */
export class DataTable {
  readonly #cells: readonly (readonly string[])[];

  constructor(source: PickleTable | readonly (readonly string[])[]) {
    this.#cells = Array.isArray(source)
      ? (source as readonly (readonly string[])[])
      : (source as PickleTable).rows.map((row) => row.cells.map((cell) => cell.value));
  }

  /** Every row, header included, as arrays of cell strings. */
  raw(): string[][] {
    return this.#cells.map((row) => [...row]);
  }

  /** Every row except the first (the header). */
  rows(): string[][] {
    return this.#cells.slice(1).map((row) => [...row]);
  }

  /** One object per body row, keyed by the header cells. */
  hashes(): Record<string, string>[] {
    const [header, ...body] = this.#cells;
    if (header === undefined) return [];
    return body.map((row) => Object.fromEntries(header.map((name, index) => [name, row[index] ?? ''])));
  }

  /** A two-column table as one object: first column keys, second column values. */
  rowsHash(): Record<string, string> {
    const result: Record<string, string> = {};
    for (const row of this.#cells) {
      if (row.length !== 2) throw new Error(`rowsHash needs a table with exactly 2 columns, a row has ${row.length}`);
      result[row[0] as string] = row[1] as string;
    }
    return result;
  }

  /** The table with rows and columns swapped. */
  transpose(): DataTable {
    const width = this.#cells[0]?.length ?? 0;
    const columns: string[][] = [];
    for (let column = 0; column < width; column++) columns.push(this.#cells.map((row) => row[column] ?? ''));
    return new DataTable(columns);
  }
}
