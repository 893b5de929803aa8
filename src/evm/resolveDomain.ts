import { getAddress, isAddress } from 'viem'
import type { Requirements } from '../codecs/normalize.js'
import { UnpayableRequirementsError } from '../errors/input.js'
import { findEvmNetwork } from '../networks/registry.js'
import type { TransferDomain } from './types.js'

export type ResolveDomainErrorType = UnpayableRequirementsError

/** Why a domain could not be formed (see {@link findDomain}). */
export type FindDomainFailure = { readonly ok: false; readonly message: string }

/**
 * The EIP-712 domain a payment for `requirements` is signed under, or why there is none:
 * `name`/`version` from `extra`, else from the network's default asset when `asset` is that
 * asset; `chainId` from the network; `verifyingContract` = `asset` (exact-evm.typed-data.domain-source).
 */
export function findDomain(
  requirements: Pick<Requirements, 'chainId' | 'asset' | 'extra' | 'network'>,
): { readonly ok: true; readonly domain: TransferDomain } | FindDomainFailure {
  const { chainId, asset, extra } = requirements
  if (chainId === undefined) return { ok: false, message: `network ${requirements.network} names no EVM chain` }
  if (!isAddress(asset, { strict: false })) return { ok: false, message: `asset ${asset} is not an EVM address` }
  const verifyingContract = getAddress(asset)
  const name = extra?.['name']
  const version = extra?.['version']
  if (typeof name === 'string' && typeof version === 'string' && name !== '' && version !== '') {
    return { ok: true, domain: { name, version, chainId, verifyingContract } }
  }
  if (name !== undefined || version !== undefined) {
    const bad = [name, version].some((v) => v !== undefined && (typeof v !== 'string' || v === ''))
    if (bad) return { ok: false, message: 'extra.name and extra.version must be non-empty strings' }
  }
  const fallback = findEvmNetwork(chainId)?.defaultAsset
  if (fallback && fallback.address.toLowerCase() === asset.toLowerCase()) {
    return {
      ok: true,
      domain: {
        name: typeof name === 'string' ? name : fallback.name,
        version: typeof version === 'string' ? version : fallback.version,
        chainId,
        verifyingContract,
      },
    }
  }
  return {
    ok: false,
    message: `extra.name/extra.version missing and ${asset} is not the default asset of ${requirements.network}`,
  }
}

/**
 * The EIP-712 domain for `requirements` (see {@link findDomain}); throws an
 * {@link UnpayableRequirementsError} when none can be formed.
 *
 * @example
 * const domain = resolveDomain(fromRequirementsV2(accepts[0]))
 */
export function resolveDomain(requirements: Pick<Requirements, 'chainId' | 'asset' | 'extra' | 'network'>): TransferDomain {
  const found = findDomain(requirements)
  if (!found.ok)
    throw new UnpayableRequirementsError({
      problem: 'cannot form the EIP-712 domain of the payment',
      details: found.message,
      clause: 'exact-evm.typed-data.domain-source',
    })
  return found.domain
}
