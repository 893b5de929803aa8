import { readFile, rename, writeFile } from 'node:fs/promises'
import { isFresh } from './pendingStore.js'
import type { PendingSettlement, PendingStore } from './pendingStore.js'

/**
 * A {@link PendingStore} kept in one JSON file, so a restarted server still finishes the settlements it left
 * pending. Each change rewrites the file through a temporary file and a rename (a crash leaves the old or
 * the new file, never half of one); changes are applied one at a time. A missing file is an empty store;
 * a file that is not a store is an error (nothing is overwritten).
 *
 * @example
 * const paywall = createPaywall({ routes, facilitatorUrl, pendingStore: createFilePendingStore('./pending.json') })
 */
export function createFilePendingStore(path: string): PendingStore {
  let queue: Promise<unknown> = Promise.resolve()
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work)
    queue = next.catch(() => undefined)
    return next
  }
  const load = async (): Promise<Record<string, PendingSettlement>> => {
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
      throw error
    }
    const parsed: unknown = JSON.parse(text)
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error(`${path} is not a pending-settlement store (expected a JSON object)`)
    return parsed as Record<string, PendingSettlement>
  }
  const save = async (records: Record<string, PendingSettlement>) => {
    const temporary = `${path}.${process.pid}.tmp`
    await writeFile(temporary, `${JSON.stringify(records)}\n`, { mode: 0o600 })
    await rename(temporary, path)
  }
  const change = (edit: (records: Record<string, PendingSettlement>) => void) =>
    serial(async () => {
      const records = await load()
      edit(records)
      for (const [key, record] of Object.entries(records)) if (!isFresh(record)) delete records[key]
      await save(records)
    })
  return {
    get: (key) =>
      serial(async () => {
        const record = (await load())[key]
        return record !== undefined && isFresh(record) ? record : undefined
      }),
    put: (record) =>
      change((records) => {
        records[record.key] = record
      }),
    delete: (key) =>
      change((records) => {
        delete records[key]
      }),
  }
}
