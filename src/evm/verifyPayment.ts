import { getAddress, isErc6492Signature } from 'viem'
import type { Address, Hex, PublicClient } from 'viem'
import type { Reason } from '../errors/reasons.js'
import { eip3009Abi } from './abi.js'
import { assertUnixSeconds, checkPaymentOffline, runOfflineChecks } from './checkPaymentOffline.js'
import { contractFailureOf } from './classifyCallError.js'
import { getDomainSeparator, hashTransferAuthorization } from './hashTransferAuthorization.js'
import type { OfflineCheckOptions } from './offlineChecks.js'
import type { ExactPayment, VerifyContext } from './parseVerifyInput.js'
import { readContractCached } from './readContractCached.js'
import { simulateSettlement } from './simulateSettlement.js'
import type { VerifyResult } from './types.js'
import { verifyContractSignature } from './verifyContractSignature.js'

export type VerifyPaymentParameters = OfflineCheckOptions & {
  readonly paymentPayload: unknown
  readonly paymentRequirements: unknown
  readonly x402Version?: 1 | 2 | undefined
  /** The verifier's clock, unix seconds; defaults to the wall clock. */
  readonly now?: number
  /** Run the final `transferWithAuthorization` simulation (default true). */
  readonly simulate?: boolean
  /** Factories an ERC-6492 signature may deploy through; `undefined` allows any. */
  readonly allowedFactories?: readonly string[]
}
export type VerifyPaymentReturnType = VerifyResult

const settled = <T>(r: PromiseSettledResult<T>): T => {
  if (r.status === 'rejected') throw r.reason
  return r.value
}

/**
 * Verifies an exact-EVM payment against a chain: the offline checks, then the chain is the one the
 * requirements name, the asset is a contract whose EIP-712 domain is the one signed, the payer's
 * balance covers the amount, the nonce is unused, a contract signer accepts the signature
 * (ERC-1271 / ERC-6492), and finally `transferWithAuthorization` simulates. The first failure is
 * returned with its code; an RPC failure gives `unexpected_verify_error`. Never throws for bad input.
 *
 * @example
 * const result = await verifyPayment(publicClient, { paymentPayload, paymentRequirements, now })
 */
export async function verifyPayment(client: PublicClient, parameters: VerifyPaymentParameters): Promise<VerifyPaymentReturnType> {
  const now = parameters.now ?? Math.floor(Date.now() / 1000)
  const { result: offline, context } = checkPaymentOffline({ ...parameters, now })
  return context === undefined ? offline : verifyOnChain(client, context, offline, parameters)
}

export type VerifyExactPaymentParameters = Omit<
  VerifyPaymentParameters,
  'paymentPayload' | 'paymentRequirements' | 'x402Version'
> & {
  /** The payment as {@link readPayment} read it. */
  readonly payment: ExactPayment
}

/**
 * {@link verifyPayment} for a payment already read (by {@link readPayment}): the same checks after
 * the shape checks, without parsing the wire objects again.
 *
 * @example
 * const read = readPayment(paymentPayload, paymentRequirements)
 * if (read.ok) result = await verifyExactPayment(publicClient, { payment: read.payment, now })
 */
export async function verifyExactPayment(
  client: PublicClient,
  parameters: VerifyExactPaymentParameters,
): Promise<VerifyPaymentReturnType> {
  const now = parameters.now ?? Math.floor(Date.now() / 1000)
  assertUnixSeconds(now)
  const context: VerifyContext = { ...parameters.payment, now: BigInt(now) }
  return verifyOnChain(client, context, runOfflineChecks(context, parameters), parameters)
}

