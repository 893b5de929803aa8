import { X402Error } from '../errors/X402Error.js'
import { loadNativeSecp256k1 } from './loadNativeSecp256k1.js'
import { loadNobleSecp256k1 } from './loadNobleSecp256k1.js'
import { loadWasmSecp256k1 } from './loadWasmSecp256k1.js'
import { secp256k1BackendNames } from './secp256k1Backend.js'
import type { Secp256k1Backend, Secp256k1BackendName } from './secp256k1Backend.js'

export type SelectSecp256k1BackendParameters = {
  /** The first backend to try (`native`, `wasm` or `noble`; default `native`); the slower ones follow. */
  readonly prefer?: string | undefined
  /** How each backend loads (tests replace one with a loader that throws, as on a machine without the binding). */
  readonly loaders?: Partial<Record<Secp256k1BackendName, () => Secp256k1Backend>> | undefined
}
export type SelectSecp256k1BackendReturnType = {
  readonly backend: Secp256k1Backend
  /** The backends tried before it, and why each was passed over. */
  readonly skipped: readonly { readonly name: Secp256k1BackendName; readonly reason: string }[]
}
export type SelectSecp256k1BackendErrorType = X402Error

const defaultLoaders: Record<Secp256k1BackendName, () => Secp256k1Backend> = {
  native: loadNativeSecp256k1,
  wasm: loadWasmSecp256k1,
  noble: loadNobleSecp256k1,
}

// keccak256('x402-conformance secp256k1 self-test'), signed by anvil's first test key.
const selfTest = {
  digest: Buffer.from('89463da8ca1796ce70147425db8818de20046476158ac33397566d9ddf0366c5', 'hex'),
  signature: Buffer.from(
    'f604f1174d1ee2ff3887dd0d55079e2ffd869d840a3a50b750b5be06f1056790' + // r
      '3ba37e39e3aaaf3b37ebdaffc6a3b46580e7402c7e6176fca050d36fc867ec2e', // s
    'hex',
  ),
  recoveryId: 1,
  address: 'e6dfa56335b116b7d6ed176c8bfa5ce73402582d',
} as const

/** Why `backend` fails the self-test (a known signature must recover to its signer), or `undefined`. */
function selfTestFailure(backend: Secp256k1Backend): string | undefined {
  const key = backend.recoverPublicKey(selfTest.digest, selfTest.signature, selfTest.recoveryId)
  if (key === undefined || key.length !== 65) return 'self-test: the known signature did not recover'
  const address = Buffer.from(backend.keccak256(key.subarray(1))).toString('hex', 12)
  return address === selfTest.address ? undefined : `self-test: the known signature recovered to 0x${address}`
}

/**
 * Picks the fastest secp256k1 backend that loads and passes a self-test: libsecp256k1's native binding,
 * then its WebAssembly build, then @noble/curves. `prefer` starts the search further down (`wasm`,
 * `noble`). Throws an {@link X402Error} when `prefer` names no backend.
 *
 * @example
 * const { backend } = selectSecp256k1Backend({ prefer: process.env.X402_SECP256K1 })
 */
export function selectSecp256k1Backend(parameters: SelectSecp256k1BackendParameters = {}): SelectSecp256k1BackendReturnType {
  const prefer = parameters.prefer === undefined || parameters.prefer === '' ? 'native' : parameters.prefer
  const start = secp256k1BackendNames.indexOf(prefer as Secp256k1BackendName)
  if (start < 0) {
    throw new X402Error({
      shortMessage: `unknown secp256k1 backend: ${prefer}`,
      details: `expected one of ${secp256k1BackendNames.join(', ')}`,
    })
  }
  const loaders = { ...defaultLoaders, ...parameters.loaders }
  const skipped: { name: Secp256k1BackendName; reason: string }[] = []
  for (const name of secp256k1BackendNames.slice(start)) {
    let backend: Secp256k1Backend
    try {
      backend = loaders[name]()
    } catch (error) {
      skipped.push({ name, reason: `does not load: ${(error as Error).message.split('\n')[0]}` })
      continue
    }
    const failure = selfTestFailure(backend)
    if (failure === undefined) return { backend, skipped }
    skipped.push({ name, reason: failure })
  }
  throw new X402Error({
    shortMessage: 'no secp256k1 backend works',
    metaMessages: skipped.map((s) => `${s.name}: ${s.reason}`),
  })
}
