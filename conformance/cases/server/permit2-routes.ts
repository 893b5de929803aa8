import { erc20Abi, getAddress, parseEventLogs } from 'viem'
import type { Address, Hex } from 'viem'
import type { Permit2Authorization, Permit2Kind } from '../../../src/evm/permit2/index.js'
import type { Exchange } from '../../context/http.js'
import type { TestContext, Wire } from '../../context/types.js'
import { demoPaths } from '../../targets/demoServer.js'
import { permit2Pay, permit2Payer, type Permit2Paid } from '../facilitator/permit2-pay.js'
import { acceptsOf, challengeOf, expectNotServed, isServed, receiptOf } from './helpers-server.js'
import { transactionOf } from './outcomes.js'

/**
 * Server routes paid through Permit2 (spec/07-permit2.md, 7.6): an `exact` offer with
 * `extra.assetTransferMethod: "permit2"` (or in the chain's Permit2-only token), or an `upto` offer. The
 * embedded demo server has `/paid/permit2` and `/paid/upto`; against another target the cases look among the
 * `--server` URLs, and skip (never pass) when none offers the kind.
 */

/** A Permit2 route: its URL, its v2 offer and resource. */
export type Permit2Route = { kind: Permit2Kind; url: string; offer: Wire; resource: unknown }

const extraOf = (offer: Wire) => (offer['extra'] ?? {}) as Wire
const same = (a: unknown, b: unknown) => typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase()

/** The offer of `kind` on the chain's network in a v2 challenge, if any. */
function permit2Offer(t: TestContext, kind: Permit2Kind, challenge: Exchange): Wire | undefined {
  return acceptsOf(2, challenge).find(
    (r) =>
      r['network'] === t.chain.network &&
      (kind === 'upto'
        ? r['scheme'] === 'upto'
        : r['scheme'] === 'exact' &&
          (extraOf(r)['assetTransferMethod'] === 'permit2' || same(r['asset'], t.chain.contracts['plainToken']))),
  )
}

/** The target's route of `kind` (skips when it has none). */
export async function permit2Route(t: TestContext, kind: Permit2Kind): Promise<Permit2Route> {
  const demo = new URL(kind === 'upto' ? demoPaths.upto : demoPaths.permit2, t.resourceUrl).href
  for (const url of t.target.kind === 'embedded' ? [demo] : t.target.serverUrls) {
    const challenge = await t.fetchPaid(undefined, { url })
    if (challenge.status !== 402) continue
    const offer = permit2Offer(t, kind, challenge)
    if (offer !== undefined) return { kind, url, offer, resource: challengeOf(2, challenge)?.['resource'] }
  }
  const what = kind === 'upto' ? 'upto' : 'exact through Permit2'
  return t.skip(`no paid URL of the target offers ${what} on ${t.chain.network} (only EIP-3009 routes)`)
}

/** A payment of the route's offer by a fresh payer who approved Permit2, signed as `mutate` changes it. */
export async function payPermit2Route(
  t: TestContext,
  route: Permit2Route,
  mutate?: (a: Permit2Authorization) => Permit2Authorization,
): Promise<Permit2Paid> {
  const token = getAddress(String(route.offer['asset']))
  const named = extraOf(route.offer)['facilitatorAddress']
  const facilitator = typeof named === 'string' && /^0x[0-9a-fA-F]{40}$/.test(named) ? getAddress(named) : undefined
  if (route.kind === 'upto' && facilitator === undefined) t.skip('the upto offer names no extra.facilitatorAddress to sign')
  const permitToken = t.chain.contracts['permitToken'] ?? token
  const env = { kind: route.kind, token, permitToken, facilitator }
  const payer = await permit2Payer(t, token, 10n * BigInt(String(route.offer['amount'])) + 1_000_000n)
  const paid = await permit2Pay(t, env, { payer, requirements: route.offer, ...(mutate ? { mutate } : {}) })
  paid.payload['resource'] = route.resource
  return paid
}

