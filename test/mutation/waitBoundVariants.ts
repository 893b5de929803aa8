// A fault-injected variant of the reference server for the bound of the settle wait
// (server.hostile-waits.settle-hang-bounded): it holds the request past the bound, then answers without 402,
// so only the case's bound check can catch it.
import type { Variant } from './variants.js'

/** The server waits 38 s (past the 30 s bound and its 5 s grace) for a settle that does not come back. */
const settleWaitsTooLong: typeof fetch = async (input, init) => {
  const url = input instanceof Request ? input.url : String(input)
  if (!url.endsWith('/settle')) return fetch(input, init)
  // the settle still reaches the harness facilitator (which charges the payer, then never answers)
  const sent = fetch(input, { ...init, signal: null }).catch(() => new Response('{}', { status: 502 }))
  const late = new Promise<Response>((resolve) => {
    setTimeout(() => resolve(new Response('{"error":"facilitator timeout"}', { status: 504 })), 38_000)
  })
  return Promise.race([sent, late])
}

export const waitBoundVariants: readonly Variant[] = [
  {
    name: 'settle-wait-past-bound',
    mistake: 'the server holds a request whose settle does not come back for 38 s, past the 30 s bound',
    grep: /^server\.hostile-waits\./,
    variant: { paywallFetch: settleWaitsTooLong },
  },
]
