import { paymentFingerprint } from './paymentIdentifier.js'

/**
 * A settlement the facilitator broadcast but did not see confirmed (`settlement_pending`): the payment it
 * belongs to, the transaction, and the facilitator request that finishes it. While it is recorded, a
 * repeat of the same payment is settled again (the facilitator reports that transaction's outcome)
 * instead of being verified and charged as new.
 */
export type PendingSettlement = {
  /** {@link pendingKey} of the payment. */
  key: string
  transaction: string
  network: string
  payer?: string | undefined
  version: 1 | 2
  /** The `/settle` body that was answered pending (sent again, unchanged). */
  request: { x402Version: 1 | 2; paymentPayload: unknown; paymentRequirements: unknown }
  /** Unix milliseconds when it was recorded. */
  at: number
}

/**
 * Where a paywall keeps its pending settlements. The default lives in memory; a store that outlives the
 * process ({@link createFilePendingStore}, or a database behind the same three methods) lets a restarted
 * server finish a settlement instead of charging the payment again.
 */
export type PendingStore = {
  get(key: string): Promise<PendingSettlement | undefined>
  put(record: PendingSettlement): Promise<void>
  delete(key: string): Promise<void>
}

/** How long a record is kept (a day: far past any authorization window a route offers). */
export const pendingTtlMs = 24 * 60 * 60 * 1000
const maxRecords = 10_000

/**
 * The identity of a payment: the {@link paymentFingerprint} of its decoded payload and the requirement it was
 * matched to, so that the same payment with its members in another order finds its record.
 */
export function pendingKey(payment: unknown, requirement: unknown): string {
  return paymentFingerprint([payment, requirement])
}

/** Whether `record` is still worth finishing at `now` (unix ms). */
export function isFresh(record: PendingSettlement, now = Date.now()): boolean {
  return now - record.at < pendingTtlMs
}

/**
 * The in-memory {@link PendingStore} (at most 10,000 records; the oldest is dropped first). It does not
 * survive a restart: use {@link createFilePendingStore} for that.
 *
 * @example
 * const paywall = createPaywall({ routes, facilitatorUrl, pendingStore: createMemoryPendingStore() })
 */
export function createMemoryPendingStore(): PendingStore {
  const records = new Map<string, PendingSettlement>()
  return {
    get: async (key) => {
      const record = records.get(key)
      if (record !== undefined && !isFresh(record)) records.delete(key)
      return record !== undefined && isFresh(record) ? record : undefined
    },
    put: async (record) => {
      records.delete(record.key)
      records.set(record.key, record)
      if (records.size > maxRecords) records.delete(records.keys().next().value!)
    },
    delete: async (key) => {
      records.delete(key)
    },
  }
}
