import type { LocalAccount, PublicClient } from 'viem'
import type { Logger } from './logger.js'
import type { TransactionSender } from './nonceManager.js'

/** Everything a facilitator step may use: the chain, the signer and the clock. */
export type FacilitatorContext = {
  readonly client: PublicClient
  readonly account: LocalAccount
  readonly chainId: number
  /** CAIP-2 id of the chain (`eip155:<chainId>`). */
  readonly network: `eip155:${number}`
  /** The v1 name of the chain, when v1 has one. */
  readonly networkV1: string | undefined
  readonly sender: TransactionSender
  readonly log: Logger
  /** How long to wait for a settlement's receipt before reporting it timed out (ms). */
  readonly receiptTimeoutMs: number
  /** Wall clock in unix seconds (the facilitator judges time windows by its own clock). */
  readonly now: () => number
}
