import { balanceOf } from '../../../src/chain/ledger.js'
import { permit2ProxyOf } from '../../../src/evm/permit2/index.js'
import type { Permit2Kind } from '../../../src/evm/permit2/index.js'
import { clientCases } from '../../client/defineClientCase.js'
import type { ClientContext, Observation } from '../../client/context.js'
import { evidenceOf } from '../../client/expect.js'
import { permit2Exchange, permit2Honest, permit2Payments, verifyOffline, wrongDomainOf } from '../../client/permit2.js'
import type { Permit2Exchange, SeenPermit2 } from '../../client/permit2.js'
import { CaseFailure, CaseSkip } from '../../context/failure.js'

// The harness offers the asset the client is configured to pay with (X402_ASSET) through Permit2: `exact` with
// `extra.assetTransferMethod: "permit2"`, or `upto` announcing the harness settler as facilitator; before the challenge
// the payer approves Permit2 (its one-time setup). Whatever the client signs is settled through the scheme's proxy, as
// any holder of the permit could. Permit2 is optional for a client: one that does not pay such an offer is skipped.

type Seen = { readonly exchange: Permit2Exchange; readonly obs: Observation; readonly permit: SeenPermit2 }
type Extra = Record<string, unknown>
type Check = (c: ClientContext, seen: Seen) => string | undefined | Promise<string | undefined>

const same = (x: unknown, y: unknown) => String(x).toLowerCase() === String(y).toLowerCase()

/** Runs the client once against an honest server of one Permit2 offer and judges its payment with `check`. */
const judged =
  (kind: Permit2Kind, check: Check, unreadable: 'fail' | 'skip' = 'skip') =>
  async (c: ClientContext) => {
    const exchange = permit2Exchange(c, kind)
    const failures: string[] = []
    const obs = await c.observe(permit2Honest(c, exchange, failures))
    const permit = permit2Payments(c, obs, unreadable)[0]!
    const problem = await check(c, { exchange, obs, permit })
    if (problem !== undefined)
      throw new CaseFailure(problem, evidenceOf(c, obs, { permit2Payload: permit.wire, settlementFailures: failures }))
  }

/** The permit names what `pick` reads from the offer (or the harness): `what` differs otherwise. */
const names =
  (what: string, pick: (s: Seen) => [signed: unknown, wanted: unknown], harm: string): Check =>
  (_c, s) => {
    const [signed, wanted] = pick(s)
    return same(signed, wanted) ? undefined : `the permit's ${what} is ${signed}, not ${wanted}: ${harm}`
  }

const spender = names(
  'spender',
  (s) => [s.permit.authorization.spender, permit2ProxyOf(s.exchange.kind)],
  'whoever controls that address can move the permitted tokens to any recipient',
)

const amount: Check = (_c, { exchange, permit }) => {
  const { token, amount: signed } = permit.authorization.permitted
  const offered = BigInt(String(exchange.offer['amount']))
  if (!same(token, exchange.offer['asset']))
    return `the permit is for token ${token}, the offer's asset is ${exchange.offer['asset']}`
  if (signed === offered) return undefined
  return signed > offered
    ? `the permit authorizes ${signed}, the offer asks ${offered}: the payer can be charged more than offered`
    : `the permit authorizes ${signed}, the offer asks ${offered}: the payee cannot be paid the price`
}

/** The payment settles through the proxy and moves exactly the settled amount, once; faults of other clauses skip. */
const settles: Check = async (c, { exchange, obs, permit }) => {
  const offline = await verifyOffline(c, exchange, permit)
  if (!offline.isValid && offline.invalidReason !== 'invalid_permit2_signature')
    throw new CaseSkip(`the permit fails ${offline.invalidReason} (${offline.invalidMessage}); judged by its own case`)
  if (!offline.isValid) {
    const domain = await wrongDomainOf(c, exchange.kind, permit)
    if (domain !== undefined) throw new CaseSkip(`the permit is signed with ${domain}; judged by the domain case`)
    return `the signature does not recover to from under the ${exchange.kind} typed data (${offline.invalidMessage}): Permit2 refuses it`
  }
  const payTo = await balanceOf(c.harness.chain.publicClient, c.harness.chain.asset.address, exchange.offer['payTo'] as never)
  if (obs.payerDelta !== -exchange.settles || payTo !== exchange.settles)
    return `settling ${exchange.settles} through the ${exchange.kind} proxy moved ${-obs.payerDelta} from the payer and ${payTo} to payTo`
  return undefined
}

