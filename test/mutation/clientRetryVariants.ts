import { fileURLToPath } from 'node:url'
import type { ClientVariant } from './clientVariants.js'

/** A faulty retry client (test/mutation/faultyRetryClient.ts <fault>) and the case expected to catch it; `strict`: a SHOULD case. */
export type ClientRetryVariant = ClientVariant & { readonly strict: boolean }

export const clientRetryVariants: readonly ClientRetryVariant[] = [
  {
    fault: 'signs-again-on-pending',
    mistake: 'signs a new payment for the same request after a 503 settlement_pending',
    grep: /^client\.pending\.charged-once$/,
    strict: false,
  },
  {
    // Hygiene: the same authorization cannot be charged twice, so only the SHOULD case (under --strict) sees it.
    fault: 'fresh-id-on-resend',
    mistake: 'sends the same payment again under a new payment-identifier id',
    grep: /^client\.extensions\.payment-id-reused$/,
    strict: true,
  },
  {
    fault: 'short-id',
    mistake: 'sends a payment-identifier id of 12 characters where the server requires 16 to 128',
    grep: /^client\.extensions\.payment-id-required$/,
    strict: false,
  },
]

export const faultyRetryClient = fileURLToPath(new URL('./faultyRetryClient.ts', import.meta.url))
