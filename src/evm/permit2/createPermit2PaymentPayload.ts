import { getAddress, isAddress } from 'viem'
import type { Address, Hex, LocalAccount } from 'viem'
import type { Requirements } from '../../codecs/normalize.js'
import type { PaymentPayloadV2, PaymentRequirementsV2 } from '../../types/v2.js'
import { createPermit2Payment } from './createPermit2Payment.js'

export type CreatePermit2PaymentPayloadParameters = {
  /** Any EIP-712 signer (a viem LocalAccount); typed loosely so that the client's EIP-3009 signer type fits. */
  readonly account: { readonly address: Address; signTypedData: (parameters: never) => Promise<Hex> }
  /** A v2 offer: `upto`, or `exact` with `extra.assetTransferMethod: "permit2"`. */
  readonly requirements: Requirements
  /** Seconds; default the wall clock. */
  readonly now?: number | undefined
  /** Longest validity the payer grants (default: the offer's maxTimeoutSeconds). */
  readonly maxWindowSeconds?: number | undefined
}

/** True when an offer is paid with Permit2: v2 `upto`, or v2 `exact` whose `extra.assetTransferMethod` is `permit2`. */
export function isPermit2Offer(requirements: Requirements): boolean {
  if (requirements.x402Version !== 2) return false
  return (
    requirements.scheme === 'upto' ||
    (requirements.scheme === 'exact' && requirements.extra?.['assetTransferMethod'] === 'permit2')
  )
}

/**
 * The v2 payment envelope of a Permit2 offer (spec/07-permit2.md 7.2): `accepted` is the offer as it came, the payload
 * `{ signature, permit2Authorization }` names the scheme's proxy, the offer's payTo and asset, the amount (for upto, the
 * maximum), and for upto the facilitator announced in `extra.facilitatorAddress`.
 *
 * @example
 * const payment = await createPermit2PaymentPayload({ account, requirements: fromRequirementsV2(accepts[0], resource) })
 */
export async function createPermit2PaymentPayload(p: CreatePermit2PaymentPayloadParameters): Promise<PaymentPayloadV2> {
  const r = p.requirements
  if (!isPermit2Offer(r)) throw new Error(`offer ${r.scheme} on ${r.network} is not paid with Permit2`)
  if (r.chainId === undefined) throw new Error(`network ${r.network} is not an EVM chain`)
  if (!isAddress(r.asset, { strict: false }) || !isAddress(r.payTo, { strict: false }))
    throw new Error('the offer’s asset and payTo must be addresses')
  const kind = r.scheme === 'upto' ? 'upto' : 'exact'
  const named = r.extra?.['facilitatorAddress']
  if (kind === 'upto' && (typeof named !== 'string' || !isAddress(named, { strict: false })))
    throw new Error('an upto offer must name extra.facilitatorAddress')
  const { payload } = await createPermit2Payment({
    kind,
    account: p.account as unknown as Pick<LocalAccount, 'address' | 'signTypedData'>,
    requirements: {
      chainId: r.chainId,
      asset: getAddress(r.asset),
      payTo: getAddress(r.payTo),
      amount: BigInt(r.amount),
      maxTimeoutSeconds: Math.min(r.maxTimeoutSeconds, p.maxWindowSeconds ?? r.maxTimeoutSeconds),
    },
    facilitator: kind === 'upto' ? getAddress(named as string) : undefined,
    now: p.now,
  })
  return {
    x402Version: 2,
    ...(r.resource === undefined ? {} : { resource: r.resource }),
    accepted: r.wire as PaymentRequirementsV2,
    payload,
  }
}
