import { isErc6492Signature, parseAbi, parseErc6492Signature } from 'viem'
import type { Address, Hex, PublicClient } from 'viem'
import { verifyHash } from 'viem/actions'
import { contractFailureOf } from './classifyCallError.js'

const erc1271Abi = parseAbi(['function isValidSignature(bytes32 hash, bytes signature) view returns (bytes4)'])
const erc1271Magic = '0x1626ba7e'

export type VerifyContractSignatureParameters = {
  readonly signer: Address
  /** Whether `signer` has code now. */
  readonly deployed: boolean
  readonly digest: Hex
  readonly signature: Hex
  /** Factories an ERC-6492 signature may deploy through; `undefined` allows any. */
  readonly allowedFactories?: readonly string[] | undefined
}

/** Verdict of a contract-signer check: accepted, rejected (with why), or not a contract signer at all. */
export type VerifyContractSignatureReturnType =
  | { readonly kind: 'valid' }
  | { readonly kind: 'invalid'; readonly message: string }
  | { readonly kind: 'not-contract' }

/**
 * Checks a signature the way FiatToken's SignatureChecker will: a deployed `signer` must answer
 * ERC-1271 `isValidSignature` with the magic value (no ECDSA fallback); an undeployed one must carry
 * an ERC-6492 wrapper whose deployment makes the wallet accept it (checked with viem's deployless
 * validator). An undeployed signer without a wrapper is `not-contract` (the EOA verdict stands).
 */
export async function verifyContractSignature(
  client: PublicClient,
  parameters: VerifyContractSignatureParameters,
): Promise<VerifyContractSignatureReturnType> {
  const { signer, deployed, digest, signature, allowedFactories } = parameters
  const wrapped = isErc6492Signature(signature)
  if (deployed) {
    const inner = wrapped ? parseErc6492Signature(signature).signature : signature
    try {
      const answer = await client.readContract({
        address: signer,
        abi: erc1271Abi,
        functionName: 'isValidSignature',
        args: [digest, inner],
      })
      return answer.toLowerCase() === erc1271Magic
        ? { kind: 'valid' }
        : { kind: 'invalid', message: `contract signer ${signer} answered ${answer}, not the ERC-1271 magic value` }
    } catch (error) {
      const reason = contractFailureOf(error)
      if (reason === undefined) throw error
      return { kind: 'invalid', message: `contract signer ${signer} rejected the signature (ERC-1271: ${reason})` }
    }
  }
  if (!wrapped) return { kind: 'not-contract' }
  const { address: factory } = parseErc6492Signature(signature)
  if (allowedFactories !== undefined && !allowedFactories.some((f) => f.toLowerCase() === factory?.toLowerCase())) {
    return { kind: 'invalid', message: `ERC-6492 factory ${factory} is not allowed` }
  }
  const ok = await verifyHash(client, { address: signer, hash: digest, signature })
  return ok
    ? { kind: 'valid' }
    : { kind: 'invalid', message: `counterfactual wallet ${signer} does not accept the signature after deployment (ERC-6492)` }
}
