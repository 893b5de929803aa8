import { verifyPaymentOffline } from '../../src/evm/verifyPaymentOffline.js'
import { categoryOf } from '../../src/errors/reasons.js'
import type { ChainInfo, Wire } from '../context/types.js'
import type { Expected } from './chain.js'

/**
 * The harness core's verdict on one generated payment. `valid`: it must verify and may settle.
 * `harmful`: accepting it costs someone (a payer without the funds, a signature that does not pay these
 * requirements); an invalid payment that is not harmful (a lenient but lossless reading) may be accepted.
 * `expected`: the one movement a settlement may cause (none when accepting it is harmful).
 */
export type Judgement = { valid: boolean; harmful: boolean; why: string; expected?: Expected | undefined }

/** A payment no one can settle: its payer holds nothing (what the structural and text families send). */
export const unfundedPayer = (why: string): Judgement => ({
  valid: false,
  harmful: true,
  why: `the payer holds no funds; ${why}`,
})

const record = (v: unknown): Wire => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Wire) : {})

/** What settling `payload` would move: the signed authorization's value from its payer to its recipient. */
function signedMove(payload: Wire, asset: string): Expected | undefined {
  const a = record(record(payload['payload'])['authorization'])
  try {
    return { token: asset, from: String(a['from']), to: String(a['to']), value: BigInt(String(a['value'])) }
  } catch {
    return undefined
  }
}

/**
 * Judges a payment for `requirements` with the harness core (offline verify), the harness chain (network,
 * asset) and what the harness knows of the payer (`funded`). Harmful when the core refuses it for a reason
 * that costs money: the signature, the recipient, the amount actually signed, an expired window, the funds.
 */
export function judgePayment(input: {
  payload: Wire
  requirements: Wire
  version: 1 | 2
  now: number
  chain: Pick<ChainInfo, 'network' | 'networkV1' | 'asset'>
  funded: boolean
}): Judgement {
  const { payload, requirements, chain } = input
  const own = verifyPaymentOffline({
    paymentPayload: payload as never,
    paymentRequirements: requirements as never,
    x402Version: input.version,
    now: input.now,
  })
  const amount = String(requirements['amount'] ?? requirements['maxAmountRequired'])
  const payTo = String(requirements['payTo'])
  const asset = String(requirements['asset'])
  const move = signedMove(payload, chain.asset.address)
  const expected = move && { ...move, to: payTo, value: BigInt(/^[0-9]+$/.test(amount) ? amount : '-1') }
  const onHarness =
    [chain.network, chain.networkV1].includes(String(requirements['network'])) &&
    asset.toLowerCase() === chain.asset.address.toLowerCase()
  if (!onHarness)
    return { valid: false, harmful: true, why: 'requirements for another network or asset, where the payer holds nothing' }
  if (!input.funded) return unfundedPayer('the core verdict does not matter')
  if (own.isValid) return { valid: true, harmful: false, why: 'valid by the harness core', expected }
  const category = categoryOf(own.invalidReason ?? '')
  const a = record(record(payload['payload'])['authorization'])
  const paysOther = move === undefined || move.to.toLowerCase() !== payTo.toLowerCase() || String(a['value']) !== amount
  const expired = !/^[0-9]+$/.test(String(a['validBefore'])) || BigInt(String(a['validBefore'])) <= BigInt(input.now)
  const harmful =
    paysOther ||
    expired ||
    ['invalid_signature', 'recipient_mismatch', 'insufficient_funds', 'nonce_used'].includes(category ?? '')
  const why = `the harness core answers ${own.invalidReason}${own.invalidMessage ? ` (${own.invalidMessage})` : ''}`
  return { valid: false, harmful, why, expected: harmful ? undefined : expected }
}
