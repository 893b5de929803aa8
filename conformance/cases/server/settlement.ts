import { parseAbiItem, parseEventLogs } from 'viem'
import type { Hex } from 'viem'
import { decodeBase64Strict, decodeJsonBytes } from '../../../src/codecs/base64Json.js'
import { schemaIds } from '../../../src/codecs/schemaIds.js'
import { validateAgainstSchema } from '../../../src/codecs/validateAgainstSchema.js'
import { defineCase } from '../../case.js'
import type { Version } from '../../case.js'
import type { Paid, TestContext, Wire } from '../../context/types.js'
import { expectRefused, expectServedWithReceipt, isServed, lessThanPrice, receiptHeader, receiptOf } from './helpers-server.js'

const transferEvent = parseAbiItem('event Transfer(address indexed from, address indexed to, uint256 value)')

/** Pays the resource correctly; returns the payment, the answer and the receipt (checked served). */
async function payAndServe(t: TestContext, paid?: Paid) {
  const p = paid ?? (await t.pay())
  const before = await t.ledger.snapshot(p)
  const res = await t.fetchPaid(p)
  const receipt = expectServedWithReceipt(t, res)
  return { paid: p, before, res, receipt }
}

/** The receipt of the version validates against its settle-response schema and names the chain and payer. */
const receiptSchema = (v: Version) =>
  defineCase({
    id: `server.settlement.receipt-schema-v${v}`,
    clause: `envelopes.v${v}.settle-response`,
    level: 'MUST',
    role: 'server',
    versions: [v],
    title: `the v${v} receipt is a v${v} settlement response naming the network (${v === 1 ? 'v1 name' : 'CAIP-2'}) and the payer`,
    run: async (t) => {
      const { paid, receipt } = await payAndServe(t)
      const id = v === 1 ? schemaIds.v1.settleResponse : schemaIds.v2.settleResponse
      const { valid, errors } = validateAgainstSchema(id, receipt)
      t.check(valid, `the receipt does not match ${id}: ${errors.map((e) => `${e.pointer || '/'} ${e.message}`).join('; ')}`, { receipt })
      const network = v === 1 ? t.chain.networkV1 : t.chain.network
      t.check(receipt['network'] === network, `the receipt names network ${JSON.stringify(receipt['network'])}, expected ${String(network)}`, { receipt })
      if (receipt['payer'] !== undefined) t.check(String(receipt['payer']).toLowerCase() === paid.payer.address.toLowerCase(), `the receipt names payer ${String(receipt['payer'])}, the payer is ${paid.payer.address}`)
    },
  })

