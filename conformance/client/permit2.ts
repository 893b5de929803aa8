import { createWalletClient, http, maxUint256, recoverTypedDataAddress } from 'viem'
import type { Address, Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import {
  getPermit2SettleCall,
  getPermit2TypedData,
  parsePermit2Payload,
  permit2Address,
  permit2Erc20Abi,
  verifyPermit2Offline,
} from '../../src/evm/permit2/index.js'
import type { Permit2Authorization, Permit2Kind } from '../../src/evm/permit2/index.js'
import type { VerifyResult } from '../../src/evm/types.js'
import { CaseFailure, CaseSkip } from '../context/failure.js'
import { redact } from './context.js'
import type { ClientContext, Observation } from './context.js'
import type { Play } from './endpoint.js'
import { evidenceOf } from './expect.js'
import { receiptHeader } from './offers.js'
import type { Offer } from './offers.js'

/** A Permit2 payment the harness received, read into numbers. */
export type SeenPermit2 = { readonly authorization: Permit2Authorization; readonly signature: Hex; readonly wire: unknown }

/** The kind of a Permit2 offer and what the harness settles of it (upto: half the maximum, the amount "used"). */
export type Permit2Exchange = { readonly kind: Permit2Kind; readonly offer: Offer; readonly settles: bigint }

/**
 * A Permit2 offer of the harness asset (the one the client is configured to pay with): `exact` with
 * `extra.assetTransferMethod: "permit2"`, or `upto` announcing the harness settler as `extra.facilitatorAddress`.
 */
export function permit2Exchange(c: ClientContext, kind: Permit2Kind): Permit2Exchange {
  const { name, version } = c.harness.chain.asset
  const extra =
    kind === 'exact'
      ? { name, version, assetTransferMethod: 'permit2' }
      : { name, version, facilitatorAddress: c.harness.chain.facilitator.address }
  return { kind, offer: c.offer({ scheme: kind, extra }), settles: kind === 'exact' ? c.price : c.price / 2n }
}

/** The payer approves Permit2 for the harness asset once (a payer's one-time setup, before it is asked to pay). */
async function approvePermit2(c: ClientContext): Promise<void> {
  const { chain } = c.harness
  const token = chain.asset.address
  const args = [c.payer, permit2Address] as const
  const allowance = await chain.publicClient.readContract({
    address: token,
    abi: permit2Erc20Abi,
    functionName: 'allowance',
    args,
  })
  if (allowance >= maxUint256 / 2n) return
  // The harness's payers hold tokens, not always gas: the approval's gas is the harness's gift.
  if ((await chain.publicClient.getBalance({ address: c.payer })) < 10n ** 16n)
    await chain.testClient.setBalance({ address: c.payer, value: 10n ** 17n })
  const wallet = createWalletClient({ account: privateKeyToAccount(c.privateKey), transport: http(chain.rpcUrl) })
  const hash = await wallet.writeContract({
    address: token,
    abi: permit2Erc20Abi,
    functionName: 'approve',
    args: [permit2Address, maxUint256],
    chain: null,
  })
  await chain.publicClient.waitForTransactionReceipt({ hash })
}

/** The Permit2 payload of a payment header, read, or why not. */
export function readPermit2(payload: Record<string, unknown> | undefined) {
  return parsePermit2Payload(payload?.['payload'])
}

/**
 * An honest server of one Permit2 offer: the challenge (after the payer's approval of Permit2), then the permit as
 * signed settled through the scheme's proxy by the harness settler (`exchange.settles` for upto) and the content served
 * with the receipt. Failed settlements are pushed to `failures`.
 */
export function permit2Honest(c: ClientContext, exchange: Permit2Exchange, failures: string[] = []): Play {
  const { kind, offer, settles } = exchange
  return async (hit, at) => {
    if (hit.payment === undefined) {
      await approvePermit2(c)
      return c.challenge([offer], at.origin)
    }
    const read = readPermit2(hit.payment.payload)
    if (!read.ok) return c.challenge([offer], at.origin, { error: 'invalid_payload' })
    const { authorization, signature } = read
    const call =
      kind === 'exact'
        ? getPermit2SettleCall({ kind, authorization, signature })
        : getPermit2SettleCall({ kind, authorization, signature, amount: settles })
    const settled = await c.harness.write(call)
    if (!('transaction' in settled)) {
      failures.push(settled.reason)
      return c.challenge([offer], at.origin, { error: `settlement failed: ${settled.reason}`.slice(0, 300) })
    }
    const receipt = { success: true, transaction: settled.transaction, network: c.network, payer: authorization.from }
    return {
      status: 200,
      headers: { 'content-type': 'application/json', ...receiptHeader(2, { ...receipt, amount: `${settles}` }) },
      body: '{"paid":true}',
    }
  }
}

/**
 * The Permit2 payments of an exchange. Permit2 and upto are optional for a client: one that pays nothing, or answers
 * with an EIP-3009 authorization, is skipped. An unreadable payload is failed by `unreadable` (the payload case) or skipped.
 */
export function permit2Payments(
  c: ClientContext,
  obs: Observation,
  unreadable: 'fail' | 'skip' = 'skip',
): readonly SeenPermit2[] {
  const shaped = obs.attempts.filter((a) => {
    const inner = a.payload?.['payload'] as Record<string, unknown> | undefined
    return inner !== undefined && typeof inner === 'object' && 'permit2Authorization' in inner
  })
  const broken = obs.hits.find((h) => h.reply?.body?.startsWith('harness endpoint failed'))
  if (shaped.length === 0 && broken) throw new Error(broken.reply!.body!.split('\n')[0]!.slice(0, 300))
  if (shaped.length === 0) {
    const what = obs.attempts.length === 0 ? 'paid nothing' : 'answered with a payment that carries no permit2Authorization'
    const last = obs.invocations.at(-1)
    const end = last?.timedOut
      ? 'timed out'
      : `exit ${last?.exitCode}: ${redact(last?.stderr ?? '', c.privateKey)
          .trim()
          .slice(-160)}`
    throw new CaseSkip(`the client ${what} (${end}): it does not pay Permit2 offers (optional)`)
  }
  return shaped.map((a) => {
    const read = readPermit2(a.payload)
    if (read.ok) return { authorization: read.authorization, signature: read.signature, wire: a.payload?.['payload'] }
    if (unreadable === 'skip')
      throw new CaseSkip(`the Permit2 payload cannot be read (${read.message}); judged by client.permit2.exact-payload`)
    throw new CaseFailure(
      `the Permit2 payload cannot be read: ${read.message}; no verifier can settle it`,
      evidenceOf(c, obs, { payload: a.payload?.['payload'] }),
    )
  })
}

/** What the verifier of the offer answers for the payment offline (spec/07-permit2.md 7.3 steps 1–8). */
export function verifyOffline(c: ClientContext, exchange: Permit2Exchange, p: SeenPermit2): Promise<VerifyResult> {
  const o = exchange.offer
  return verifyPermit2Offline({
    kind: exchange.kind,
    payload: p.wire,
    requirements: {
      chainId: c.harness.chain.chainId,
      asset: o['asset'] as Address,
      payTo: o['payTo'] as Address,
      amount: BigInt(String(o['amount'])),
    },
    now: c.now(),
    facilitators: [c.harness.chain.facilitator.address],
  })
}

/** Domains a client might sign in by mistake, with the scheme's types: the first one under which `from` signed, or undefined. */
export async function wrongDomainOf(c: ClientContext, kind: Permit2Kind, p: SeenPermit2): Promise<string | undefined> {
  const typed = getPermit2TypedData({ kind, chainId: c.harness.chain.chainId, authorization: p.authorization })
  const tries: Record<string, object> = {
    'chain id 1': { ...typed.domain, chainId: 1 },
    'version "1" added': { ...typed.domain, version: '1' },
    'the token as verifying contract': { ...typed.domain, verifyingContract: p.authorization.permitted.token },
    'no chain id': { name: 'Permit2', verifyingContract: permit2Address },
  }
  for (const [what, domain] of Object.entries(tries)) {
    const signer = await recoverTypedDataAddress({ ...typed, domain, signature: p.signature } as never).catch(() => undefined)
    if (signer?.toLowerCase() === p.authorization.from.toLowerCase()) return what
  }
  return undefined
}
