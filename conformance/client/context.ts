import type { Address, Hex } from 'viem'
import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts'
import { balanceOf } from '../../src/chain/ledger.js'
import type { Case, Version } from '../case.js'
import type { CaseControl, CaseRecord } from '../context/context.js'
import { CaseSkip } from '../context/failure.js'
import type { Exchange } from '../context/http.js'
import { startEndpoint } from './endpoint.js'
import type { Hit, Play, Reply } from './endpoint.js'
import type { ClientHarness, ClientLimits } from './harness.js'
import { invokeClient } from './invoke.js'
import type { Invocation } from './invoke.js'
import { buildOffer, challengeReply, receiptHeader } from './offers.js'
import type { Offer, OfferInput } from './offers.js'
import type { OfferDomain, SeenPayment } from './payments.js'

/** What the harness saw of one case: every request, every payment, every invocation, the ledger. */
export type Observation = {
  readonly hits: readonly Hit[]
  /** Payment headers that decoded to an exact-EVM authorization, in order. */
  readonly payments: readonly SeenPayment[]
  /** Payment headers, decodable or not. */
  readonly attempts: readonly SeenPayment[]
  readonly invocations: readonly Invocation[]
  /** The payer's balance change per token (asset, tokenB), atomic units. */
  readonly payerDelta: bigint
  readonly payerDeltaOther: bigint
}

/** The context of a client case: the payer, the offer builders, the endpoint and what was observed. */
export type ClientContext = {
  readonly caseId: string
  readonly version: Version
  readonly harness: ClientHarness
  readonly limits: ClientLimits
  /** The honest price of this run: 1000 atomic units, or less when the declared limits are lower. */
  readonly price: bigint
  readonly payer: Address
  readonly privateKey: Hex
  /** This case's recipient, fresh (so its ledger is the case's own). */
  readonly payTo: Address
  /** The path the client is pointed at. */
  readonly path: string
  /** The harness chain's network as this version spells it. */
  readonly network: string
  readonly signal: AbortSignal
  now(): number
  /** A requirement in this version's wire form, honest unless `input` says otherwise. */
  offer(input?: OfferInput): Offer
  /** The EIP-712 domain an (honest) offer asks for. */
  domainOf(offer: Offer): OfferDomain
  /** The 402 challenge carrying `accepts`. */
  challenge(accepts: readonly unknown[], origin: string, options?: { resourceUrl?: string; error?: string }): Reply
  /** Honest: a challenge without payment; with one, settle it on chain (as offered) and serve the content with the receipt. */
  honest(accepts: readonly Offer[]): Play
  /** Settles the payment of `hit` (any holder of the authorization could) and returns the receipt. */
  settle(hit: Hit, token?: Address): Promise<Record<string, unknown>>
  /** Skips the case unless the user declared these limits. */
  requireLimits(...which: (keyof ClientLimits)[]): void
  /** Starts the endpoint, runs the client `invocations` times (default once), and returns what was observed. */
  observe(play: Play, options?: { invocations?: number; path?: string }): Promise<Observation>
}

