import { decodeFunctionData, parseAbi } from 'viem'
import type { Address, Hex } from 'viem'
import { defineCase } from '../../case.js'
import type { TestContext } from '../../context/types.js'

const tokenAbi = parseAbi([
  'function name() view returns (string)',
  'function version() view returns (string)',
  'function transferWithAuthorization(address from, address to, uint256 value, uint256 validAfter, uint256 validBefore, bytes32 nonce, uint8 v, bytes32 r, bytes32 s)',
  'function transferWithAuthorization(address from, address to, uint256 value, uint256 validAfter, uint256 validBefore, bytes32 nonce, bytes signature)',
])

/** Requirements and a funded payer for one of the chain's variant tokens. */
async function onToken(t: TestContext, token: Address) {
  const [name, version] = await Promise.all([
    t.chain.client.readContract({ address: token, abi: tokenAbi, functionName: 'name' }),
    t.chain.client.readContract({ address: token, abi: tokenAbi, functionName: 'version' }),
  ])
  const requirements = t.requirements({ asset: token, extra: { name, version } })
  const payer = await t.payer(0n)
  await t.fundToken(token, payer.address, 1_000_000n)
  return t.pay({ requirements, payer })
}

/** A front-runner submits the authorization first; the facilitator's own transaction then cannot transfer. */
const frontRun = (name: string, clause: string, token: (t: TestContext) => Address | undefined, title: string) =>
  defineCase({
    id: `facilitator.settle.front-run-${name}`,
    clause,
    level: 'MUST',
    role: 'facilitator',
    versions: [2],
    exclusive: true,
    tags: ['race'],
    title,
    run: async (t) => {
      const address = token(t) ?? t.skip('the chain has no such token')
      const paid = address === t.chain.asset.address ? await t.pay() : await onToken(t, address)
      const before = await t.ledger.snapshot(paid)
      const [, settled] = await t.race<unknown>(
        [() => t.frontRun(paid), async () => (await new Promise((r) => setTimeout(r, 50)), t.settle(paid))],
        { minPending: 2 },
      )
      if (settled?.status !== 'fulfilled') return t.fail(`the settle request failed: ${String((settled as PromiseRejectedResult | undefined)?.reason)}`)
      const o = settled.value as Awaited<ReturnType<typeof t.settle>>
      t.expectNotSettled(o, ['transaction_failed', 'nonce_used'])
      const sent = await t.ledger.signerTransactions(before)
      if (sent !== undefined && sent > 0) {
        t.check(typeof o.transaction === 'string' && /^0x[0-9a-fA-F]{64}$/.test(o.transaction), `the facilitator broadcast ${sent} transaction(s) but its failure names none`, { body: o.body })
      } else t.info('the facilitator did not broadcast (its simulation saw the front-run)')
      await t.ledger.expectPaid(before)
    },
  })