/** The on-chain steps, after the offline verdict (final unless it is a deferred signature failure). */
async function verifyOnChain(
  client: PublicClient,
  context: VerifyContext,
  offline: VerifyResult,
  parameters: OfflineCheckOptions & Pick<VerifyPaymentParameters, 'simulate' | 'allowedFactories'>,
): Promise<VerifyResult> {
  if (!offline.isValid && offline.deferred !== true) return offline
  const { authorization: a, requirements, payer, domain, payload } = context
  const fail = (invalidReason: Reason, invalidMessage: string): VerifyResult => ({
    isValid: false,
    invalidReason,
    invalidMessage,
    payer,
  })
  if (domain === undefined) return offline
  const asset = getAddress(requirements.asset)
  try {
    const chainId = client.chain?.id ?? (await client.getChainId())
    if (chainId !== requirements.chainId)
      return fail('invalid_network', `this verifier is on chain ${chainId}, the requirements name ${requirements.chainId}`)
    // A valid EOA signature needs no contract check, so its simulation goes out with the reads: on a
    // batching transport the whole verify is one round trip. Its verdict is still read last.
    const simulateNow = offline.isValid && parameters.simulate !== false
    const [assetCode, payerCode, separator, balance, used, simulated] = await Promise.allSettled([
      client.getCode({ address: asset }),
      client.getCode({ address: a.from }),
      readContractCached<Hex>(client, { address: asset, abi: eip3009Abi, functionName: 'DOMAIN_SEPARATOR' }),
      readContractCached<bigint>(client, { address: asset, abi: eip3009Abi, functionName: 'balanceOf', args: [a.from] }),
      readContractCached<boolean>(client, {
        address: asset,
        abi: eip3009Abi,
        functionName: 'authorizationState',
        args: [a.from, a.nonce],
      }),
      simulateNow ? simulateSettlement(client, payload, asset, false) : undefined,
    ])
    const deployed = settled(payerCode) !== undefined && settled(payerCode) !== '0x'
    // An EOA's bad signature is final offline (step 16 precedes the chain steps); only contract signers wait.
    if (!offline.isValid && !deployed && !isErc6492Signature(context.signature)) return stripDeferred(offline)
    const code = settled(assetCode)
    if (code === undefined || code === '0x')
      return fail('invalid_exact_evm_asset', `asset ${asset} has no code on chain ${chainId}`)
    if (separator.status === 'fulfilled' && separator.value.toLowerCase() !== getDomainSeparator(domain).toLowerCase()) {
      return fail(
        'invalid_exact_evm_token_domain_mismatch',
        `the token's DOMAIN_SEPARATOR is not that of name "${domain.name}", version "${domain.version}", chain ${domain.chainId}`,
      )
    }
    if (separator.status === 'rejected' && contractFailureOf(separator.reason) === undefined) throw separator.reason
    const contractRead = <T>(r: PromiseSettledResult<T>, what: string): { value: T } | { failure: string } => {
      if (r.status === 'fulfilled') return { value: r.value }
      const reason = contractFailureOf(r.reason)
      if (reason === undefined) throw r.reason
      return { failure: `asset ${asset} is not an EIP-3009 token (${what}: ${reason})` }
    }
    const b = contractRead(balance, 'balanceOf')
    if ('failure' in b) return fail('invalid_exact_evm_asset', b.failure)
    if (b.value < a.value) return fail('insufficient_funds', `balance ${b.value} of ${a.from} is below ${a.value}`)
    const u = contractRead(used, 'authorizationState')
    if ('failure' in u) return fail('invalid_exact_evm_asset', u.failure)
    if (u.value) return fail('invalid_exact_evm_nonce_already_used', `nonce ${a.nonce} of ${a.from} is already used or canceled`)
    let counterfactual = false
    if (!offline.isValid) {
      const verdict = await verifyContractSignature(client, {
        signer: a.from,
        deployed,
        digest: hashTransferAuthorization(domain, a),
        signature: context.signature,
        allowedFactories: parameters.allowedFactories,
      })
      if (verdict.kind === 'not-contract') return stripDeferred(offline)
      if (verdict.kind === 'invalid') return fail('invalid_exact_evm_payload_signature', verdict.message)
      counterfactual = !deployed && isErc6492Signature(context.signature)
    }
    if (parameters.simulate !== false) {
      const why = simulateNow ? settled(simulated) : await simulateSettlement(client, payload, asset, counterfactual)
      if (why !== undefined) return fail('invalid_exact_evm_transaction_simulation_failed', why)
    }
    return { isValid: true, payer: payer as Address }
  } catch (error) {
    const message = error instanceof Error ? ((error as { shortMessage?: string }).shortMessage ?? error.message) : String(error)
    return fail('unexpected_verify_error', `chain query failed: ${message}`)
  }
}

/** The on-chain layer settled what offline could not: the verdict is final, no longer deferred. */
function stripDeferred(result: Extract<VerifyResult, { deferred: true }>): VerifyResult {
  const { deferred: _deferred, signatureProblem, ...rest } = result
  return {
    ...rest,
    invalidMessage: `${signatureProblem}; from has no code and no ERC-6492 wrapper, so no contract signer can accept it`,
  }
}
