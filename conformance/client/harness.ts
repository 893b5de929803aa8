import { createWalletClient, http } from 'viem'
import type { Address, Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { attachChain, startChain } from '../../src/chain/index.js'
import type { Chain, ChainAccount } from '../../src/chain/index.js'
import { getSettleCall } from '../../src/evm/index.js'
import { X402Error } from '../../src/errors/X402Error.js'
import type { Session } from '../context/context.js'
import { EnvironmentError } from '../context/failure.js'
import { localTarget, mintOn, sessionBasics } from '../context/session.js'
import type { SeenPayment } from './payments.js'

/** Spending limits the user declared for the client (`--client-max-per-request`, `--client-budget`), atomic units. */
export type ClientLimits = { readonly maxPerRequest?: bigint | undefined; readonly budget?: bigint | undefined }

/** What every client case of a run shares: the command, the chain, the payers and the harness's settler. */
export type ClientHarness = {
  readonly command: string
  readonly chain: Chain
  readonly limits: ClientLimits
  /** Time limit of one invocation of the client. */
  readonly invocationTimeoutMs: number
  /** A payer no other running case uses (waits for one); release it when the case ends. */
  acquirePayer(signal: AbortSignal): Promise<{ account: ChainAccount; release(): void }>
  /** Settles a signed authorization on chain as any holder of it could (the hostile endpoint does). */
  settle(payment: SeenPayment, token: Address): Promise<{ transaction: Hex } | { reason: string }>
  /** Sends a contract call from the same settler, in turn with the settlements (e.g. a Permit2 proxy's `settle`). */
  write(call: object): Promise<{ transaction: Hex } | { reason: string }>
}

/** Options of {@link openClientSession}. */
export type ClientSessionOptions = {
  readonly command: string
  readonly limits: ClientLimits
  readonly rpc?: string | undefined
  readonly invocationTimeoutMs?: number
  readonly seed: number
  readonly runs: number
  readonly strict: boolean
}

/** Starts the chain for a client run and returns the runner's session beside the client harness. */
export async function openClientSession(
  options: ClientSessionOptions,
): Promise<{ session: Session; harness: ClientHarness; close(): Promise<void> }> {
  let chain: Chain
  try {
    chain = options.rpc ? await attachChain(options.rpc) : await startChain({ quiet: true })
  } catch (error) {
    const shortMessage = error instanceof X402Error ? error.shortMessage : 'could not start the local chain'
    throw new EnvironmentError({ shortMessage, details: (error as Error).message, cause: error })
  }
  const settler = createWalletClient({
    account: privateKeyToAccount(chain.facilitator.privateKey),
    transport: http(chain.rpcUrl),
  })
  let queue: Promise<unknown> = Promise.resolve()
  const free = [...chain.payers]
  const waiting: (() => void)[] = []
  const harness: ClientHarness = {
    command: options.command,
    chain,
    limits: options.limits,
    invocationTimeoutMs: options.invocationTimeoutMs ?? 45_000,
    async acquirePayer(signal) {
      for (let i = 0; free.length === 0 && i < 10_000; i++) {
        await new Promise<void>((resolve) => waiting.push(resolve))
        signal.throwIfAborted()
      }
      const account = free.shift()!
      return {
        account,
        release: () => {
          free.push(account)
          waiting.shift()?.()
        },
      }
    },
    async settle(payment, token) {
      try {
        const signature = payment.signature ?? '0x'
        return await harness.write(getSettleCall({ authorization: toWire(payment), signature } as never, { asset: token }))
      } catch (error) {
        return { reason: (error as Error).message }
      }
    },
    write(call) {
      const run = async () => {
        try {
          const transaction = await settler.writeContract({ ...call, chain: null } as never)
          const receipt = await chain.publicClient.waitForTransactionReceipt({ hash: transaction })
          return receipt.status === 'success' ? { transaction } : { reason: `transaction ${transaction} reverted` }
        } catch (error) {
          return { reason: (error as { shortMessage?: string }).shortMessage ?? (error as Error).message }
        }
      }
      const next = queue.then(run)
      queue = next.catch(() => undefined)
      return next
    },
  }
  const session: Session = {
    ...sessionBasics(options, chain),
    target: localTarget('client', chain.facilitator.address),
    facilitatorVersions: new Set(),
    offers: new Map(),
    fund: mintOn(chain),
    serialized: (send) => send(),
    reproduce: `--client ${JSON.stringify(options.command)} `,
  }
  return { session, harness, close: () => chain.stop() }
}

function toWire(payment: SeenPayment): Record<string, string> {
  const a = payment.authorization!
  return {
    from: a.from,
    to: a.to,
    value: `${a.value}`,
    validAfter: `${a.validAfter}`,
    validBefore: `${a.validBefore}`,
    nonce: a.nonce,
  }
}
