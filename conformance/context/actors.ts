import { encodeFunctionData, serializeErc6492Signature } from 'viem'
import type { Address, Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { Factory6492, MockUSDC } from '../../contracts/artifacts/index.js'
import { eip3009Abi } from '../../src/evm/abi.js'
import { harnessStep } from './errors.js'
import { harnessWallet } from './harnessWallet.js'
import type { CaseScope } from './scope.js'
import type { TestContext } from './types.js'

/** The chain-actor section of the context: others acting on chain while a case runs. */
export type Actors = Pick<TestContext, 'frontRun' | 'cancelAuthorization' | 'smartWallet'>

const cancelAuthorizationTypes = {
  CancelAuthorization: [
    { name: 'authorizer', type: 'address' },
    { name: 'nonce', type: 'bytes32' },
  ],
} as const

/** `v`, `r`, `s` of a 65-byte signature, as the `uint8 v, bytes32 r, bytes32 s` overloads take them (v as signed). */
export function splitSignature(signature: Hex): [number, Hex, Hex] {
  return [Number.parseInt(signature.slice(130, 132), 16), `0x${signature.slice(2, 66)}`, `0x${signature.slice(66, 130)}`]
}

/** Builds the chain-actor section of one case's context. */
export function createActors(scope: CaseScope, skip: (reason: string) => never): Actors {
  const { session } = scope
  const { chain } = session
  const wallet = () => harnessWallet(session)
  return {
    frontRun(paid) {
      const a = paid.authorization
      const data = encodeFunctionData({
        abi: eip3009Abi,
        functionName: 'transferWithAuthorization',
        args: [a.from, a.to, a.value, a.validAfter, a.validBefore, a.nonce, ...splitSignature(paid.signature as Hex)],
      })
      const to = String(paid.requirements['asset']) as Address
      const fees = { gas: 200_000n, maxFeePerGas: 200_000_000_000n, maxPriorityFeePerGas: 100_000_000_000n }
      return wallet().send('front-run the authorization', { to, data, ...fees })
    },

    async cancelAuthorization(paid) {
      const { from, nonce } = paid.authorization
      const account = privateKeyToAccount(paid.payer.privateKey)
      const message = { authorizer: from, nonce }
      const signature = await account.signTypedData({
        domain: paid.domain,
        types: cancelAuthorizationTypes,
        primaryType: 'CancelAuthorization',
        message,
      })
      const args = [from, nonce, ...splitSignature(signature)] as const
      const data = encodeFunctionData({ abi: MockUSDC.abi, functionName: 'cancelAuthorization', args })
      await wallet().sendAndWait('cancel the authorization on the token', { to: paid.domain.verifyingContract, data })
    },

    async smartWallet({ deployed, fund = 1_000_000n }) {
      const factory = chain.contracts['factory6492'] ?? skip('the chain has no ERC-6492 factory')
      const owner = scope.freshSigner('wallet-owner')
      const salt = scope.fresh('wallet-salt')
      const args = [owner.address, salt] as const
      const address = await harnessStep('predict the smart wallet address', () =>
        chain.client.readContract({ address: factory, abi: Factory6492.abi, functionName: 'predictAddress', args }),
      )
      const deployCall = encodeFunctionData({ abi: Factory6492.abi, functionName: 'deploy', args })
      if (deployed) await wallet().sendAndWait('deploy the smart wallet', { to: factory, data: deployCall })
      const payer = await scope.adopt({ address, privateKey: owner.privateKey }, fund)
      const wrap6492 = (signature: Hex) => serializeErc6492Signature({ address: factory, data: deployCall, signature })
      return { payer, wrap6492 }
    },
  }
}
