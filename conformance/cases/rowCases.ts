import { defineCase } from '../case.js'
import type { Case, CaseDefinition, Harm } from '../case.js'
import type { TestContext } from '../context/types.js'

/** What a row of a case table names for its own case. */
export type CaseRow = {
  readonly id: string
  readonly title: string
  /** Overrides the table's clause. */
  readonly clause?: string
  /** Overrides the table's harm. */
  readonly harm?: Harm
}

/** What every case of a table shares; a row may name its own clause and harm instead. */
export type TableFields = Omit<CaseDefinition, 'id' | 'title' | 'clause' | 'run'> & { readonly clause?: string }

/**
 * One case per row of a table: the row's id, title (and clause and harm, where it names them) over the
 * fields all rows share; each case runs `run` with its row. A row without a clause in a table without
 * one is refused by {@link defineCase}.
 *
 * @example
 * export const cases = rowCases({ clause: 'http.server.fail-closed', level: 'MUST', harm: 'access', role: 'server',
 *   versions: [1, 2] }, rows, async (t, row) => { t.hostile(row.mode); … })
 */
export function rowCases<R extends CaseRow>(
  table: TableFields,
  rows: readonly R[],
  run: (t: TestContext, row: R) => Promise<void>,
): Case[] {
  return rows.map((row) =>
    defineCase({
      ...table,
      id: row.id,
      title: row.title,
      clause: row.clause ?? table.clause ?? '',
      ...(row.harm === undefined ? {} : { harm: row.harm }),
      run: (t) => run(t, row),
    }),
  )
}
