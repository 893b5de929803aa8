import { createWalletClient, encodeFunctionData, http, maxUint256, numberToHex } from 'viem'
import type { Address } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { ReasonCategory } from '../../../src/errors/reasons.js'
import { categoryOf } from '../../../src/errors/reasons.js'
import {
  createPermit2Payment,
  permit2Address,
  permit2Erc20Abi,
  signPermit2Authorization,
  toWirePermit2Authorization,
} from '../../../src/evm/permit2/index.js'
import type { Permit2Authorization, Permit2Kind } from '../../../src/evm/permit2/index.js'
import type { Outcome, Paid, Signer, TestContext, Wire } from '../../context/types.js'
import { noteReason } from './judge.js'

/** What a Permit2 case pays with: the kind, the plain token (Permit2 only), the EIP-2612 token, the upto facilitator. */
export type Permit2Env = { kind: Permit2Kind; token: Address; permitToken: Address; facilitator: Address | undefined }

/** A Permit2 payment as the harness built it: the wire objects plus the signed authorization. */
export type Permit2Paid = Paid & { permit: Permit2Authorization; permitSigner: Signer }

const asRecord = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {}

/** Sends the payer's own `approve(Permit2, amount)` (the harness gives it gas first). */
export async function approvePermit2(t: TestContext, payer: Signer, token: Address, amount = maxUint256): Promise<void> {
  await t.chain.client.request({ method: 'anvil_setBalance', params: [payer.address, numberToHex(10n ** 18n)] } as never)
  const account = privateKeyToAccount(payer.privateKey)
  const wallet = createWalletClient({ account, chain: t.chain.client.chain, transport: http(t.chain.rpcUrl) })
  const data = encodeFunctionData({ abi: permit2Erc20Abi, functionName: 'approve', args: [permit2Address, amount] })
  const hash = await wallet.sendTransaction({ to: token, data, chain: t.chain.client.chain })
  await t.chain.client.waitForTransactionReceipt({ hash, pollingInterval: 50 })
}

/** A fresh payer holding `fund` of `token`, which has approved Permit2 unless `approve` is false. */
export async function permit2Payer(t: TestContext, token: Address, fund = 1_000_000n, approve = true): Promise<Signer> {
  const payer = await t.payer(0n)
  if (fund > 0n) await t.fundToken(token, payer.address, fund)
  if (approve) await approvePermit2(t, payer, token)
  return payer
}

/** Requirements of a Permit2 payment of `amount` of `asset` (`exact` with assetTransferMethod permit2, or `upto`). */
export function permit2Requirements(t: TestContext, env: Permit2Env, amount: bigint, asset: Address = env.token): Wire {
  const extra: Record<string, unknown> = { assetTransferMethod: 'permit2' }
  if (asset === env.permitToken) Object.assign(extra, { name: 'Permit Token', version: '1' })
  if (env.kind === 'upto') extra['facilitatorAddress'] = env.facilitator
  return t.requirements({ scheme: env.kind, asset, amount, extra })
}

/** Options of {@link permit2Pay}: what to change in the signed permit, and whether the change is signed or tampered. */
export type Permit2PayOptions = {
  payer?: Signer
  amount?: bigint
  requirements?: Wire
  /** Changes the authorization; signed by the payer unless `tamper` (then the original signature stays). */
  mutate?: (a: Permit2Authorization) => Permit2Authorization
  tamper?: boolean
  /** Sign with another key (the authorization still names the payer). */
  signWith?: Signer
  extensions?: Record<string, unknown>
}

/** A correct Permit2 payment of this case's kind (or one changed as `o` says), as raw wire objects. */
export async function permit2Pay(t: TestContext, env: Permit2Env, o: Permit2PayOptions = {}): Promise<Permit2Paid> {
  const amount = o.amount ?? 10_000n
  const payer = o.payer ?? (await permit2Payer(t, env.token))
  const requirements = o.requirements ?? permit2Requirements(t, env, amount)
  const r = asRecord(requirements)
  const account = privateKeyToAccount(payer.privateKey)
  const values = {
    chainId: t.chain.chainId,
    asset: String(r['asset']) as Address,
    payTo: String(r['payTo']) as Address,
    amount: BigInt(String(r['amount'])),
    maxTimeoutSeconds: Number(r['maxTimeoutSeconds'] ?? 300),
  }
  const made = await createPermit2Payment({ kind: env.kind, account, requirements: values, facilitator: env.facilitator })
  let { payload } = made
  const permit = o.mutate ? o.mutate(made.authorization) : made.authorization
  if (o.mutate || o.signWith) {
    const signer = privateKeyToAccount((o.signWith ?? payer).privateKey)
    const signature = o.tamper
      ? payload.signature
      : await signPermit2Authorization({ account: signer, kind: env.kind, chainId: t.chain.chainId, authorization: permit })
    payload = { signature, permit2Authorization: toWirePermit2Authorization(permit) }
  }
  const wire: Wire = { x402Version: 2, accepted: requirements, payload, ...(o.extensions ? { extensions: o.extensions } : {}) }
  return { version: 2, requirements, payload: wire, payer, amount, permit, permitSigner: payer } as unknown as Permit2Paid
}

