import { parseAbi } from 'viem'
import type { Address, Hex } from 'viem'
import type { Domain, Paid, Signer, TestContext } from '../../context/types.js'

/** The payer's moves between a verify and its settle, shared by the attack families of both roles. */

const balanceAbi = parseAbi(['function balanceOf(address) view returns (uint256)'])

/** Where a drained balance goes: an address no case pays to. */
export const sink: Address = '0x000000000000000000000000000000000000dEaD'

/** The payer's balance of the payment's asset. */
export function balanceOfPayer(t: TestContext, paid: Paid): Promise<bigint> {
  const token = paid.domain.verifyingContract
  return t.chain.client.readContract({ address: token, abi: balanceAbi, functionName: 'balanceOf', args: [paid.payer.address] })
}

/**
 * The payer moves its whole balance elsewhere with a second authorization of its own (submitted by a
 * harness account, mined before this returns): the first authorization can no longer be paid.
 */
export async function drainPayer(t: TestContext, paid: Paid): Promise<Hex> {
  const value = await balanceOfPayer(t, paid)
  const away = await t.pay({ requirements: paid.requirements, payer: paid.payer, authorization: { value, to: sink } })
  const hash = await t.frontRun(away)
  const receipt = await t.chain.client.waitForTransactionReceipt({ hash, timeout: 20_000 })
  t.check(receipt.status === 'success', `the harness could not move the payer's balance away (${hash})`)
  return hash
}

/** The payer's move of a case: cancel the authorization, or move the balance away. */
export type Move = 'cancel' | 'drain'

/** Makes `move` for `paid`. */
export async function makeMove(t: TestContext, paid: Paid, move: Move): Promise<void> {
  if (move === 'cancel') await t.cancelAuthorization(paid)
  else await drainPayer(t, paid)
}

/**
 * Error-body fragments that reveal internals: stack frames, source paths, exception class names. A
 * message that names the field at fault is fine; where the code broke is not the client's business.
 */
const internals: readonly [string, RegExp][] = [
  ['a stack frame', /\n\s+at .+[(:]\d+|^\s*at .+:\d+:\d+/m],
  ['a source path', /(\/[\w.-]+)+\.(ts|js|mjs|cjs|py|go|rs)\b|node_modules|site-packages|\\src\\/],
  [
    'an exception class',
    /\b(TypeError|ReferenceError|SyntaxError|RangeError|Traceback|panic:|Exception in|NullPointerException)\b/,
  ],
]

/** What an error body leaks, if anything (one label per kind). */
export function leakedInternals(text: string): string[] {
  return internals.filter(([, re]) => re.test(text)).map(([label]) => label)
}

const domainAbi = parseAbi(['function name() view returns (string)', 'function version() view returns (string)'])

/** A chain contract by name, or a skip. */
export const contract = (t: TestContext, name: string): Address =>
  (t.chain.contracts[name] ?? t.skip(`the chain has no ${name}`)) as Address

/** The EIP-712 name and version a token reports. */
export async function tokenDomain(t: TestContext, token: Address): Promise<{ name: string; version: string }> {
  const read = (functionName: 'name' | 'version') => t.chain.client.readContract({ address: token, abi: domainAbi, functionName })
  const [name, version] = await Promise.all([read('name'), read('version')])
  return { name, version }
}

/** A new payer that holds the asset and `token`. */
export async function payerHolding(t: TestContext, token: Address): Promise<Signer> {
  const payer = await t.payer()
  await t.fundToken(token, payer.address, 1_000_000n)
  return payer
}

/**
 * A payment in `token` (requirements and their `extra` domain) from a payer funded in it: correct, or signed
 * for `domain` instead of the token's own (another token's domain).
 */
export async function payInToken(t: TestContext, token: Address, domain?: Partial<Domain>): Promise<Paid> {
  const payer = await payerHolding(t, token)
  const requirements = t.requirements({ asset: token, extra: await tokenDomain(t, token) })
  return t.pay(domain === undefined ? { payer, requirements } : { payer, requirements, domain })
}

/** The EIP-712 domain of the chain's asset. */
export const assetDomain = (t: TestContext): Partial<Domain> => {
  const { address: verifyingContract, name, version } = t.chain.asset
  return { verifyingContract, name, version }
}
