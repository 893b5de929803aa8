import { privateKeyToAccount } from 'viem/accounts'
import { permit2Erc20Abi, signEip2612Permit } from '../../../src/evm/permit2/index.js'
import { defineCase } from '../../case.js'
import type { Signer, TestContext } from '../../context/types.js'
import { expectPermit2Paid } from './permit2.js'
import {
  expectPermit2Refused,
  permit2Env,
  permit2Pay,
  permit2Payer,
  permit2Requirements,
  type Permit2Env,
} from './permit2-pay.js'

// spec/07-permit2.md 7.5: the EIP-2612 gas-sponsoring extension. The payer holds the EIP-2612 token and has not
// approved Permit2; the payment carries a permit approving Permit2, which the facilitator submits first.

const amount = 10_000n

/** A payment of the EIP-2612 token whose `extensions` carry a permit signed by `signer` in the payer's name. */
async function sponsoredPayment(t: TestContext, env: Permit2Env, payer: Signer, signer: Signer) {
  const asset = env.permitToken
  const nonce = await t.chain.client.readContract({
    address: asset,
    abi: permit2Erc20Abi,
    functionName: 'nonces',
    args: [payer.address],
  })
  const extensions = await signEip2612Permit({
    account: privateKeyToAccount(signer.privateKey),
    owner: payer.address,
    domain: { name: 'Permit Token', version: '1', chainId: t.chain.chainId, verifyingContract: asset },
    amount,
    nonce,
    deadline: BigInt(t.now() + 300),
  })
  return permit2Pay(t, env, { payer, amount, requirements: permit2Requirements(t, env, amount, asset), extensions })
}

export const cases = [
  defineCase({
    id: 'facilitator.permit2.sponsoring-forged-permit',
    clause: 'permit2.sponsoring.permit',
    level: 'MUST',
    harm: 'funds',
    role: 'facilitator',
    versions: [2],
    tags: ['permit2', 'eip2612'],
    title: 'exact: a payment whose EIP-2612 permit is signed by another key than the payer is refused, nothing moves',
    run: async (t) => {
      const env = await permit2Env(t, 'exact')
      const payer = await permit2Payer(t, env.permitToken, 1_000_000n, false)
      const paid = await sponsoredPayment(t, env, payer, await t.payer(0n))
      await expectPermit2Refused(t, env, paid, ['allowance_required', 'invalid_signature'])
    },
  }),
  defineCase({
    id: 'facilitator.permit2.sponsoring-settles',
    clause: 'permit2.sponsoring.permit',
    level: 'MUST',
    harm: 'interop',
    role: 'facilitator',
    versions: [2],
    tags: ['permit2', 'eip2612'],
    title: 'exact: a facilitator listing eip2612GasSponsoring settles a payment whose payer approves Permit2 only by its permit',
    run: async (t) => {
      const extensions = ((await t.supported()).body as { extensions?: unknown } | undefined)?.extensions
      if (!Array.isArray(extensions) || !extensions.includes('eip2612GasSponsoring'))
        t.skip('the facilitator does not list the eip2612GasSponsoring extension in /supported')
      const env = await permit2Env(t, 'exact')
      const payer = await permit2Payer(t, env.permitToken, 1_000_000n, false)
      await expectPermit2Paid(t, await sponsoredPayment(t, env, payer, payer))
    },
  }),
]
