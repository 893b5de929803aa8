import type { Address, PublicClient } from 'viem'
import type { VerifyResult } from '../types.js'
import { erc20Abi, permit2Abi } from './abi.js'
import { permit2Address } from './constants.js'
import type { Eip2612Permit } from './eip2612Types.js'
import { getPermit2SettleData } from './getPermit2SettleData.js'
import { getPermit2TypedData } from './getPermit2TypedData.js'
import { parsePermit2Payload } from './parsePermit2Payload.js'
import { verifyPermit2Offline, type VerifyPermit2OfflineParameters } from './verifyPermit2Offline.js'

export type VerifyPermit2PaymentParameters = VerifyPermit2OfflineParameters & {
  /** The account the settlement would be sent from (the simulation's `from`; for upto, the witness facilitator). */
  readonly settler: Address
  /** Skip step 12 (permit2.verify.simulation). */
  readonly simulate?: boolean | undefined
  /**
   * A gas-sponsoring permit already checked (verifyEip2612Permit): it supplies the missing allowance, and the
   * simulation calls `settleWithPermit`.
   */
  readonly sponsoring?: Eip2612Permit | undefined
  /** The result of {@link verifyPermit2Offline} for these parameters, when the caller already has it. */
  readonly offline?: VerifyResult | undefined
}
export type VerifyPermit2PaymentReturnType = VerifyResult
/** Transport failures of the client propagate (the caller answers `unexpected_verify_error`). */
export type VerifyPermit2PaymentErrorType = Error

/**
 * Verifies an exact-Permit2 or upto payment against the chain: the offline steps (an ERC-1271 signer is
 * asked on chain), then allowance of Permit2, balance, the Permit2 nonce bit, and a simulation of the
 * proxy's `settle` from `settler` (spec/07-permit2.md 7.3, steps 9–12).
 *
 * @example
 * const result = await verifyPermit2Payment(publicClient, { kind: 'exact', payload, requirements, now, settler })
 */
export async function verifyPermit2Payment(client: PublicClient, p: VerifyPermit2PaymentParameters): Promise<VerifyResult> {
  const offline = p.offline ?? (await verifyPermit2Offline(p))
  const read = parsePermit2Payload(p.payload)
  if (!read.ok || (!offline.isValid && !offline.deferred)) return offline
  const { authorization: a, signature } = read
  const payer = a.from
  if (!offline.isValid) {
    const typedData = getPermit2TypedData({ kind: p.kind, chainId: p.requirements.chainId, authorization: a })
    const ok = await client.verifyTypedData({ address: payer, ...typedData, signature } as Parameters<
      PublicClient['verifyTypedData']
    >[0])
    if (!ok)
      return { isValid: false, invalidReason: 'invalid_permit2_signature', invalidMessage: offline.signatureProblem, payer }
  }
  const amount = a.permitted.amount
  const token = p.requirements.asset
  const [allowance, balance, bitmap] = await Promise.all([
    client.readContract({ address: token, abi: erc20Abi, functionName: 'allowance', args: [payer, permit2Address] }),
    client.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [payer] }),
    client.readContract({ address: permit2Address, abi: permit2Abi, functionName: 'nonceBitmap', args: [payer, a.nonce >> 8n] }),
  ])
  if (allowance < amount && p.sponsoring === undefined) {
    return {
      isValid: false,
      invalidReason: 'permit2_allowance_required',
      invalidMessage: `allowance of Permit2 is ${allowance}, needs ${amount}`,
      payer,
    }
  }
  if (balance < amount) {
    return {
      isValid: false,
      invalidReason: 'permit2_insufficient_balance',
      invalidMessage: `balance ${balance} is less than ${amount}`,
      payer,
    }
  }
  if ((bitmap >> (a.nonce & 255n)) & 1n) {
    return {
      isValid: false,
      invalidReason: 'permit2_invalid_nonce',
      invalidMessage: `Permit2 nonce ${a.nonce} of ${payer} is spent`,
      payer,
    }
  }
  if (p.simulate === false) return { isValid: true, payer }
  const call = getPermit2SettleData({ kind: p.kind, authorization: a, signature, amount, sponsoring: p.sponsoring })
  try {
    await client.call({ ...call, account: p.settler })
  } catch (error) {
    const invalidMessage = `settle would revert: ${(error as { shortMessage?: string }).shortMessage ?? String(error)}`
    return { isValid: false, invalidReason: 'permit2_simulation_failed', invalidMessage, payer }
  }
  return { isValid: true, payer }
}
