import type { Address } from 'viem'
import { AcceptAllFactory, FakeTransferToken, GasBurnerToken } from '../../contracts/artifacts/index.js'
import { tokenStorage } from './deploy.js'
import type { RpcCall } from './rpc.js'

/**
 * Where the hostile contracts of the attack cases are planted (no constructor runs: the tokens get their name
 * and version written into storage, the factory needs none). Fixed addresses: a chain attached twice keeps them.
 */
export const hostileAddresses = {
  /** Emits a `Transfer` of the right amount and moves nothing. */
  fakeTransferToken: '0x00000000000000000000000000000000000bad01',
  /** Burns all the gas of `transferWithAuthorization`. */
  gasBurnerToken: '0x00000000000000000000000000000000000bad02',
  /** Deploys wallets whose ERC-1271 check accepts any signature. */
  acceptAllFactory: '0x00000000000000000000000000000000000bad03',
} as const satisfies Record<string, Address>

/** The JSON-RPC calls that plant them, the tokens under `name` and `version`. */
export function hostilePlants(name: string, version: string): RpcCall[] {
  const token = (address: Address, code: string): RpcCall[] => [
    { method: 'anvil_setCode', params: [address, code] },
    ...tokenStorage(name, version, []).map(
      ([slot, value]): RpcCall => ({ method: 'anvil_setStorageAt', params: [address, slot, value] }),
    ),
  ]
  return [
    ...token(hostileAddresses.fakeTransferToken, FakeTransferToken.deployedBytecode),
    ...token(hostileAddresses.gasBurnerToken, GasBurnerToken.deployedBytecode),
    { method: 'anvil_setCode', params: [hostileAddresses.acceptAllFactory, AcceptAllFactory.deployedBytecode] },
  ]
}
