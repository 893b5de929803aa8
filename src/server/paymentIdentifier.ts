import { sha256, stringToBytes } from 'viem'

import { paymentIdentifierKey } from '../types/extensions.js'

export { paymentIdentifierKey }

/** An id: 16 to 128 letters, digits, `-` or `_`. */
export const paymentIdPattern = /^[A-Za-z0-9_-]{16,128}$/

/** The JSON Schema of the extension's `info`, as announced in a challenge. */
export const paymentIdentifierSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: {
    required: { type: 'boolean' },
    id: { type: 'string', minLength: 16, maxLength: 128, pattern: '^[a-zA-Z0-9_-]+$' },
  },
  required: ['required'],
} as const

/** The declaration a challenge carries under `extensions["payment-identifier"]`. */
export function declarePaymentIdentifier(required: boolean) {
  return { info: { required }, schema: paymentIdentifierSchema }
}

/** The answer given to a settled payment, kept to answer its retries. */
export type RememberedAnswer = { status: number; headers: [string, string][]; body: Uint8Array }

/** One id: the fingerprint of the payment that claimed it and, once it settled and was served, the answer. */
export type PaymentIdEntry = { fingerprint: string; answer?: RememberedAnswer }

/**
 * Where payment identifiers are remembered. The in-memory store serves one process; a server with several
 * instances gives one backed by a shared database (`lock` must be atomic there too).
 */
export interface PaymentIdStore {
  get(id: string): Promise<PaymentIdEntry | undefined>
  /** Claims `id` for a payment in progress; false when the id already has an entry. */
  lock(id: string, fingerprint: string): Promise<boolean>
  /** Records the answer of the payment that holds `id`. */
  put(id: string, entry: Required<PaymentIdEntry>): Promise<void>
  /** Forgets `id` (its payment was not charged: the client may use it again). */
  release(id: string): Promise<void>
}

/** Options of {@link createMemoryPaymentIdStore}. */
export type MemoryStoreOptions = { maxEntries?: number; ttlMs?: number; now?: () => number }

/**
 * A payment-identifier store in memory: at most `maxEntries` ids (default 10,000; the oldest go first),
 * each kept `ttlMs` (default one hour).
 *
 * @example
 * const paywall = createPaywall({ routes, facilitatorUrl, paymentIdStore: createMemoryPaymentIdStore({ ttlMs: 600_000 }) })
 */
export function createMemoryPaymentIdStore(options: MemoryStoreOptions = {}): PaymentIdStore {
  const maxEntries = options.maxEntries ?? 10_000
  const ttlMs = options.ttlMs ?? 3_600_000
  const now = options.now ?? Date.now
  const entries = new Map<string, PaymentIdEntry & { at: number }>()
  const live = (id: string) => {
    const entry = entries.get(id)
    if (entry !== undefined && now() - entry.at > ttlMs) entries.delete(id)
    return entries.get(id)
  }
  return {
    get: async (id) => {
      const entry = live(id)
      return entry === undefined
        ? undefined
        : { fingerprint: entry.fingerprint, ...(entry.answer ? { answer: entry.answer } : {}) }
    },
    lock: async (id, fingerprint) => {
      if (live(id) !== undefined) return false
      entries.set(id, { fingerprint, at: now() })
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string)
      return true
    },
    put: async (id, entry) => void entries.set(id, { ...entry, at: now() }),
    release: async (id) => void entries.delete(id),
  }
}

/** What a payment says about its identifier. */
export type PaymentIdClaim = { kind: 'none' } | { kind: 'malformed'; problem: string } | { kind: 'id'; id: string }

/** Reads `extensions["payment-identifier"].info.id` of a v2 payment payload. */
export function readPaymentId(payment: { extensions?: unknown }): PaymentIdClaim {
  const extensions = payment.extensions
  if (typeof extensions !== 'object' || extensions === null) return { kind: 'none' }
  const extension: unknown = (extensions as Record<string, unknown>)[paymentIdentifierKey]
  if (extension === undefined || extension === null) return { kind: 'none' }
  const info: unknown = typeof extension === 'object' ? (extension as { info?: unknown }).info : undefined
  if (typeof info !== 'object' || info === null) return { kind: 'malformed', problem: 'the extension has no info object' }
  const id: unknown = (info as { id?: unknown }).id
  if (id === undefined) return { kind: 'none' }
  if (typeof id !== 'string' || !paymentIdPattern.test(id))
    return { kind: 'malformed', problem: 'the id must be 16 to 128 characters, each a letter, a digit, - or _' }
  return { kind: 'id', id }
}

/** A fingerprint of a whole payment payload (members in any order): identical payments share it, any other differs. */
export function paymentFingerprint(payment: unknown): string {
  const sorted = JSON.stringify(payment, (_key, value: unknown) =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  )
  return sha256(stringToBytes(sorted))
}
