import { parseAbiItem, parseEventLogs } from 'viem'
import type { Hex } from 'viem'
import { decodeBase64Strict, decodeJsonBytes } from '../../../src/codecs/base64Json.js'
import { schemaIds } from '../../../src/codecs/schemaIds.js'
import { validateAgainstSchema } from '../../../src/codecs/validateAgainstSchema.js'
import { defineCase } from '../../case.js'
import type { TestContext } from '../../context/types.js'
import { receiptHeader } from './helpers-server.js'
import { expectServedAndCharged } from './outcomes.js'
import { must } from '../levels.js'

/** The receipt of a served payment (http.server.receipt and the settle-response envelopes). */

const transferEvent = parseAbiItem('event Transfer(address indexed from, address indexed to, uint256 value)')

/** Pays the resource correctly: served, with a successful receipt, charged once. */
const payAndServe = async (t: TestContext) => expectServedAndCharged(t, await t.pay())

/** One row per version: the receipt validates against that version's settle-response schema. */
const receiptSchemas = [
  {
    id: 'server.settlement.receipt-schema-v1',
    version: 1,
    clause: 'envelopes.v1.settle-response',
    schema: schemaIds.v1.settleResponse,
  },
  {
    id: 'server.settlement.receipt-schema-v2',
    version: 2,
    clause: 'envelopes.v2.settle-response',
    schema: schemaIds.v2.settleResponse,
  },
] as const

export const cases = [
  defineCase({
    id: 'server.settlement.receipt-encoding',
    clause: 'http.payment-response.header-encoding',
    level: 'MUST',
    harm: 'interop',
    role: 'server',
    versions: [1, 2],
    title: 'the receipt header of a served payment is standard padded base64 of UTF-8 JSON',
    run: async (t) => {
      const { res } = await payAndServe(t)
      const name = receiptHeader(t.version)
      const raw = res.headers[name]!
      try {
        const value = decodeJsonBytes(decodeBase64Strict(raw, name), name)
        t.check(typeof value === 'object' && value !== null && !Array.isArray(value), 'the receipt is not a JSON object', {
          value,
        })
      } catch (error) {
        t.fail(`the receipt header is not strictly encoded: ${(error as Error).message}`, { header: raw.slice(0, 300) })
      }
    },
  }),
  ...receiptSchemas.map((row) =>
    defineCase({
      id: row.id,
      clause: row.clause,
      level: 'MUST',
      harm: 'interop',
      role: 'server',
      versions: [row.version],
      title: `the v${row.version} receipt is a v${row.version} settlement response naming the chain's network and the payer`,
      run: async (t) => {
        const { receipt } = await payAndServe(t)
        const { valid, errors } = validateAgainstSchema(row.schema, receipt)
        const problems = errors.map((e) => `${e.pointer || '/'} ${e.message}`).join('; ')
        t.check(valid, `the receipt does not match ${row.schema}: ${problems}`, { receipt })
        const network = row.version === 1 ? t.chain.networkV1 : t.chain.network
        t.check(
          receipt['network'] === network,
          `the receipt names network ${JSON.stringify(receipt['network'])}, not ${String(network)}`,
          { receipt },
        )
      },
    }),
  ),
  defineCase({
    id: 'server.settlement.receipt-transaction',
    clause: 'envelopes.settle.transaction',
    level: 'MUST',
    harm: 'funds',
    role: 'server',
    versions: [1, 2],
    title: "the receipt's transaction is a mined, successful transaction moving exactly the price from the payer to payTo",
    run: async (t) => {
      const { receipt, before } = await payAndServe(t)
      const paid = before.paid
      const tx = receipt['transaction']
      t.check(typeof tx === 'string' && /^0x[0-9a-fA-F]{64}$/.test(tx), `the receipt's transaction is ${JSON.stringify(tx)}`, {
        receipt,
      })
      const mined = await t.chain.client.getTransactionReceipt({ hash: tx as Hex }).catch(() => undefined)
      t.check(mined?.status === 'success', `transaction ${String(tx)} is not a successful transaction on chain`)
      const lower = (v: unknown) => String(v).toLowerCase()
      const transfers = parseEventLogs({ abi: [transferEvent], logs: mined!.logs }).filter(
        (l) => lower(l.address) === before.asset.toLowerCase(),
      )
      const pays = (l: (typeof transfers)[number]) =>
        lower(l.args.from) === lower(paid.payer.address) &&
        lower(l.args.to) === lower(paid.requirements['payTo']) &&
        l.args.value === paid.amount
      t.check(transfers.some(pays), `transaction ${String(tx)} does not transfer ${paid.amount} from the payer to payTo`, {
        transfers: transfers.map((l) => ({ from: l.args.from, to: l.args.to, value: l.args.value.toString() })),
      })
    },
  }),
  defineCase({
    id: 'server.settlement.reply-in-kind',
    clause: 'http.versions.reply-in-kind',
    level: 'SHOULD',
    harm: 'hygiene',
    role: 'server',
    versions: [1, 2],
    title: "a served payment's receipt is in the receipt header of its version only",
    run: async (t) => {
      const { res } = await payAndServe(t)
      const other = receiptHeader(t.version === 1 ? 2 : 1)
      t.check(res.headers[other] === undefined, `a v${t.version} payment was answered with ${other} too`, {
        headers: res.headers,
      })
    },
  }),
  defineCase({
    id: 'server.settlement.receipt-exposed',
    clause: 'http.server.expose-headers',
    level: 'SHOULD',
    harm: 'hygiene',
    role: 'server',
    versions: [1, 2],
    title: 'a served paid response names its receipt header in Access-Control-Expose-Headers',
    run: async (t) => {
      const { res } = await payAndServe(t)
      const header = res.headers['access-control-expose-headers'] ?? ''
      const exposed = header.toLowerCase().split(/\s*,\s*/)
      t.check(exposed.includes(receiptHeader(t.version)) || exposed.includes('*'), `Access-Control-Expose-Headers is '${header}'`)
    },
  }),
  defineCase({
    ...must('server', 'interop'),
    id: 'server.settlement.headers-canonical',
    clause: 'http.header.encoding',
    title: 'every x402 header the server sends (challenge, receipt) is canonical padded standard base64, on one line',
    run: async (t) => {
      const challenge = await t.fetchPaid(undefined)
      const { res } = await payAndServe(t)
      const names = ['payment-required', 'payment-response', 'x-payment-response']
      const sent = [...Object.entries(challenge.headers), ...Object.entries(res.headers)].filter(([k]) => names.includes(k))
      t.check(sent.length > 0, 'the server sent no x402 header')
      for (const [name, value] of sent) {
        const evidence = { value: value.slice(0, 300) }
        t.check(
          /^[A-Za-z0-9+/]*={0,2}$/.test(value) && value.length % 4 === 0,
          `${name} is not padded standard base64 on one line`,
          evidence,
        )
        t.check(
          Buffer.from(value, 'base64').toString('base64') === value,
          `${name} is not the canonical base64 of its bytes`,
          evidence,
        )
      }
    },
  }),
]