/** Balances of `token` held by each address. */
export function holdings(t: TestContext, token: Address, who: readonly Address[]): Promise<bigint[]> {
  const read = (owner: Address) =>
    t.chain.client.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [owner] })
  return Promise.all(who.map(read))
}

/** The payer and payTo of a payment, and the token its offer asks. */
export function partiesOf(paid: Permit2Paid): { token: Address; payer: Address; payTo: Address } {
  const r = paid.requirements as Wire
  return { token: getAddress(String(r['asset'])), payer: paid.payer.address, payTo: getAddress(String(r['payTo'])) }
}

/**
 * Sends `paid` to the route: served with a successful receipt whose transaction moved all that left the payer
 * to payTo (nothing to check for 0). Returns the receipt and the amount that left the payer; `refusable`: a
 * refusal that charged nothing is no failure either (then undefined).
 */
export async function expectPermit2Charged(
  t: TestContext,
  route: Permit2Route,
  paid: Permit2Paid,
  url = route.url,
  refusable = false,
): Promise<{ receipt: Wire; moved: bigint } | undefined> {
  const { token, payer, payTo } = partiesOf(paid)
  const [before] = await holdings(t, token, [payer])
  const res = await t.fetchPaid(paid, { url })
  if (refusable && !isServed(res.status)) {
    await expectRefusedUnmoved(t, res, token, [payer], [before!])
    t.info(`refused (${res.status}) with nothing charged`)
    return undefined
  }
  t.check(isServed(res.status), `a correct Permit2 payment was answered ${res.status}`, { status: res.status, body: res.body })
  const receipt = receiptOf(2, res)
  t.check(receipt?.['success'] === true, 'the answer carries no successful PAYMENT-RESPONSE', { headers: res.headers })
  const [after] = await holdings(t, token, [payer])
  const moved = before! - after!
  // payTo is shared by concurrent cases: what reached it is read from the receipt's transaction
  if (moved > 0n) await expectTransfer(t, transactionOf(receipt), { token, from: payer, to: payTo, value: moved })
  return { receipt: receipt!, moved }
}

/** The receipt's transaction succeeded and carries the transfer (the payee's own evidence of payment). */
async function expectTransfer(
  t: TestContext,
  hash: string | undefined,
  transfer: { token: Address; from: Address; to: Address; value: bigint },
): Promise<void> {
  t.check(/^0x[0-9a-fA-F]{64}$/.test(hash ?? ''), `the receipt names no transaction (${String(hash)})`)
  const mined = await t.chain.client.getTransactionReceipt({ hash: hash as Hex }).catch(() => undefined)
  t.check(mined?.status === 'success', `the receipt's transaction ${hash} is not a successful mined transaction`)
  const logs = parseEventLogs({ abi: erc20Abi, eventName: 'Transfer', logs: mined!.logs })
  const found = logs.some(
    (l) =>
      same(l.address, transfer.token) &&
      same(l.args.from, transfer.from) &&
      same(l.args.to, transfer.to) &&
      l.args.value === transfer.value,
  )
  t.check(found, `the receipt's transaction ${hash} does not move ${transfer.value} from the payer to payTo`)
}

/**
 * Not served, no 5xx, no paid content, and none of `who` saw their balance of `token` change (the payer and
 * addresses of the case's own; the server's payTo is shared by concurrent cases).
 */
export async function expectRefusedUnmoved(
  t: TestContext,
  res: Exchange,
  token: Address,
  who: readonly Address[],
  before: readonly bigint[],
): Promise<void> {
  expectNotServed(t, res)
  const after = await holdings(t, token, who)
  t.check(
    after.every((b, i) => b === before[i]),
    'tokens moved for a refused payment',
    { before: before.map(String), after: after.map(String) },
  )
  if (res.status !== 402) t.info(`the refusal was answered ${res.status}; 402 is recommended`)
}
