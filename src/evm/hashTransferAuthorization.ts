import { concatHex, encodeAbiParameters, numberToHex, stringToHex } from 'viem'
import type { Hex } from 'viem'
import { keccak256Hex as keccak256 } from './keccak256Hex.js'
import type { TransferAuthorization, TransferDomain } from './types.js'

const domainTypeHash = keccak256(
  stringToHex('EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)'),
)
const structTypeHash = keccak256(
  stringToHex(
    'TransferWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)',
  ),
)
const maxCachedDomains = 256
const domainSeparators = new Map<string, Hex>()

/** EIP-712 domain separator of a token domain, cached (bounded) since a verifier sees few domains. */
export function getDomainSeparator(domain: TransferDomain): Hex {
  const key = `${domain.chainId}\u0000${domain.verifyingContract.toLowerCase()}\u0000${domain.name}\u0000${domain.version}`
  const cached = domainSeparators.get(key)
  if (cached !== undefined) return cached
  const separator = keccak256(
    encodeAbiParameters(
      [{ type: 'bytes32' }, { type: 'bytes32' }, { type: 'bytes32' }, { type: 'uint256' }, { type: 'address' }],
      [
        domainTypeHash,
        keccak256(stringToHex(domain.name)),
        keccak256(stringToHex(domain.version)),
        BigInt(domain.chainId),
        domain.verifyingContract,
      ],
    ),
  )
  if (domainSeparators.size >= maxCachedDomains) domainSeparators.delete(domainSeparators.keys().next().value as string)
  domainSeparators.set(key, separator)
  return separator
}

const word = (hex: string): string => hex.slice(2).toLowerCase().padStart(64, '0')

/**
 * The EIP-712 digest of a `TransferWithAuthorization` (what the payer signs), equal to viem's
 * `hashTypedData` of {@link getTransferTypedData} but with the domain separator and type hash cached.
 * Values must already be in range (uint256, 20-byte addresses, 32-byte nonce).
 *
 * @example
 * const digest = hashTransferAuthorization(domain, authorization)
 */
export function hashTransferAuthorization(domain: TransferDomain, authorization: TransferAuthorization): Hex {
  const { from, to, value, validAfter, validBefore, nonce } = authorization
  const encoded =
    `0x${word(structTypeHash)}${word(from)}${word(to)}${word(numberToHex(value))}${word(numberToHex(validAfter))}${word(numberToHex(validBefore))}${word(nonce)}` as Hex
  return keccak256(concatHex(['0x1901', getDomainSeparator(domain), keccak256(encoded)]))
}

/** keccak256 of the `TransferWithAuthorization` type string (EIP-3009's TRANSFER_WITH_AUTHORIZATION_TYPEHASH). */
export const transferWithAuthorizationTypeHash: Hex = structTypeHash