/** Builds the context of one client case at one version; the payer is taken from the pool by {@link ClientContext.observe}. */
export function createClientContext(
  harness: ClientHarness,
  kase: Case,
  version: Version,
  record: CaseRecord,
  control: CaseControl,
): ClientContext {
  const { chain, limits } = harness
  const network = version === 1 ? chain.networkV1 : chain.network
  if (network === null) throw new CaseSkip(`the harness chain ${chain.chainId} has no v1 network name`)
  const caps = [1000n, limits.maxPerRequest, limits.budget].filter((x): x is bigint => x !== undefined)
  const price = caps.reduce((a, b) => (b < a ? b : a))
  const payTo = privateKeyToAddress(generatePrivateKey())
  const path = '/paid'
  let payer: { address: Address; privateKey: Hex } | undefined
  const defaults = (origin: string) => ({
    version,
    amount: price,
    payTo,
    asset: chain.asset.address,
    network,
    extra: { name: chain.asset.name, version: chain.asset.version },
    resourceUrl: `${origin}${path}`,
  })
  let origin = 'http://127.0.0.1'
  const ctx: ClientContext = {
    caseId: kase.id,
    version,
    harness,
    limits,
    price,
    get payer() {
      return payer?.address ?? chain.payers[0]!.address
    },
    get privateKey() {
      return payer?.privateKey ?? chain.payers[0]!.privateKey
    },
    payTo,
    path,
    network,
    signal: control.signal,
    now: () => Math.floor(Date.now() / 1000),
    offer: (input) => buildOffer(defaults(origin), input),
    domainOf: (offer) => {
      const extra = (offer['extra'] ?? {}) as Record<string, unknown>
      return {
        chainId: chain.chainId,
        asset: offer['asset'] as Address,
        name: String(extra['name']),
        version: String(extra['version']),
      }
    },
    challenge: (accepts, at, options) => challengeReply(version, accepts, options?.resourceUrl ?? `${at}${path}`, options?.error),
    honest: (accepts) => async (hit, at) => {
      if (hit.payment === undefined) return ctx.challenge(accepts, at.origin)
      const receipt = await ctx.settle(hit)
      if (receipt['success'] !== true) return { ...ctx.challenge(accepts, at.origin, { error: String(receipt['errorReason']) }) }
      return {
        status: 200,
        headers: { 'content-type': 'application/json', ...receiptHeader(version, receipt) },
        body: '{"paid":true}',
      }
    },
    async settle(hit, token = chain.asset.address) {
      const p = hit.payment
      if (p?.authorization === undefined) return { success: false, errorReason: 'invalid_payload', transaction: '', network }
      const settled = await harness.settle(p, token)
      const base = { network, payer: p.authorization.from }
      return 'transaction' in settled
        ? { success: true, transaction: settled.transaction, ...base }
        : { success: false, errorReason: 'invalid_transaction_state', transaction: '', ...base, note: settled.reason }
    },
    requireLimits(...which) {
      const missing = which.filter((w) => limits[w] === undefined)
      const flag = (w: keyof ClientLimits) => (w === 'budget' ? '--client-budget' : '--client-max-per-request')
      if (missing.length > 0)
        throw new CaseSkip(`runs only when the client's limits are declared (${missing.map(flag).join(', ')})`)
    },
    async observe(play, options = {}) {
      const taken = await harness.acquirePayer(control.signal)
      payer = taken.account
      const endpoint = await startEndpoint(play)
      origin = endpoint.origin
      const token = chain.asset.address
      const other = chain.contracts.tokenB
      const client = chain.publicClient
      const invocations: Invocation[] = []
      try {
        const before = await Promise.all([
          balanceOf(client, token, taken.account.address),
          balanceOf(client, other, taken.account.address),
        ])
        const env: Record<string, string> = {
          X402_PRIVATE_KEY: taken.account.privateKey,
          X402_RPC_URL: chain.rpcUrl,
          X402_CHAIN_ID: String(chain.chainId),
          X402_NETWORK: chain.network,
          X402_NETWORK_V1: chain.networkV1 ?? '',
          X402_ASSET: token,
          ...(limits.maxPerRequest !== undefined ? { X402_MAX_PER_REQUEST: `${limits.maxPerRequest}` } : {}),
          ...(limits.budget !== undefined ? { X402_BUDGET: `${limits.budget}` } : {}),
        }
        const url = `${endpoint.origin}${options.path ?? path}`
        for (let i = 0; i < (options.invocations ?? 1); i++) {
          control.signal.throwIfAborted()
          const timeoutMs = harness.invocationTimeoutMs
          invocations.push(await invokeClient({ command: harness.command, url, env, timeoutMs, signal: control.signal }))
        }
        const after = await Promise.all([
          balanceOf(client, token, taken.account.address),
          balanceOf(client, other, taken.account.address),
        ])
        const note = (label: string, address: Address, b: bigint, a: bigint) =>
          record.ledger.push({ label, address, before: `${b}`, after: `${a}`, delta: `${a - b}` })
        note('payer (asset)', taken.account.address, before[0], after[0])
        if (after[1] !== before[1]) note('payer (token B)', taken.account.address, before[1], after[1])
        for (const inv of invocations) record.info.push(describeInvocation(inv, taken.account.privateKey))
        for (const hit of endpoint.hits) record.transcript.push(toExchange(endpoint.origin, hit))
        const attempts = endpoint.hits.flatMap((h) => (h.payment ? [h.payment] : []))
        return {
          hits: endpoint.hits,
          attempts,
          payments: attempts.filter((p) => p.authorization !== undefined),
          invocations,
          payerDelta: after[0] - before[0],
          payerDeltaOther: after[1] - before[1],
        }
      } finally {
        await endpoint.close()
        taken.release()
      }
    },
  }
  return ctx
}

/** Output of the client with its key blanked out (a report must never carry a key). */
export function redact(text: string, key: Hex): string {
  const bare = key.slice(2)
  return text.replace(new RegExp(`(0x)?${bare}`, 'gi'), '<X402_PRIVATE_KEY>')
}

function describeInvocation(inv: Invocation, key: Hex): string {
  const end = inv.timedOut ? `killed after ${inv.durationMs} ms` : `exit ${inv.exitCode ?? inv.signal} after ${inv.durationMs} ms`
  const tail = (s: string) => redact(s, key).trim().split('\n').slice(-3).join(' | ').slice(0, 300)
  return `client: ${end}; stdout: ${tail(inv.stdout) || '(empty)'}; stderr: ${tail(inv.stderr) || '(empty)'}`
}

function toExchange(origin: string, hit: Hit): Exchange {
  const reply = hit.reply ?? { status: 0 }
  const decoded = hit.payment?.payload ? { [hit.payment.header]: hit.payment.payload } : {}
  return {
    request: { method: hit.method, url: `${origin}${hit.path}`, headers: hit.headers, body: undefined, decoded },
    status: reply.status,
    headers: reply.headers ?? {},
    body: reply.body && reply.body.length < 4096 ? reply.body : undefined,
    text: (reply.body ?? '').slice(0, 4096),
    decoded: {},
    ms: 0,
    ...(hit.reply === undefined ? { error: 'not answered' } : {}),
  }
}
