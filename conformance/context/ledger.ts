import { getAddress } from 'viem'
import type { Address, Hex, PublicClient } from 'viem'
import { authorizationState, balanceOf, transferEvents, txCount, type TransferEvent } from '../../src/chain/ledger.js'
import { CaseFailure } from './failure.js'
import type { Paid } from './types.js'

/** A balance change recorded for the report. */
export type LedgerDelta = { label: string; address: string; before: string; after: string; delta: string }

/** The chain state before a call, for {@link LedgerOracle.expectPaid} and {@link LedgerOracle.expectUntouched}. */
export type Snapshot = {
  readonly block: bigint
  readonly paid: Paid
  readonly asset: Address
  readonly payTo: Address
  readonly payer: bigint
  readonly payToBalance: bigint
  readonly signerBalance: bigint | undefined
  readonly signerTxCount: number | undefined
  /** Whether the authorization's nonce was already used or cancelled at the snapshot. */
  readonly nonceUsed: boolean
}

/** The ledger oracle: what moved on chain around a call. */
export type LedgerOracle = {
  snapshot(paid: Paid): Promise<Snapshot>
  /** Payer −amount, payTo +amount, one Transfer for this authorization (in `transaction` if given), nonce used. */
  expectPaid(before: Snapshot, transaction?: string): Promise<void>
  /** Nothing moved for this payment: balances, nonce, no transaction mentions the payer, signer idle. */
  expectUntouched(before: Snapshot): Promise<void>
  /** Transactions the facilitator signer sent since the snapshot (undefined when the signer is unknown). */
  signerTransactions(before: Snapshot): Promise<number | undefined>
  /** Count of Transfer events from the payer since the snapshot. */
  transfersFrom(before: Snapshot): Promise<TransferEvent[]>
}

