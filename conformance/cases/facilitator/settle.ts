import { decodeFunctionData, parseAbi } from 'viem'
import type { Address, Hex } from 'viem'
import { defineCase } from '../../case.js'
import type { Outcome, Paid, TestContext } from '../../context/types.js'
import { expectNoMoneyMoved, noteReason } from './judge.js'

const tokenAbi = parseAbi([
  'function name() view returns (string)',
  'function version() view returns (string)',
  'function transferWithAuthorization(address from, address to, uint256 value, uint256 validAfter, uint256 validBefore, bytes32 nonce, uint8 v, bytes32 r, bytes32 s)',
  'function transferWithAuthorization(address from, address to, uint256 value, uint256 validAfter, uint256 validBefore, bytes32 nonce, bytes signature)',
])

/** A correct payment on one of the chain's variant tokens (its own EIP-712 name and version), payer funded in it. */
async function payOnToken(t: TestContext, token: Address): Promise<Paid> {
  const [name, version] = await Promise.all([
    t.chain.client.readContract({ address: token, abi: tokenAbi, functionName: 'name' }),
    t.chain.client.readContract({ address: token, abi: tokenAbi, functionName: 'version' }),
  ])
  const payer = await t.payer(0n)
  await t.fundToken(token, payer.address, 1_000_000n)
  return t.pay({ requirements: t.requirements({ asset: token, extra: { name, version } }), payer })
}

/**
 * A front-runner submits the authorization first, so the facilitator's own transaction cannot transfer.
 * The MUST is the ledger: the payee paid exactly once (the front-run transfer) and nothing else moved; a
 * success while that holds names the wrong transaction but the payment was made (hygiene, noted), a success
 * while the payee was not paid lets the resource server serve unpaid (access).
 */
type FrontRunRow = { id: string; clause: string; title: string; token: (t: TestContext) => Address | undefined; receipt?: true }
/** `receipt`: the hygiene twin, failing a success that names the facilitator's own no-op transaction. */
const frontRunCase = (row: FrontRunRow) =>
  defineCase({
    id: row.id,
    clause: row.clause,
    level: row.receipt ? 'SHOULD' : 'MUST',
    harm: row.receipt ? 'hygiene' : 'access',
    role: 'facilitator',
    versions: [2],
    exclusive: true,
    tags: ['race'],
    title: row.title,
    run: async (t) => {
      const address = row.token(t) ?? t.skip('the chain has no such token')
      const paid = address === t.chain.asset.address ? await t.pay() : await payOnToken(t, address)
      const before = await t.ledger.snapshot(paid)
      const delayedSettle = async () => (await new Promise((r) => setTimeout(r, 50)), t.settle(paid))
      const [, settled] = await t.race<unknown>([() => t.frontRun(paid), delayedSettle], { minPending: 2 })
      if (settled?.status !== 'fulfilled')
        return t.fail(`the settle request failed: ${String((settled as PromiseRejectedResult | undefined)?.reason)}`)
      const o = settled.value as Outcome
      // the ledger first: a success is harmful only when the payee was not paid (exactly once, by the front-run)
      await t.ledger.expectPaid(before)
      const wrongReceipt = 'settle answered success naming its own transaction, which could not transfer'
      if (o.ok === true) t.info(`${wrongReceipt}; the payee was paid once by the front-run: only the receipt is wrong (hygiene)`)
      else noteReason(t, o, ['transaction_failed', 'nonce_used'])
      if (row.receipt) t.check(o.ok !== true, `${wrongReceipt} (the front-run paid)`, { body: o.body })
      const sent = await t.ledger.signerTransactions(before)
      const named = typeof o.transaction === 'string' && /^0x[0-9a-fA-F]{64}$/.test(o.transaction)
      const answer = o.ok === true ? 'success' : 'failure'
      const naming = `its ${answer} ${named ? 'names' : 'does not name'} one`
      if (sent !== undefined && sent > 0) t.info(`the facilitator broadcast ${sent} transaction(s); ${naming}`)
      else t.info('the facilitator did not broadcast (its simulation saw the front-run)')
    },
  })

