import { erc20Abi, isAddressEqual, parseEventLogs } from 'viem'
import type { Address, Log } from 'viem'

/** What a settlement must have moved. */
export type ExpectedTransfer = { token: Address; from: Address; to: Address; value: bigint }

/**
 * Checks a settlement receipt's logs: the token emitted `Transfer` events moving exactly `value`
 * from the payer to payTo, and nothing else out of the payer. Returns a problem, or undefined when
 * the transfer is as expected (a token can "succeed" without transferring).
 */
export function checkTransfer(logs: readonly Log[], expected: ExpectedTransfer): string | undefined {
  const transfers = parseEventLogs({ abi: erc20Abi, eventName: 'Transfer', logs: logs as Log[], strict: true }).filter((l) =>
    isAddressEqual(l.address, expected.token),
  )
  const fromPayer = transfers.filter((t) => isAddressEqual(t.args.from, expected.from))
  if (fromPayer.length === 0) return 'the transaction emitted no Transfer from the payer'
  const toPayee = fromPayer.filter((t) => isAddressEqual(t.args.to, expected.to))
  const moved = toPayee.reduce((sum, t) => sum + t.args.value, 0n)
  if (toPayee.length !== fromPayer.length) return "the transaction moved the payer's tokens to another address"
  if (moved !== expected.value) return `the transaction moved ${moved}, expected ${expected.value}`
  return undefined
}