export const cases = [
  defineCase({
    id: 'facilitator.settle.success-shape',
    clause: 'facilitator.settle.success-shape',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'a success names the transaction, the network as sent, the payer, and (v2) the amount',
    run: async (t) => {
      const paid = await t.pay()
      const o = await t.settle(paid)
      t.expectSettled(o)
      const body = o.body as Record<string, unknown>
      t.check(body['network'] === paid.requirements['network'], `network is ${String(body['network'])}, the requirements said ${String(paid.requirements['network'])}`, { body })
      t.check(String(body['payer'] ?? '').toLowerCase() === paid.payer.address.toLowerCase(), `payer is ${String(body['payer'])}`, { body })
      if (t.version === 2) t.check(body['amount'] === paid.requirements['amount'], `amount is ${String(body['amount'])}`, { body })
    },
  }),
  defineCase({
    id: 'facilitator.settle.transaction-named',
    clause: 'envelopes.settle.transaction',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'a successful settlement names a non-empty transaction that exists on chain',
    run: async (t) => {
      const o = await t.settle(await t.pay())
      t.expectSettled(o)
      const tx = await t.chain.client.getTransaction({ hash: o.transaction as Hex }).catch(() => undefined)
      t.check(tx !== undefined, `transaction ${String(o.transaction)} is not on chain`)
    },
  }),
  defineCase({
    id: 'facilitator.settle.receipt-before-answer',
    clause: 'facilitator.settle.wait-receipt',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'when settle answers success the transaction is already mined with status success',
    run: async (t) => {
      const o = await t.settle(await t.pay())
      t.expectSettled(o)
      const receipt = await t.chain.client.getTransactionReceipt({ hash: o.transaction as Hex }).catch(() => undefined)
      t.check(receipt?.status === 'success', `no successful receipt for ${String(o.transaction)} at the time of the answer`)
    },
  }),
  defineCase({
    id: 'facilitator.settle.calls-transfer-with-authorization',
    clause: 'facilitator.settle.overload',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'an EOA payment settles by calling the asset\'s transferWithAuthorization(v, r, s) with the authorization unchanged',
    run: async (t) => {
      const paid = await t.pay()
      const o = await t.settle(paid)
      t.expectSettled(o)
      const tx = await t.chain.client.getTransaction({ hash: o.transaction as Hex })
      t.check(tx.to?.toLowerCase() === t.chain.asset.address.toLowerCase(), `the settlement called ${String(tx.to)}, not the asset (a multicall or relayer is fine only if it reaches the token)`)
      const call = decodeFunctionData({ abi: tokenAbi, data: tx.input })
      t.check(call.functionName === 'transferWithAuthorization' && call.args.length === 9, `the settlement called ${call.functionName} with ${call.args.length} arguments`)
      const a = paid.authorization
      const [from, to, value, after, before, nonce] = call.args as unknown as [Address, Address, bigint, bigint, bigint, Hex]
      t.check(from.toLowerCase() === a.from.toLowerCase() && to.toLowerCase() === a.to.toLowerCase() && value === a.value && after === a.validAfter && before === a.validBefore && nonce === a.nonce, 'the settled authorization differs from the signed one', { args: call.args })
    },
  }),
  defineCase({
    id: 'facilitator.settle.sequential-replay-one-broadcast',
    clause: 'exact-evm.settle.once',
    level: 'MUST',
    role: 'facilitator',
    versions: [2],
    exclusive: true,
    title: 'settling an authorization a second time broadcasts nothing',
    run: async (t) => {
      const paid = await t.pay()
      t.expectSettled(await t.settle(paid))
      const before = await t.ledger.snapshot(paid)
      t.expectNotSettled(await t.settle(paid), ['nonce_used', 'transaction_failed'])
      const sent = await t.ledger.signerTransactions(before)
      if (sent === undefined) t.skip('the facilitator signer is unknown')
      t.check(sent === 0, `the facilitator broadcast ${sent} transaction(s) for an authorization already settled`)
    },
  }),
  defineCase({
    id: 'facilitator.settle.reverify-drained',
    clause: 'exact-evm.settle.reverify',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'a payment that verified, then lost its funds to another payment, is not settled and nothing is broadcast',
    run: async (t) => {
      const payer = await t.payer(10_000n)
      const first = await t.pay({ payer })
      const second = await t.pay({ payer })
      t.expectValid(await t.verify(first))
      t.expectSettled(await t.settle(second))
      const before = await t.ledger.snapshot(first)
      t.expectNotSettled(await t.settle(first), ['insufficient_funds', 'transaction_failed'])
      await t.ledger.expectUntouched(before)
    },
  }),
  frontRun('non-transferring', 'facilitator.settle.failure-with-hash', (t) => t.chain.contracts['nonRevertingToken'], 'a settlement whose transaction succeeds without moving funds (front-run, non-reverting token) is a failure naming its hash'),
  frontRun('reverting', 'exact-evm.settle.receipt', (t) => t.chain.asset.address, 'a settlement whose transaction reverts (front-run) is a failure naming its hash, never a success'),
]
