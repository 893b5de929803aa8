import { createWalletClient, http } from 'viem'
import type { Address, Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { harnessStep, SuiteError } from './errors.js'
import type { Session } from './session.js'

/** Ether the harness account is given once per session, for gas (high front-running fees included). */
export const harnessGas = 10n ** 21n

/** A transaction of the harness account. */
export type HarnessTransaction = { to: Address; data: Hex; gas?: bigint; maxFeePerGas?: bigint; maxPriorityFeePerGas?: bigint }

/** The harness's own funded account (front-running, cancellations, deployments): neither a payer nor the facilitator. */
export type HarnessWallet = {
  readonly address: Address
  /** Sends a transaction (one at a time with the account's others); resolves to its hash once it is in the mempool. */
  send(what: string, transaction: HarnessTransaction): Promise<Hex>
  /** Sends a transaction and waits for it to be mined; a revert is an error of the suite. */
  sendAndWait(what: string, transaction: HarnessTransaction): Promise<void>
}

const wallets = new WeakMap<Session, HarnessWallet>()

/** The session's harness wallet, built (and given gas) once per session. */
export function harnessWallet(session: Session): HarnessWallet {
  const known = wallets.get(session)
  if (known) return known
  const account = privateKeyToAccount(session.frontRunner.privateKey)
  const client = createWalletClient({ account, transport: http(session.chain.rpcUrl) })
  let funded: Promise<void> | undefined
  const send: HarnessWallet['send'] = (what, transaction) =>
    harnessStep(what, async () => {
      funded ??= session.testClient.setBalance({ address: account.address, value: harnessGas })
      await funded
      return session.serialized(() => client.sendTransaction({ chain: null, ...transaction }))
    })
  const wallet: HarnessWallet = {
    address: account.address,
    send,
    async sendAndWait(what, transaction) {
      const hash = await send(what, transaction)
      const receipt = await harnessStep(what, () => session.chain.client.waitForTransactionReceipt({ hash, pollingInterval: 50 }))
      if (receipt.status !== 'success')
        throw new SuiteError({ shortMessage: `the harness could not ${what}: its transaction reverted`, details: hash })
    },
  }
  wallets.set(session, wallet)
  return wallet
}
