import {
  encodeFunctionData,
  keccak256,
  maxUint256,
  pad,
  parseAbi,
  parseSignature,
  serializeErc6492Signature,
  serializeSignature,
} from 'viem'
import type { Address, Hex } from 'viem'
import { defineCase } from '../../case.js'
import type { Paid, TestContext } from '../../context/types.js'
import { wireInner } from '../helpers.js'
import { contract, payInToken, sink } from '../server/attack-moves.js'
import { expectExactOrNothing } from './attack-token.js'
import { noteReason } from './judge.js'

/**
 * Hostile contracts (spec/08-attacks.md): the harness chain plants contracts that lie. A facilitator judges a
 * settlement by what moved, keeps its own authority out of a payer's ERC-6492 wrapper, and stays bounded
 * against a token that burns gas.
 */

const abi = parseAbi([
  'function approve(address spender, uint256 value) returns (bool)',
  'function allowance(address owner, address spender) view returns (uint256)',
  'function deploy(bytes32 salt) returns (address)',
  'function predictAddress(bytes32 salt) view returns (address)',
])

/** A MUST case of the facilitator role. */
const mustCase = (c: Omit<Parameters<typeof defineCase>[0], 'role' | 'level'>) =>
  defineCase({ ...c, role: 'facilitator', level: 'MUST' })

/** secp256k1's group order: `n - s` is the other valid s of a signature. */
const curveOrder = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n

/** The same signature with s in the upper half of the curve (and v flipped): as valid to bare ecrecover. */
export function highS(signature: Hex): Hex {
  const { r, s, yParity } = parseSignature(signature)
  const flipped = pad(`0x${(curveOrder - BigInt(s)).toString(16)}`, { size: 32 })
  return serializeSignature({ r, s: flipped, yParity: yParity === 0 ? 1 : 0 })
}

/** A salt no other case uses: from this case's fresh payer. */
const saltOf = (payer: Address): Hex => keccak256(pad(payer, { size: 32 }))

/** Transactions `from` sent to `to` since `fromBlock` (scans the blocks mined since). */
async function sentTo(t: TestContext, from: Address, to: Address, fromBlock: bigint): Promise<Hex[]> {
  const latest = await t.chain.client.getBlockNumber()
  const hashes: Hex[] = []
  for (let n = fromBlock + 1n; n <= latest; n++) {
    const block = await t.chain.client.getBlock({ blockNumber: n, includeTransactions: true })
    for (const tx of block.transactions)
      if (tx.from.toLowerCase() === from.toLowerCase() && tx.to?.toLowerCase() === to.toLowerCase()) hashes.push(tx.hash)
  }
  return hashes
}

/** The verdicts on a payment that can never pay: neither valid nor settled. */
async function expectNeverPaid(t: TestContext, paid: Paid, what: string): Promise<void> {
  const verified = await t.verify(paid)
  t.check(verified.ok !== true, `verify answered valid for ${what}`, { body: verified.body })
  t.check(verified.status < 500, `verify answered ${verified.status}`, { body: verified.body })
  const settled = await t.settle(paid)
  t.check(settled.ok !== true, `settle answered success for ${what}`, { body: settled.body })
  t.check(settled.status < 500, `settle answered ${settled.status}`, { body: settled.body })
  noteReason(t, settled, ['invalid_payload', 'invalid_signature', 'asset_mismatch', 'transaction_failed'])
}

const noCodeAsset = mustCase({
  id: 'facilitator.attack-contracts.no-code-asset',
  clause: 'attack.contracts.no-code-asset',
  harm: 'access',
  versions: [1, 2],
  title: 'a payment in an asset address without code (where a call "succeeds" and moves nothing) is never valid or settled',
  run: async (t) => {
    const payer = await t.payer()
    const asset = `0x${keccak256(pad(payer.address, { size: 32 })).slice(26)}` as Address
    const code = await t.chain.client.getCode({ address: asset })
    t.check(code === undefined || code === '0x', `the harness picked an address with code: ${asset}`)
    const requirements = t.requirements({ asset, extra: { name: t.chain.asset.name, version: t.chain.asset.version } })
    await expectNeverPaid(t, await t.pay({ payer, requirements }), 'an asset without code')
  },
})

const fakeTransfer = mustCase({
  id: 'facilitator.attack-contracts.fake-transfer-token',
  clause: 'attack.contracts.judged-by-balances',
  harm: 'funds',
  versions: [1, 2],
  title: 'a token that emits a Transfer of the right amount without moving balances is never reported settled',
  run: async (t) => {
    const paid = await payInToken(t, contract(t, 'fakeTransferToken'))
    const before = await t.ledger.snapshot(paid)
    const settled = await t.settle(paid)
    t.check(settled.status < 500, `settle answered ${settled.status}`, { body: settled.body })
    // only a broadcast shows that the token moves nothing: a refusal after one is the right answer
    if (settled.ok === true) await t.ledger.expectPaid(before, settled.transaction)
    else noteReason(t, settled, ['transaction_failed'])
  },
})

