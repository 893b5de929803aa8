// Fault-injected variants of the payment-identifier extension of the reference server (spec/11-extensions.md):
// each replaces the guard around the paywall with a plausible mistake that only an extension case catches. Each
// variant's grep names the cases that catch it (and the controls), not the whole family: the check runs faster.
import type { Middleware } from '../../src/server/createPaywall.js'
import { guardPaymentIds } from '../../src/server/paymentIdGuard.js'
import type { PaymentIdGuardOptions } from '../../src/server/paymentIdGuard.js'
import { readPaymentId } from '../../src/server/paymentIdentifier.js'
import type { PaymentIdStore } from '../../src/server/paymentIdentifier.js'
import type { Variant } from './variants.js'

type Guard = (inner: Middleware, options: PaymentIdGuardOptions) => Middleware

const guarding = (guard: Guard): Variant['variant'] => ({ paywallSteps: { guardPaymentIds: guard } })

/** A store that never remembers anything (every id is new). */
const forgetful: PaymentIdStore = {
  get: async () => undefined,
  lock: async () => true,
  put: async () => undefined,
  release: async () => undefined,
}

/** Runs the paywall first (verify, handler, settle), and only then looks at the id. */
const checkedAfter: Guard = (inner, options) => async (request, next) => {
  const response = await inner(request, next)
  const header = request.headers.get('payment-signature')
  if (header === null) return response
  const claim = readPaymentId(options.decodePayment(header))
  if (claim.kind === 'malformed' || claim.kind === 'none') {
    const required = options.routeOf(request)?.extensions?.paymentIdentifier?.required === true
    if (claim.kind === 'malformed' || required) return Response.json({ error: 'bad payment identifier' }, { status: 400 })
  }
  return response
}

export const extensionVariants: readonly Variant[] = [
  {
    name: 'id-cache-ignores-payload',
    mistake: 'the server answers any payment under a remembered id from memory, whatever the payment (no fingerprint)',
    grep: /^server\.(idempotency\.conflict-no-content|control)/,
    variant: guarding((inner, options) => guardPaymentIds(inner, { ...options, fingerprint: () => 'any' })),
  },
  {
    name: 'id-forgotten',
    mistake: 'the server announces payment-identifier but remembers nothing: a retry is verified again and refused',
    grep: /^server\.(idempotency\.(same-payload-cached|conflict-no-charge)|control)/,
    variant: guarding((inner, options) => guardPaymentIds(inner, { ...options, store: forgetful })),
  },
  {
    name: 'id-checked-after-settle',
    mistake: 'the server checks the payment identifier after the payment settled, and answers 400 to a charged payer',
    grep: /^server\.(idempotency\.(same-payload-cached|refusal-uncharged)|control)/,
    variant: guarding(checkedAfter),
  },
]