/** The signature recovers to `from` in the domain "Permit2" of the offer's chain and the canonical Permit2. */
const domain: Check = async (c, { exchange, permit }) => {
  const offline = await verifyOffline(c, exchange, permit)
  if (offline.isValid || offline.invalidReason !== 'invalid_permit2_signature') return undefined
  const wrong = await wrongDomainOf(c, exchange.kind, permit)
  if (wrong === undefined)
    throw new CaseSkip('the signature recovers under no domain tried: the typed data differs elsewhere (the settles case)')
  return `the permit is signed with ${wrong} in its EIP-712 domain: no Permit2 on chain ${c.harness.chain.chainId} accepts it`
}

const payload: Check = (c, { permit }) =>
  same(permit.authorization.from, c.payer)
    ? undefined
    : `permit2Authorization.from is ${permit.authorization.from}, not the payer ${c.payer} that signs: no verifier can settle it`

const mustFunds = { level: 'MUST', harm: 'funds', versions: [2] } as const

export const cases = [
  ...clientCases('permit2', { level: 'MUST', harm: 'interop', versions: [2] }, [
    [
      'exact-settles',
      'permit2.typed-data.primary-type',
      'a Permit2 exact payment settles through the exact proxy: the payer loses exactly the price and payTo gains it',
      judged('exact', settles),
    ],
    [
      'upto-settles',
      'permit2.typed-data.primary-type',
      'an upto payment settles through the upto proxy for half its maximum: exactly that amount moves, once',
      judged('upto', settles),
    ],
    [
      'exact-domain',
      'permit2.typed-data.domain',
      'the permit is signed in the domain "Permit2" of the offer\'s chain with the canonical Permit2 as verifying contract',
      judged('exact', domain),
    ],
    [
      'exact-payload',
      'permit2.typed-data.payload',
      'the payment payload is { signature, permit2Authorization } with decimal uint256 strings and the payer as from',
      judged('exact', payload, 'fail'),
    ],
  ]),
  ...clientCases('permit2', mustFunds, [
    [
      'exact-spender',
      'permit2.client.spender',
      'the exact permit names the exact Permit2 proxy as spender',
      judged('exact', spender),
    ],
    [
      'upto-spender',
      'permit2.client.spender',
      'the upto permit names the upto Permit2 proxy as spender',
      judged('upto', spender),
    ],
    [
      'exact-witness-recipient',
      'permit2.client.witness-recipient',
      "the permit's witness names the offer's payTo as recipient",
      judged(
        'exact',
        names('witness.to', (s) => [s.permit.authorization.witness.to, s.exchange.offer['payTo']], 'the proxy pays that address'),
      ),
    ],
    [
      'exact-amount',
      'permit2.client.amount',
      "the exact permit is for the offer's asset and exactly its amount",
      judged('exact', amount),
    ],
    [
      'upto-maximum',
      'permit2.client.amount',
      "the upto permit is for the offer's asset and a maximum equal to the offer's amount",
      judged('upto', amount),
    ],
    [
      'upto-facilitator',
      'permit2.client.upto-facilitator',
      "the upto witness names the facilitator of the offer's extra.facilitatorAddress",
      judged(
        'upto',
        names(
          'witness.facilitator',
          (s) => [s.permit.authorization.witness.facilitator, (s.exchange.offer['extra'] as Extra)['facilitatorAddress']],
          'only that address can settle it, so the payee is never paid',
        ),
      ),
    ],
    [
      'nonce-fresh',
      'permit2.client.nonce',
      'two Permit2 payments of the same payer carry different nonces, and both settle',
      async (c) => {
        const exchange = permit2Exchange(c, 'exact')
        const obs = await c.observe(permit2Honest(c, exchange), { invocations: 2 })
        const nonces = permit2Payments(c, obs).map((p) => p.authorization.nonce)
        const evidence = () => evidenceOf(c, obs, { nonces: nonces.map(String) })
        if (nonces.length < 2) throw new CaseSkip(`the client paid ${nonces.length} of two identical requests`)
        if (new Set(nonces).size !== nonces.length)
          throw new CaseFailure('the nonce repeats: Permit2 refuses the second permit and the request is not served', evidence())
        if (obs.payerDelta !== -2n * c.price)
          throw new CaseFailure(`two payments settled for ${-obs.payerDelta}, not ${2n * c.price}`, evidence())
      },
    ],
  ]),
  ...clientCases('permit2', { level: 'SHOULD', harm: 'hygiene', versions: [2] }, [
    [
      'deadline-bounded',
      'permit2.client.deadline',
      "the permit's deadline is within maxTimeoutSeconds of the client's clock and its validAfter is in the past",
      judged('exact', (c, { exchange, permit }) => {
        const { deadline, witness } = permit.authorization
        const latest = BigInt(c.now() + Number(exchange.offer['maxTimeoutSeconds']))
        if (deadline > latest) return `the deadline ${deadline} is after ${latest} (the clock plus maxTimeoutSeconds)`
        return witness.validAfter > BigInt(c.now()) ? `witness.validAfter ${witness.validAfter} is in the future` : undefined
      }),
    ],
  ]),
]
