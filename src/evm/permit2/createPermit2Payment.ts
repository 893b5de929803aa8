import type { Address, LocalAccount } from 'viem'
import { validAfterBackdateSeconds } from '../constants.js'
import { permit2ProxyOf, type Permit2Kind } from './constants.js'
import { signPermit2Authorization } from './signPermit2Authorization.js'
import { toWirePermit2Authorization } from './toWirePermit2Authorization.js'
import type { Permit2Authorization, Permit2Payload, Permit2Requirements } from './types.js'

export type CreatePermit2PaymentParameters = {
  readonly kind: Permit2Kind
  readonly account: Pick<LocalAccount, 'address' | 'signTypedData'>
  readonly requirements: Permit2Requirements & { readonly maxTimeoutSeconds: number }
  /** upto: the facilitator's announced address (`extra.facilitatorAddress`). */
  readonly facilitator?: Address | undefined
  /** Seconds; default the wall clock. */
  readonly now?: number | undefined
  /** Default: 256 random bits. */
  readonly nonce?: bigint | undefined
}
export type CreatePermit2PaymentReturnType = { payload: Permit2Payload; authorization: Permit2Authorization }
export type CreatePermit2PaymentErrorType = Error

function randomNonce(): bigint {
  const bytes = crypto.getRandomValues(new Uint8Array(32))
  return BigInt(`0x${Buffer.from(bytes).toString('hex')}`)
}

/**
 * Builds and signs the `payload` of an exact-Permit2 or upto payment as chapter 7.2 asks: spender = the
 * scheme's proxy, witness.to = payTo, permitted = { asset, amount }, a fresh random nonce, deadline = now +
 * maxTimeoutSeconds, validAfter backdated by 600 seconds, and for upto the facilitator in the witness.
 *
 * @example
 * const { payload } = await createPermit2Payment({ kind: 'exact', account, requirements })
 */
export async function createPermit2Payment(p: CreatePermit2PaymentParameters): Promise<CreatePermit2PaymentReturnType> {
  const r = p.requirements
  if (p.kind === 'upto' && p.facilitator === undefined) throw new Error('an upto payment needs the facilitator address')
  const now = BigInt(p.now ?? Math.floor(Date.now() / 1000))
  const authorization: Permit2Authorization = {
    from: p.account.address,
    permitted: { token: r.asset, amount: r.amount },
    spender: permit2ProxyOf(p.kind),
    nonce: p.nonce ?? randomNonce(),
    deadline: now + BigInt(r.maxTimeoutSeconds),
    witness: {
      to: r.payTo,
      validAfter: now - BigInt(validAfterBackdateSeconds),
      ...(p.kind === 'upto' ? { facilitator: p.facilitator } : {}),
    },
  }
  const signature = await signPermit2Authorization({ account: p.account, kind: p.kind, chainId: r.chainId, authorization })
  return { payload: { signature, permit2Authorization: toWirePermit2Authorization(authorization) }, authorization }
}
