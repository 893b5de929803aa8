import { decodeFunctionData, parseAbi } from 'viem'
import type { Address, Hex } from 'viem'
import { defineCase } from '../../case.js'
import { wireInner } from '../helpers.js'
import { expectNoMoneyMoved, expectVerifiedAndSettled } from './judge.js'

const tokenAbi = parseAbi([
  'function transferWithAuthorization(address from, address to, uint256 value, uint256 validAfter, uint256 validBefore, bytes32 nonce, uint8 v, bytes32 r, bytes32 s)',
  'function transferWithAuthorization(address from, address to, uint256 value, uint256 validAfter, uint256 validBefore, bytes32 nonce, bytes signature)',
])

export const cases = [
  defineCase({
    id: 'facilitator.smart-wallet.erc1271-verifies',
    clause: 'exact-evm.verify.signature',
    level: 'MUST',
    // smart-wallet payers (ERC-1271) cannot pay
    harm: 'interop',
    role: 'facilitator',
    versions: [1, 2],
    title: 'a payment from a deployed ERC-1271 wallet, signed by its owner, verifies',
    run: async (t) => {
      const { payer } = await t.smartWallet({ deployed: true })
      const paid = await t.pay({ payer })
      t.expectValid(await t.verify(paid))
    },
  }),
  defineCase({
    id: 'facilitator.smart-wallet.erc1271-settles',
    clause: 'exact-evm.settle.call',
    level: 'MUST',
    harm: 'funds',
    role: 'facilitator',
    versions: [1, 2],
    title: 'a payment from an ERC-1271 wallet settles through the token with the authorization unchanged, and balances',
    run: async (t) => {
      const { payer } = await t.smartWallet({ deployed: true })
      const paid = await t.pay({ payer })
      const before = await t.ledger.snapshot(paid)
      const o = await t.settle(paid)
      t.expectSettled(o)
      await t.ledger.expectPaid(before, o.transaction)
      const tx = await t.chain.client.getTransaction({ hash: o.transaction as Hex })
      if (tx.to?.toLowerCase() !== t.chain.asset.address.toLowerCase())
        return t.info(`settled through ${String(tx.to)}, not a direct token call`)
      const call = decodeFunctionData({ abi: tokenAbi, data: tx.input })
      const [from, , value, , , nonce] = call.args as unknown as [Address, Address, bigint, bigint, bigint, Hex]
      t.check(
        from.toLowerCase() === payer.address.toLowerCase() && value === paid.amount && nonce === paid.authorization.nonce,
        'the settled authorization differs from the signed one',
        { args: call.args },
      )
    },
  }),
  defineCase({
    id: 'facilitator.smart-wallet.erc1271-not-owner',
    clause: 'exact-evm.verify.signature',
    level: 'MUST',
    harm: 'funds',
    role: 'facilitator',
    versions: [1, 2],
    title: 'a payment from an ERC-1271 wallet signed by someone other than its owner is never settled',
    run: async (t) => {
      const { payer } = await t.smartWallet({ deployed: true })
      const stranger = await t.payer(0n)
      const paid = await t.pay({ payer, signWith: stranger })
      await expectNoMoneyMoved(t, paid, ['invalid_signature'])
    },
  }),
  defineCase({
    id: 'facilitator.smart-wallet.erc6492-counterfactual',
    clause: 'exact-evm.settle.counterfactual',
    level: 'INFO',
    harm: 'hygiene',
    role: 'facilitator',
    versions: [2],
    title: 'a payment from an undeployed wallet with an ERC-6492 signature: the verdict is reported, and a settlement balances',
    run: async (t) => {
      const { payer, wrap6492 } = await t.smartWallet({ deployed: false })
      const paid = await t.pay({ payer })
      wireInner(paid)['signature'] = wrap6492(paid.signature as Hex)
      const v = await t.verify(paid)
      t.info(`ERC-6492 counterfactual payer: ${v.ok === true ? 'valid' : `rejected (${v.reason ?? v.status})`}`)
      if (v.ok === true) await expectVerifiedAndSettled(t, paid)
    },
  }),
  defineCase({
    id: 'facilitator.smart-wallet.erc6492-not-owner',
    clause: 'exact-evm.verify.signature',
    level: 'MUST',
    harm: 'funds',
    role: 'facilitator',
    versions: [2],
    title: 'an ERC-6492 signature of an undeployed wallet made by someone other than its owner is never settled',
    run: async (t) => {
      const { payer, wrap6492 } = await t.smartWallet({ deployed: false })
      const stranger = await t.payer(0n)
      const paid = await t.pay({ payer, signWith: stranger })
      wireInner(paid)['signature'] = wrap6492(paid.signature as Hex)
      await expectNoMoneyMoved(t, paid, ['invalid_signature'])
    },
  }),
]