export const cases = [
  defineCase({
    id: 'facilitator.settle.success-shape',
    clause: 'facilitator.settle.success-shape',
    level: 'SHOULD',
    // the members a resource server needs (success, transaction, network) are judged by the schema cases
    harm: 'hygiene',
    role: 'facilitator',
    versions: [1, 2],
    title: 'a success names the network as sent, the payer, and (v2) the amount',
    run: async (t) => {
      const paid = await t.pay()
      const o = await t.settle(paid)
      t.expectSettled(o)
      const body = o.body as Record<string, unknown>
      const sent = paid.requirements['network']
      t.check(body['network'] === sent, `network is ${String(body['network'])}, the requirements said ${String(sent)}`, { body })
      t.check(
        String(body['payer'] ?? '').toLowerCase() === paid.payer.address.toLowerCase(),
        `payer is ${String(body['payer'])}`,
        { body },
      )
      if (t.version === 2)
        t.check(body['amount'] === paid.requirements['amount'], `amount is ${String(body['amount'])}`, { body })
    },
  }),
  defineCase({
    id: 'facilitator.settle.transaction-named',
    clause: 'envelopes.settle.transaction',
    level: 'MUST',
    // a receipt naming no real transfer lets the resource server serve what was never paid
    harm: 'access',
    role: 'facilitator',
    versions: [1, 2],
    title: 'a successful settlement names the transaction that moved the payment',
    run: async (t) => {
      const paid = await t.pay()
      const before = await t.ledger.snapshot(paid)
      const o = await t.settle(paid)
      t.expectSettled(o)
      const tx = await t.chain.client.getTransaction({ hash: o.transaction as Hex }).catch(() => undefined)
      t.check(tx !== undefined, `transaction ${String(o.transaction)} is not on chain`)
      await t.ledger.expectPaid(before, o.transaction)
    },
  }),
  defineCase({
    id: 'facilitator.settle.receipt-before-answer',
    clause: 'facilitator.settle.wait-receipt',
    level: 'MUST',
    // a success answered on broadcast lets the server serve a payment that may still revert or be front-run
    harm: 'access',
    role: 'facilitator',
    versions: [1, 2],
    exclusive: true,
    tags: ['race'],
    title: 'with mining held until the transaction is pending, settle answers success only once it is mined',
    run: async (t) => {
      const paid = await t.pay()
      const before = await t.ledger.snapshot(paid)
      const settleAndLook = async () => {
        const o = await t.settle(paid)
        const receipt =
          o.ok === true
            ? await t.chain.client.getTransactionReceipt({ hash: o.transaction as Hex }).catch(() => undefined)
            : undefined
        return { o, receipt }
      }
      const [answer] = await t.race([settleAndLook], { minPending: 1 })
      if (answer?.status !== 'fulfilled')
        return t.fail(`the settle request failed: ${String((answer as PromiseRejectedResult | undefined)?.reason)}`)
      const { o, receipt } = answer.value
      t.expectSettled(o)
      t.check(
        receipt?.status === 'success',
        `settle answered success for ${String(o.transaction)} before a successful receipt existed`,
        { body: o.body },
      )
      await t.ledger.expectPaid(before, o.transaction)
    },
  }),
  defineCase({
    id: 'facilitator.settle.calls-transfer-with-authorization',
    clause: 'facilitator.settle.overload',
    level: 'SHOULD',
    // the mock token has both overloads and the ledger cases judge the money; the call form itself shows no consequence
    harm: 'hygiene',
    role: 'facilitator',
    versions: [1, 2],
    title: "an EOA payment settles by calling the asset's transferWithAuthorization(v, r, s) with the authorization unchanged",
    run: async (t) => {
      const paid = await t.pay()
      const o = await t.settle(paid)
      t.expectSettled(o)
      const tx = await t.chain.client.getTransaction({ hash: o.transaction as Hex })
      t.check(
        tx.to?.toLowerCase() === t.chain.asset.address.toLowerCase(),
        `the settlement called ${String(tx.to)}, not the asset`,
      )
      const call = decodeFunctionData({ abi: tokenAbi, data: tx.input })
      const arity = call.args?.length ?? 0
      t.check(
        call.functionName === 'transferWithAuthorization' && arity === 9,
        `the settlement called ${call.functionName} with ${arity} arguments`,
      )
      const a = paid.authorization
      const [from, to, value, after, until, nonce] = call.args as unknown as [Address, Address, bigint, bigint, bigint, Hex]
      const same = from.toLowerCase() === a.from.toLowerCase() && to.toLowerCase() === a.to.toLowerCase() && value === a.value
      const sameWindow = after === a.validAfter && until === a.validBefore && nonce === a.nonce
      t.check(same && sameWindow, 'the settled authorization differs from the signed one', { args: call.args })
    },
  }),
  defineCase({
    id: 'facilitator.settle.sequential-replay-one-broadcast',
    clause: 'exact-evm.settle.once',
    level: 'MUST',
    // the replay reverts on chain at the facilitator's expense, and anyone holding a receipt can trigger it
    harm: 'funds',
    role: 'facilitator',
    versions: [2],
    exclusive: true,
    title: 'settling an authorization a second time broadcasts nothing',
    run: async (t) => {
      const paid = await t.pay()
      t.expectSettled(await t.settle(paid))
      const before = await t.ledger.snapshot(paid)
      const again = await t.settle(paid)
      t.check(again.ok !== true, 'the second settle answered success', { body: again.body })
      noteReason(t, again, ['nonce_used', 'transaction_failed'])
      const sent = (await t.ledger.signerTransactions(before)) ?? t.skip('the facilitator signer is unknown')
      t.check(sent === 0, `the facilitator broadcast ${sent} transaction(s) for an authorization already settled`)
    },
  }),
  defineCase({
    id: 'facilitator.settle.reverify-drained',
    clause: 'exact-evm.settle.reverify',
    level: 'MUST',
    harm: 'funds',
    role: 'facilitator',
    versions: [1, 2],
    title: 'a payment that verified, then lost its funds to another payment, is never settled and nothing is broadcast',
    run: async (t) => {
      const payer = await t.payer(10_000n)
      const first = await t.pay({ payer })
      const second = await t.pay({ payer })
      t.expectValid(await t.verify(first))
      t.expectSettled(await t.settle(second))
      await expectNoMoneyMoved(t, first, ['insufficient_funds', 'transaction_failed'], { verifyFirst: false })
    },
  }),
  frontRunCase({
    id: 'facilitator.settle.front-run-non-transferring',
    clause: 'facilitator.settle.transfer-event',
    title: 'after a front-run on a non-reverting token, the payee is paid exactly once whatever settle answers',
    token: (t) => t.chain.contracts['nonRevertingToken'],
  }),
  frontRunCase({
    id: 'facilitator.settle.front-run-receipt',
    clause: 'facilitator.settle.transfer-event',
    title: 'a settlement whose transaction succeeds without moving funds (front-run, non-reverting token) is a failure',
    token: (t) => t.chain.contracts['nonRevertingToken'],
    receipt: true,
  }),
  frontRunCase({
    id: 'facilitator.settle.front-run-reverting',
    clause: 'exact-evm.settle.receipt',
    title: 'a settlement whose transaction reverts (front-run) is a failure, never a success',
    token: (t) => t.chain.asset.address,
  }),
]