type LedgerOptions = {
  client: PublicClient
  signer: Address | undefined
  /** True when no other case runs at the same time (the signer's tx count is then exact). */
  exclusive: boolean
  /**
   * True when payTo is shared with cases running at the same time (a server's payTo): its balance is
   * then judged by this payment's Transfer alone, not by its total movement.
   */
  payToShared: boolean
  record(delta: LedgerDelta): void
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Creates the ledger oracle of one case. */
export function createLedger(options: LedgerOptions): LedgerOracle {
  const { client, signer, exclusive, payToShared, record } = options
  const balance = (token: Address, who: Address, blockNumber?: bigint) => balanceOf(client, token, who, blockNumber)
  const used = (token: Address, who: Address, nonce: Hex) => authorizationState(client, token, who, nonce)
  const latestBlock = () => client.getBlockNumber({ cacheTime: 0 })
  // Balances and logs are read at one fixed block so that concurrent cases moving the same payTo cannot skew them.
  const transfers = (before: Snapshot, end?: bigint) => transferEvents(client, before.asset, before.block + 1n, end)
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()
  const note = (label: string, address: string, b: bigint, a: bigint) =>
    record({ label, address, before: b.toString(), after: a.toString(), delta: (a - b).toString() })

  return {
    async snapshot(paid) {
      const isAddress = (v: unknown): v is Address => typeof v === 'string' && /^0x[0-9a-fA-F]{40}$/.test(v)
      // A case may re-case an address on purpose (matching.address-case): the chain reads use its checksum form.
      const checksummed = (v: Address) => getAddress(v.toLowerCase())
      // The token money could move on: the requirements' asset if it is a contract, else the one signed for.
      const candidates = [paid.requirements['asset'], paid.domain.verifyingContract].filter(isAddress).map(checksummed)
      const signedFor = paid.domain.verifyingContract
      let asset = isAddress(signedFor) ? checksummed(signedFor) : signedFor
      for (const c of candidates) {
        const code = await client.getCode({ address: c }).catch(() => undefined)
        if (code !== undefined && code !== '0x') {
          asset = c
          break
        }
      }
      const payTo = isAddress(paid.requirements['payTo']) ? checksummed(paid.requirements['payTo']) : paid.authorization.to
      const block = await latestBlock()
      const [payer, payToBalance, signerBalance, signerTxCount, nonceUsed] = await Promise.all([
        balance(asset, paid.payer.address, block),
        balance(asset, payTo, block),
        signer ? balance(asset, signer, block) : Promise.resolve(undefined),
        signer ? txCount(client, signer, 'pending') : Promise.resolve(undefined),
        used(asset, paid.payer.address, paid.authorization.nonce).catch(() => false),
      ])
      return { block, paid, asset, payTo, payer, payToBalance, signerBalance, signerTxCount, nonceUsed }
    },

    signerTransactions: async (before) =>
      signer && before.signerTxCount !== undefined
        ? (await txCount(client, signer, 'pending')) - before.signerTxCount
        : undefined,

    transfersFrom: async (before) => (await transfers(before)).filter((t) => same(t.from, before.paid.payer.address)),

    async expectPaid(before, transaction) {
      const { paid, asset, payTo } = before
      let mine = (await transfers(before)).filter((t) => same(t.from, paid.payer.address) || same(t.to, paid.payer.address))
      for (let i = 0; mine.length === 0 && i < 20; i++) {
        await sleep(150)
        mine = (await transfers(before)).filter((t) => same(t.from, paid.payer.address) || same(t.to, paid.payer.address))
      }
      const end = await latestBlock()
      const [payerAfter, payToAfter, all] = await Promise.all([
        balance(asset, paid.payer.address, end),
        balance(asset, payTo, end),
        transfers(before, end),
      ])
      note('payer', paid.payer.address, before.payer, payerAfter)
      note('payTo', payTo, before.payToBalance, payToAfter)
      const evidence = { transfers: mine.map((t) => ({ ...t, value: t.value.toString() })), amount: paid.amount.toString() }
      if (mine.length !== 1)
        throw new CaseFailure(`expected exactly one Transfer for this authorization, saw ${mine.length}`, evidence)
      const t = mine[0]!
      if (!same(t.to, payTo) || t.value !== paid.amount)
        throw new CaseFailure(`the Transfer moved ${t.value} to ${t.to}, expected ${paid.amount} to ${payTo}`, evidence)
      if (transaction !== undefined && transaction !== '' && !same(transaction, t.txHash)) {
        throw new CaseFailure(`the reported transaction ${transaction} is not the one that transferred (${t.txHash})`, evidence)
      }
      if (before.payer - payerAfter !== paid.amount)
        throw new CaseFailure(`payer balance moved by ${payerAfter - before.payer}, expected -${paid.amount}`, evidence)
      if (payToShared && !exclusive) return finish()
      const intoPayTo = all.filter((x) => same(x.to, payTo)).reduce((s, x) => s + x.value, 0n)
      const outOfPayTo = all.filter((x) => same(x.from, payTo)).reduce((s, x) => s + x.value, 0n)
      if (payToAfter - before.payToBalance !== intoPayTo - outOfPayTo) {
        throw new CaseFailure(
          `payTo balance moved by ${payToAfter - before.payToBalance}, ` +
            `but its Transfer events add up to ${intoPayTo - outOfPayTo}`,
          { ...evidence, fromBlock: String(before.block + 1n), toBlock: String(end) },
        )
      }
      return finish()
      async function finish() {
        if (signer && before.signerBalance !== undefined) {
          const after = await balance(asset, signer, end)
          if (after !== before.signerBalance)
            throw new CaseFailure(`the facilitator signer's token balance moved by ${after - before.signerBalance}`, evidence)
        }
        if (!(await used(asset, paid.payer.address, paid.authorization.nonce)))
          throw new CaseFailure('the authorization nonce is not marked used on the token', evidence)
      }
    },

    async expectUntouched(before) {
      const { paid, asset } = before
      const payerHex = paid.payer.address.slice(2).toLowerCase()
      const [payerAfter, isUsed, latest] = await Promise.all([
        balance(asset, paid.payer.address),
        used(asset, paid.payer.address, paid.authorization.nonce),
        latestBlock(),
      ])
      note('payer', paid.payer.address, before.payer, payerAfter)
      const moved = (await transfers(before)).filter((t) => same(t.from, paid.payer.address))
      if (payerAfter !== before.payer || moved.length > 0) {
        throw new CaseFailure(`the payer's balance moved by ${payerAfter - before.payer}`, {
          transfers: moved.map((t) => ({ ...t, value: t.value.toString() })),
        })
      }
      if (isUsed && !before.nonceUsed) throw new CaseFailure('the authorization nonce was consumed on chain')
      const mentions: Hex[] = []
      for (let n = before.block + 1n; n <= latest && n <= before.block + 500n; n++) {
        const block = await client.getBlock({ blockNumber: n, includeTransactions: true })
        for (const tx of block.transactions) if (tx.input.toLowerCase().includes(payerHex)) mentions.push(tx.hash)
      }
      if (mentions.length > 0)
        throw new CaseFailure(`a transaction concerning this payer was broadcast: ${mentions.join(', ')}`, {
          transactions: mentions,
        })
      if (exclusive && signer && before.signerTxCount !== undefined) {
        const count = await txCount(client, signer, 'pending')
        if (count !== before.signerTxCount)
          throw new CaseFailure(`the facilitator signer sent ${count - before.signerTxCount} transaction(s)`, { signer })
      }
    },
  }
}