export const cases = [
  defineCase({
    id: 'server.settlement.receipt-encoding',
    clause: 'http.payment-response.header-encoding',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: 'the receipt header of a served payment is standard padded base64 of UTF-8 JSON',
    run: async (t) => {
      const { res } = await payAndServe(t)
      const raw = res.headers[receiptHeader(t.version)]!
      try {
        const value = decodeJsonBytes(decodeBase64Strict(raw, receiptHeader(t.version)), receiptHeader(t.version))
        t.check(typeof value === 'object' && value !== null && !Array.isArray(value), 'the receipt is not a JSON object', { value })
      } catch (error) {
        t.fail(`the receipt header is not strictly encoded: ${(error as Error).message}`, { header: raw.slice(0, 300) })
      }
    },
  }),
  receiptSchema(1),
  receiptSchema(2),
  defineCase({
    id: 'server.settlement.receipt-transaction',
    clause: 'envelopes.settle.transaction',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: "the receipt's transaction is a mined, successful transaction of the token moving exactly the price from the payer to payTo",
    run: async (t) => {
      const { paid, before, receipt } = await payAndServe(t)
      const tx = receipt['transaction']
      t.check(typeof tx === 'string' && /^0x[0-9a-fA-F]{64}$/.test(tx), `the receipt's transaction is ${JSON.stringify(tx)}`, { receipt })
      const mined = await t.chain.client.getTransactionReceipt({ hash: tx as Hex }).catch(() => undefined)
      t.check(mined !== undefined, `transaction ${String(tx)} is not on chain`)
      t.check(mined!.status === 'success', `transaction ${String(tx)} reverted`)
      const asset = String(paid.requirements['asset']).toLowerCase()
      const transfers = parseEventLogs({ abi: [transferEvent], logs: mined!.logs }).filter((l) => l.address.toLowerCase() === asset)
      t.check(
        transfers.some((l) => l.args.from.toLowerCase() === paid.payer.address.toLowerCase() && l.args.to.toLowerCase() === String(paid.requirements['payTo']).toLowerCase() && l.args.value === paid.amount),
        `transaction ${String(tx)} does not transfer ${paid.amount} from the payer to payTo`,
        { transfers: transfers.map((l) => ({ from: l.args.from, to: l.args.to, value: l.args.value.toString() })) },
      )
      await t.ledger.expectPaid(before, tx as string)
    },
  }),
  defineCase({
    id: 'server.settlement.reply-in-kind',
    clause: 'http.versions.reply-in-kind',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: "a served payment's receipt is in the receipt header of its version only",
    run: async (t) => {
      const { res } = await payAndServe(t)
      const other = receiptHeader(t.version === 1 ? 2 : 1)
      t.check(res.headers[other] === undefined, `a v${t.version} payment was answered with ${other} too`, { headers: res.headers })
    },
  }),
  defineCase({
    id: 'server.settlement.receipt-exposed',
    clause: 'http.server.expose-headers',
    level: 'SHOULD',
    role: 'server',
    versions: [1, 2],
    title: 'a served paid response names its receipt header in Access-Control-Expose-Headers',
    run: async (t) => {
      const { res } = await payAndServe(t)
      const exposed = (res.headers['access-control-expose-headers'] ?? '').toLowerCase().split(/\s*,\s*/)
      t.check(exposed.includes(receiptHeader(t.version)) || exposed.includes('*'), `Access-Control-Expose-Headers is '${res.headers['access-control-expose-headers'] ?? ''}'`)
    },
  }),
  defineCase({
    id: 'server.settlement.replay-refused',
    clause: 'http.server.settle-failure',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: 'a payment already used once is refused with 402 when replayed, and charged only once',
    run: async (t) => {
      const paid = await t.pay()
      const before = await t.ledger.snapshot(paid)
      const first = await t.fetchPaid(paid)
      t.check(first.status >= 200 && first.status < 300, `the first use was answered ${first.status}`)
      const again = await t.fetchPaid(paid)
      t.check(again.status === 402, `the replay was answered ${again.status}, expected 402`, { body: again.body })
      await expectRefused(t, again)
      await t.ledger.expectPaid(before)
    },
  }),
  defineCase({
    id: 'server.settlement.replay-other-path',
    clause: 'http.server.verify-first',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: 'a payment already used is refused at another paid URL of the same price, and charged only once',
    run: async (t) => {
      const other = t.target.serverUrls.find((u) => u !== t.resourceUrl) ?? t.skip('the target has a single paid URL')
      const { paid, before } = await payAndServe(t)
      if (paid.version === 2) paid.payload = { ...paid.payload, resource: { ...(paid.payload['resource'] as Wire), url: other } }
      await expectRefused(t, await t.fetchPaid(paid, { url: other }))
      await t.ledger.expectPaid(before)
    },
  }),
  defineCase({
    id: 'server.settlement.concurrent-same-payment',
    clause: 'http.server.settle-failure',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    exclusive: true,
    timeoutMs: 60_000,
    title: 'one payment sent twice at the same moment is served once and charged once; the other answer is 402',
    run: async (t) => {
      const paid = await t.pay()
      const before = await t.ledger.snapshot(paid)
      const results = await t.race([() => t.fetchPaid(paid), () => t.fetchPaid(paid)])
      const answers = results.map((r) => (r.status === 'fulfilled' ? r.value : t.fail(`a request failed: ${String(r.reason)}`)))
      const served = answers.filter((a) => isServed(a.status))
      t.check(served.length === 1, `${served.length} of the two identical requests were served`, { statuses: answers.map((a) => a.status) })
      const loser = answers.find((a) => !isServed(a.status))!
      await expectRefused(t, loser)
      const receipt = receiptOf(t.version, served[0]!)
      await t.ledger.expectPaid(before, typeof receipt?.['transaction'] === 'string' ? receipt['transaction'] : undefined)
    },
  }),
  defineCase({
    id: 'server.settlement.concurrent-distinct-payments',
    clause: 'http.server.receipt',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: 'three distinct payments sent together are each served with a receipt naming its own transaction',
    run: async (t) => {
      const paids = await Promise.all([t.pay(), t.pay(), t.pay()])
      const befores = await Promise.all(paids.map((p) => t.ledger.snapshot(p)))
      const answers = await Promise.all(paids.map((p) => t.fetchPaid(p)))
      const txs = answers.map((a) => expectServedWithReceipt(t, a)['transaction'])
      t.check(new Set(txs).size === txs.length, `receipts of distinct payments name the same transaction: ${txs.join(', ')}`)
      for (const [i, b] of befores.entries()) await t.ledger.expectPaid(b, String(txs[i]))
    },
  }),
  defineCase({
    id: 'server.settlement.handler-failure-no-charge',
    clause: 'http.server.settle-after-handler',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: 'when the handler fails, its status is passed on and the payer is not charged',
    run: async (t) => {
      const url = t.target.failingUrl ?? t.skip('the target has no failing route')
      const paid = await t.pay()
      if (paid.version === 2) paid.payload = { ...paid.payload, resource: { ...(paid.payload['resource'] as object), url } }
      const before = await t.ledger.snapshot(paid)
      const res = await t.fetchPaid(paid, { url })
      t.check(res.status === 500, `expected the handler's own 500, got ${res.status}`, { body: res.body })
      await t.ledger.expectUntouched(before)
    },
  }),
  defineCase({
    id: 'server.settlement.handler-failure-no-receipt',
    clause: 'http.server.settle-after-handler',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: 'when the handler fails, no settlement is attempted and the answer carries no receipt',
    run: async (t) => {
      const url = t.target.failingUrl ?? t.skip('the target has no failing route')
      const paid = await t.pay()
      if (paid.version === 2) paid.payload = { ...paid.payload, resource: { ...(paid.payload['resource'] as object), url } }
      const res = await t.fetchPaid(paid, { url })
      t.check(res.status >= 400, `the failing handler's answer became ${res.status}`, { body: res.body })
      t.check(res.headers['payment-response'] === undefined && res.headers['x-payment-response'] === undefined, 'a failed handler answer carries a receipt', { headers: res.headers })
      if (t.target.hostile) t.check(t.facilitatorCalls().settle === 0, 'the server asked the facilitator to settle after the handler failed')
    },
  }),
  defineCase({
    id: 'server.settlement.handler-failure-payment-reusable',
    clause: 'http.server.settle-after-handler',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: 'a payment not settled because the handler failed still pays for the resource afterwards, charged once',
    run: async (t) => {
      const url = t.target.failingUrl ?? t.skip('the target has no failing route')
      const paid = await t.pay()
      const resource = paid.payload['resource'] as Wire | undefined
      const before = await t.ledger.snapshot(paid)
      const failed = await t.fetchPaid(paid.version === 2 ? { ...paid, payload: { ...paid.payload, resource: { ...resource, url } } } : paid, { url })
      t.check(failed.status >= 400, `the failing handler's answer became ${failed.status}`)
      const receipt = expectServedWithReceipt(t, await t.fetchPaid(paid))
      await t.ledger.expectPaid(before, typeof receipt['transaction'] === 'string' ? receipt['transaction'] : undefined)
    },
  }),
  defineCase({
    id: 'server.settlement.refused-not-served',
    clause: 'http.server.settle-failure',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: 'when the facilitator refuses the settlement, the answer is 402 with the failed receipt and no content',
    run: async (t) => {
      t.hostile({ settle: 'refuse' })
      const paid = await t.pay()
      const before = await t.ledger.snapshot(paid)
      const res = await t.fetchPaid(paid)
      t.check(res.status === 402, `a refused settlement was answered ${res.status}`, { body: res.body })
      const receipt = receiptOf(t.version, res)
      t.check(receipt?.['success'] === false, 'the 402 does not carry the failed settlement response in the receipt header', { headers: res.headers })
      await expectRefused(t, res, before)
    },
  }),
  defineCase({
    id: 'server.settlement.headers-canonical',
    clause: 'http.header.encoding',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: 'every x402 header the server sends (challenge, receipt) is canonical padded standard base64, on one line',
    run: async (t) => {
      const challenge = await t.fetchPaid(undefined)
      const { res } = await payAndServe(t)
      const sent = [...Object.entries(challenge.headers), ...Object.entries(res.headers)].filter(([k]) => ['payment-required', 'payment-response', 'x-payment-response'].includes(k))
      t.check(sent.length > 0, 'the server sent no x402 header')
      for (const [name, value] of sent) {
        t.check(/^[A-Za-z0-9+/]*={0,2}$/.test(value) && value.length % 4 === 0, `${name} is not padded standard base64 on one line`, { value: value.slice(0, 300) })
        t.check(Buffer.from(Buffer.from(value, 'base64').toString('base64')).toString() === value, `${name} is not the canonical base64 of its bytes`, { value: value.slice(0, 300) })
      }
    },
  }),
  defineCase({
    id: 'server.settlement.refusal-no-store',
    clause: 'http.server.no-store',
    level: 'SHOULD',
    role: 'server',
    versions: [1, 2],
    title: 'the 402 refusing a payment carries Cache-Control: no-store',
    run: async (t) => {
      const res = await t.fetchPaid(await t.pay({ authorization: { value: lessThanPrice(t) } }))
      t.check(res.status === 402, `expected 402, got ${res.status}`)
      t.check(/\bno-store\b/i.test(res.headers['cache-control'] ?? ''), `Cache-Control is '${res.headers['cache-control'] ?? ''}'`)
    },
  }),

  defineCase({
    id: 'server.settlement.handler-4xx-no-charge',
    clause: 'http.server.settle-after-handler',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: 'when the handler answers 404 after verification, the 404 is passed on without receipt and the payer is not charged',
    run: async (t) => {
      const failing = t.target.failingUrl ?? t.skip('the target has no failing route')
      const url = `${failing}?status=404`
      const paid = await t.pay()
      if (paid.version === 2) paid.payload = { ...paid.payload, resource: { ...(paid.payload['resource'] as object), url: failing } }
      const before = await t.ledger.snapshot(paid)
      const res = await t.fetchPaid(paid, { url })
      if (res.status === 500) t.skip("the failing route does not answer the status asked in '?status='")
      t.check(res.status === 404, `expected the handler's own 404, got ${res.status}`, { body: res.body })
      t.check(receiptOf(t.version, res) === undefined, 'the 404 carries a receipt', { headers: res.headers })
      await t.ledger.expectUntouched(before)
    },
  }),
]
