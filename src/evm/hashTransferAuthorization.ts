import { concatHex, encodeAbiParameters, numberToHex, stringToHex } from 'viem'
import type { Hex } from 'viem'
import { defaultSecp256k1Backend } from './defaultSecp256k1Backend.js'
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
const domainSeparators = new Map<string, { readonly hex: Hex; readonly bytes: Buffer }>()

/** The domain separator as hex and as bytes, cached (bounded) since a verifier sees few domains. */
function domainSeparatorOf(domain: TransferDomain): { readonly hex: Hex; readonly bytes: Buffer } {
  const key = `${domain.chainId}\u0000${domain.verifyingContract.toLowerCase()}\u0000${domain.name}\u0000${domain.version}`
  const cached = domainSeparators.get(key)
  if (cached !== undefined) return cached
  const hex = keccak256(
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
  const entry = { hex, bytes: Buffer.from(hex.slice(2), 'hex') }
  domainSeparators.set(key, entry)
  return entry
}

/** EIP-712 domain separator of a token domain, cached (bounded) since a verifier sees few domains. */
export function getDomainSeparator(domain: TransferDomain): Hex {
  return domainSeparatorOf(domain).hex
}

const word = (hex: string): string => hex.slice(2).toLowerCase().padStart(64, '0')

/** The digest through hex strings and viem (any input, as viem takes it: throws where viem throws). */
function hashByHex(domain: TransferDomain, authorization: TransferAuthorization): Hex {
  const { from, to, value, validAfter, validBefore, nonce } = authorization
  const encoded =
    `0x${word(structTypeHash)}${word(from)}${word(to)}${word(numberToHex(value))}${word(numberToHex(validAfter))}${word(numberToHex(validBefore))}${word(nonce)}` as Hex
  return keccak256(concatHex(['0x1901', getDomainSeparator(domain), keccak256(encoded)]))
}

// The ABI encoding of the struct (seven words) and of the digest input (0x1901 ‖ separator ‖ struct hash),
// written in place: buffers reused by every call (the verify path is synchronous).
const struct = Buffer.alloc(224)
struct.write(structTypeHash.slice(2), 0, 32, 'hex')
const message = Buffer.alloc(66)
message[0] = 0x19
message[1] = 0x01
const uint256Max = 2n ** 256n - 1n

/** Writes `0x` + 40 hex digits at word `offset` (left-padded); false when it is not that. */
const writeAddress = (hex: string, offset: number): boolean =>
  hex.length === 42 && hex.startsWith('0x') && struct.write(hex.slice(2), offset + 12, 20, 'hex') === 20
const safeMax = BigInt(Number.MAX_SAFE_INTEGER)
/** Writes a uint256 as word `offset`; false when it is not one. Amounts and times fit 53 bits: no string then. */
function writeUint(x: bigint, offset: number): boolean {
  if (typeof x !== 'bigint' || x < 0n || x > uint256Max) return false
  if (x > safeMax) return struct.write(x.toString(16).padStart(64, '0'), offset, 32, 'hex') === 32
  const n = Number(x)
  struct.fill(0, offset, offset + 24)
  struct.writeUInt32BE(Math.floor(n / 0x1_0000_0000), offset + 24)
  struct.writeUInt32BE(n % 0x1_0000_0000, offset + 28)
  return true
}

/**
 * The EIP-712 digest of a `TransferWithAuthorization` as 32 bytes, the same as {@link hashTransferAuthorization}
 * (which it computes without hex strings where the values are in range). The bytes are the caller's.
 *
 * @example
 * const digest = transferAuthorizationDigest(domain, authorization) // Uint8Array(32)
 */
export function transferAuthorizationDigest(domain: TransferDomain, authorization: TransferAuthorization): Uint8Array {
  const { from, to, value, validAfter, validBefore, nonce } = authorization
  const inPlace =
    writeAddress(from, 32) &&
    writeAddress(to, 64) &&
    writeUint(value, 96) &&
    writeUint(validAfter, 128) &&
    writeUint(validBefore, 160) &&
    nonce.length === 66 &&
    nonce.startsWith('0x') &&
    struct.write(nonce.slice(2), 192, 32, 'hex') === 32
  if (!inPlace) return Buffer.from(hashByHex(domain, authorization).slice(2), 'hex')
  const { keccak256: hash } = defaultSecp256k1Backend
  domainSeparatorOf(domain).bytes.copy(message, 2)
  message.set(hash(struct), 34)
  return Buffer.from(hash(message))
}

/**
 * The EIP-712 digest of a `TransferWithAuthorization` (what the payer signs), equal to viem's
 * `hashTypedData` of {@link getTransferTypedData} but with the domain separator and type hash cached.
 * Values must already be in range (uint256, 20-byte addresses, 32-byte nonce).
 *
 * @example
 * const digest = hashTransferAuthorization(domain, authorization)
 */
export function hashTransferAuthorization(domain: TransferDomain, authorization: TransferAuthorization): Hex {
  return `0x${Buffer.from(transferAuthorizationDigest(domain, authorization)).toString('hex')}`
}

/** keccak256 of the `TransferWithAuthorization` type string (EIP-3009's TRANSFER_WITH_AUTHORIZATION_TYPEHASH). */
export const transferWithAuthorizationTypeHash: Hex = structTypeHash
