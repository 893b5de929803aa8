import { recoverTypedDataAddress } from 'viem'
import type { Address, Hex } from 'viem'
import type { Reason } from '../../errors/reasons.js'
import { settlementMarginSeconds } from '../constants.js'
import type { VerifyResult } from '../types.js'
import { permit2ProxyOf, type Permit2Kind } from './constants.js'
import { getPermit2TypedData } from './getPermit2TypedData.js'
import { parsePermit2Payload } from './parsePermit2Payload.js'
import type { Permit2Authorization, Permit2Requirements } from './types.js'

export type VerifyPermit2OfflineParameters = {
  readonly kind: Permit2Kind
  /** The `payload` member of the payment: `{ signature, permit2Authorization }`. */
  readonly payload: unknown
  readonly requirements: Permit2Requirements
  /** The verifier's clock, in seconds. */
  readonly now: number
  /** upto: the addresses this facilitator settles from (permit2.verify.upto-facilitator). */
  readonly facilitators?: readonly Address[] | undefined
}
export type VerifyPermit2OfflineReturnType = VerifyResult
export type VerifyPermit2OfflineErrorType = never

type Step = { reason: Reason; fails: (a: Permit2Authorization) => string | undefined }
const same = (x: string, y: string) => x.toLowerCase() === y.toLowerCase()

/** The offline steps of spec/07-permit2.md 7.3 before the signature, in order. */
function steps(p: VerifyPermit2OfflineParameters): Step[] {
  const r = p.requirements
  const proxy = permit2ProxyOf(p.kind)
  return [
    {
      reason: 'invalid_permit2_spender',
      fails: (a) => (same(a.spender, proxy) ? undefined : `spender ${a.spender} is not the ${p.kind} proxy ${proxy}`),
    },
    {
      reason: 'invalid_permit2_recipient_mismatch',
      fails: (a) => (same(a.witness.to, r.payTo) ? undefined : `witness.to ${a.witness.to} is not payTo ${r.payTo}`),
    },
    {
      reason: 'upto_facilitator_mismatch',
      fails: (a) => {
        if (p.kind !== 'upto') return undefined
        const f = a.witness.facilitator
        if (f === undefined) return 'the upto witness names no facilitator'
        return (p.facilitators ?? []).some((mine) => same(mine, f))
          ? undefined
          : `witness.facilitator ${f} is not this facilitator`
      },
    },
    {
      reason: 'permit2_token_mismatch',
      fails: (a) =>
        same(a.permitted.token, r.asset) ? undefined : `permitted.token ${a.permitted.token} is not asset ${r.asset}`,
    },
    {
      reason: 'permit2_amount_mismatch',
      fails: (a) =>
        a.permitted.amount === r.amount ? undefined : `permitted.amount ${a.permitted.amount} is not the required ${r.amount}`,
    },
    {
      reason: 'permit2_deadline_expired',
      fails: (a) =>
        a.deadline >= BigInt(p.now + settlementMarginSeconds)
          ? undefined
          : `deadline ${a.deadline} is less than ${settlementMarginSeconds}s away`,
    },
    {
      reason: 'permit2_not_yet_valid',
      fails: (a) =>
        a.witness.validAfter <= BigInt(p.now) ? undefined : `witness.validAfter ${a.witness.validAfter} is in the future`,
    },
  ]
}

/**
 * Verifies an exact-Permit2 or upto payment without a chain: the payload's shape, then the offline steps
 * of spec/07-permit2.md 7.3 in order (spender, witness recipient, upto facilitator, token, amount, deadline,
 * validAfter, signature), answering the first failure's reason code. A signature that does not recover to
 * `from` is answered `deferred`: only the chain can tell whether `from` is a contract that accepts it.
 *
 * @example
 * const result = await verifyPermit2Offline({ kind: 'exact', payload, requirements, now: Date.now() / 1000 })
 */
export async function verifyPermit2Offline(p: VerifyPermit2OfflineParameters): Promise<VerifyResult> {
  const read = parsePermit2Payload(p.payload)
  if (!read.ok) return { isValid: false, invalidReason: 'invalid_payload', invalidMessage: read.message }
  const a = read.authorization
  const payer = a.from
  for (const step of steps(p)) {
    const message = step.fails(a)
    if (message !== undefined) return { isValid: false, invalidReason: step.reason, invalidMessage: message, payer }
  }
  const problem = await signatureProblem(p, a, read.signature)
  if (problem === undefined) return { isValid: true, payer }
  const invalidMessage = `${problem}; valid only if ${payer} is a contract that accepts it (ERC-1271)`
  return {
    isValid: false,
    invalidReason: 'invalid_permit2_signature',
    invalidMessage,
    payer,
    deferred: true,
    signatureProblem: problem,
  }
}

async function signatureProblem(
  p: VerifyPermit2OfflineParameters,
  a: Permit2Authorization,
  signature: Hex,
): Promise<string | undefined> {
  if (signature.length !== 132) return `signature is ${(signature.length - 2) / 2} bytes, not 65`
  try {
    const typedData = getPermit2TypedData({ kind: p.kind, chainId: p.requirements.chainId, authorization: a })
    const signer = await recoverTypedDataAddress({ ...typedData, signature } as Parameters<typeof recoverTypedDataAddress>[0])
    return same(signer, a.from) ? undefined : `signature recovers to ${signer}, not from ${a.from}`
  } catch (error) {
    return `signature does not recover: ${(error as Error).message.split('\n')[0]}`
  }
}