const gasBurner = mustCase({
  id: 'facilitator.attack-contracts.gas-burner-token',
  clause: 'attack.contracts.gas-bounded',
  harm: 'funds',
  versions: [1, 2],
  title: 'a token that burns all gas is refused without a broadcast, and the next correct payment settles',
  run: async (t) => {
    const token = contract(t, 'gasBurnerToken')
    const paid = await payInToken(t, token)
    const before = await t.ledger.snapshot(paid)
    const started = Date.now()
    await expectNeverPaid(t, paid, 'a token that burns all gas')
    t.info(`refused in ${Date.now() - started} ms`)
    const signer = t.target.signer
    if (signer !== undefined) {
      const burnt = await sentTo(t, signer, token, before.block)
      t.check(burnt.length === 0, `the facilitator paid gas for a transfer that burns it all: ${burnt.join(', ')}`)
    }
    const next = await t.pay()
    const snapshot = await t.ledger.snapshot(next)
    const settled = await t.settle(next)
    t.expectSettled(settled)
    await t.ledger.expectPaid(snapshot, settled.transaction)
  },
})

const acceptAllWallet = mustCase({
  id: 'facilitator.attack-contracts.accept-all-wallet',
  clause: 'attack.contracts.contract-signer',
  harm: 'funds',
  versions: [2],
  title: 'a payment from a counterfactual wallet whose ERC-1271 check accepts anything settles exactly or moves nothing',
  run: async (t) => {
    const factory = contract(t, 'acceptAllFactory')
    const stranger = await t.payer(0n)
    const salt = saltOf(stranger.address)
    const read = { address: factory, abi, functionName: 'predictAddress', args: [salt] } as const
    const wallet = await t.chain.client.readContract(read)
    await t.fundToken(t.chain.asset.address, wallet, 1_000_000n)
    const paid = await t.pay({ payer: { address: wallet, privateKey: stranger.privateKey } })
    const data = encodeFunctionData({ abi, functionName: 'deploy', args: [salt] })
    wireInner(paid)['signature'] = serializeErc6492Signature({ address: factory, data, signature: paid.signature as Hex })
    await expectExactOrNothing(t, paid)
  },
})

const forgedThroughWallet = mustCase({
  id: 'facilitator.attack-contracts.eoa-forged-through-wallet',
  clause: 'attack.contracts.contract-signer',
  harm: 'access',
  versions: [2],
  title: "an EOA payer's forged signature wrapped in ERC-6492 around an accept-all wallet is never valid",
  run: async (t) => {
    const factory = contract(t, 'acceptAllFactory')
    const payer = await t.payer()
    const forger = await t.payer(0n)
    const paid = await t.pay({ payer, signWith: forger })
    const data = encodeFunctionData({ abi, functionName: 'deploy', args: [saltOf(payer.address)] })
    wireInner(paid)['signature'] = serializeErc6492Signature({ address: factory, data, signature: paid.signature as Hex })
    const before = await t.ledger.snapshot(paid)
    await expectNeverPaid(t, paid, "a forged signature of an EOA (the wallet's yes is not the payer's)")
    await t.ledger.expectUntouched(before)
    const signer = t.target.signer
    if (signer === undefined) return
    const sent = await sentTo(t, signer, factory, before.block)
    t.check(sent.length === 0, `the facilitator paid gas to deploy a wallet for a forged payment: ${sent.join(', ')}`)
  },
})

const factoryAuthority = mustCase({
  id: 'facilitator.attack-contracts.factory-calls-token',
  clause: 'attack.contracts.factory-authority',
  harm: 'funds',
  versions: [2],
  title: "an ERC-6492 wrapper whose 'factory' call approves the payer's sink on the token never runs with the facilitator's key",
  run: async (t) => {
    const signer = t.target.signer ?? t.skip("the facilitator's signer is unknown")
    const asset = t.chain.asset.address
    const paid = await t.pay()
    const data = encodeFunctionData({ abi, functionName: 'approve', args: [sink, maxUint256] })
    wireInner(paid)['signature'] = serializeErc6492Signature({ address: asset, data, signature: paid.signature as Hex })
    const allowance = () => t.chain.client.readContract({ address: asset, abi, functionName: 'allowance', args: [signer, sink] })
    const granted = await allowance()
    await expectExactOrNothing(t, paid)
    const after = await allowance()
    t.check(
      after === granted,
      `the facilitator's key approved ${sink} for ${after} of its own tokens (the wrapper's call ran as it)`,
    )
  },
})

/** High-s: the token that accepts malleable signatures, and the asset that refuses them. */
const highSCases = [
  mustCase({
    id: 'facilitator.attack-contracts.high-s-no-low-s-token',
    clause: 'attack.contracts.high-s',
    harm: 'funds',
    versions: [1, 2],
    title: 'a high-s signature in the token that accepts it settles exactly or moves nothing',
    run: async (t) => {
      const paid = await payInToken(t, contract(t, 'noLowSToken'))
      wireInner(paid)['signature'] = highS(paid.signature as Hex)
      await expectExactOrNothing(t, paid)
    },
  }),
  mustCase({
    id: 'facilitator.attack-contracts.high-s-asset',
    clause: 'attack.contracts.high-s',
    harm: 'access',
    versions: [1, 2],
    title: 'a high-s signature in the asset (which refuses it) is not valid unless it settles',
    run: async (t) => {
      const paid = await t.pay()
      wireInner(paid)['signature'] = highS(paid.signature as Hex)
      const verified = await t.verify(paid)
      if (verified.ok !== true) noteReason(t, verified, ['invalid_signature'])
      const before = await t.ledger.snapshot(paid)
      const settled = await t.settle(paid)
      if (settled.ok === true) return t.ledger.expectPaid(before, settled.transaction)
      t.check(verified.ok !== true, 'verify answered valid for a high-s signature the token then refused', { body: settled.body })
      await t.ledger.expectUntouched(before)
    },
  }),
]

export const cases = [noCodeAsset, fakeTransfer, gasBurner, acceptAllWallet, forgedThroughWallet, factoryAuthority, ...highSCases]