/**
 * Skips a case when the facilitator does not take this kind: `upto` must be listed in /supported on the harness
 * chain (its `extra.facilitatorAddress`, or the signer, is the witness facilitator); an exact Permit2 payment
 * that the facilitator refuses as an unknown payload or scheme means it offers only EIP-3009.
 */
export async function permit2Env(t: TestContext, kind: Permit2Kind): Promise<Permit2Env> {
  const token = t.chain.contracts['plainToken']
  const permitToken = t.chain.contracts['permitToken']
  if (token === undefined || permitToken === undefined) t.skip('the harness chain has no Permit2 tokens')
  if (kind === 'exact') return { kind, token, permitToken, facilitator: undefined }
  const kinds = asRecord((await t.supported()).body)['kinds']
  const listed = (Array.isArray(kinds) ? kinds : [])
    .map(asRecord)
    .find((k) => k['scheme'] === 'upto' && k['network'] === t.chain.network && k['x402Version'] === 2)
  if (listed === undefined) t.skip(`the facilitator does not list upto on ${t.chain.network} in /supported`)
  const named = asRecord(listed['extra'])['facilitatorAddress']
  const facilitator = typeof named === 'string' ? (named as Address) : t.target.signer
  if (facilitator === undefined) t.skip('the facilitator names no address to sign as the upto witness facilitator')
  return { kind, token, permitToken, facilitator }
}

const unsupported: readonly ReasonCategory[] = ['invalid_payload', 'network']

/** Verifies a correct payment; skips the case when the answer says the facilitator does not take Permit2 at all. */
export async function verifyOffered(t: TestContext, paid: Paid): Promise<Outcome> {
  const o = await t.verify(paid)
  const category = o.reason === undefined ? undefined : categoryOf(o.reason)
  if (o.ok !== true && category !== undefined && unsupported.includes(category))
    t.skip(
      `the facilitator refuses a correct ${String(asRecord(paid.requirements)['scheme'])} Permit2 payment as '${o.reason}': it does not offer Permit2`,
    )
  return o
}

/** The token balances of the payer and payTo of a payment. */
export async function balances(t: TestContext, paid: Permit2Paid, token?: Address): Promise<[bigint, bigint]> {
  const r = asRecord(paid.requirements)
  const asset = token ?? (String(r['asset']) as Address)
  const read = (who: Address) =>
    t.chain.client.readContract({ address: asset, abi: permit2Erc20Abi, functionName: 'balanceOf', args: [who] })
  return Promise.all([read(paid.payer.address), read(String(r['payTo']) as Address)])
}

/**
 * The refusal of a Permit2 payment: a correct payment of the same payer verifies (else the case skips), then this
 * one is not valid at /verify, not settled at /settle, and nothing left the payer or reached payTo.
 */
export async function expectPermit2Refused(
  t: TestContext,
  env: Permit2Env,
  paid: Permit2Paid,
  reasons: readonly ReasonCategory[],
): Promise<void> {
  await verifyOffered(t, await permit2Pay(t, env, { payer: paid.payer, amount: paid.amount }))
  const before = await balances(t, paid)
  const verified = await t.verify(paid)
  t.check(verified.ok !== true, 'verify answered valid for a payment the clause refuses', { body: verified.body })
  noteReason(t, verified, reasons)
  const settled = await t.settle(paid)
  t.check(settled.ok !== true, 'settle answered success for a payment the clause refuses', { body: settled.body })
  const after = await balances(t, paid)
  t.check(after[0] === before[0] && after[1] === before[1], 'tokens moved for a refused payment', {
    before: before.map(String),
    after: after.map(String),
  })
}
