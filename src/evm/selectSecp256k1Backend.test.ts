import { describe, expect, test } from 'vitest'
import { loadNobleSecp256k1 } from './loadNobleSecp256k1.js'
import { recoverSignerBackend } from './recoverSigner.js'
import { selectSecp256k1Backend } from './selectSecp256k1Backend.js'

const prebuilt = ['linux-x64', 'darwin-arm64', 'win32-x64'].includes(`${process.platform}-${process.arch}`)
// What a machine without the native binding sees when it loads it.
const missing = () => {
  throw new Error('No native build was found for platform=linux arch=riscv64\n    loaded from: …')
}

test('default: the native binding where it ships a prebuild', () => {
  const { backend, skipped } = selectSecp256k1Backend()
  expect(backend.name).toBe(prebuilt ? 'native' : 'wasm')
  expect(skipped).toHaveLength(prebuilt ? 0 : 1)
})

test('recoverSigner uses the backend X402_SECP256K1 asks for (native by default)', () => {
  const asked = process.env['X402_SECP256K1'] || 'native'
  expect(recoverSignerBackend).toBe(asked === 'native' && !prebuilt ? 'wasm' : asked)
})

test('args: prefer', () => {
  expect(selectSecp256k1Backend({ prefer: 'native' }).backend.name).toBe(prebuilt ? 'native' : 'wasm')
  expect(selectSecp256k1Backend({ prefer: 'wasm' }).backend.name).toBe('wasm')
  expect(selectSecp256k1Backend({ prefer: 'noble' }).backend.name).toBe('noble')
  expect(selectSecp256k1Backend({ prefer: '' }).backend.name).toBe(prebuilt ? 'native' : 'wasm')
})

test('args: loaders (a machine where the native binding does not load falls back to WebAssembly)', () => {
  expect(selectSecp256k1Backend({ loaders: { native: missing } })).toMatchObject({
    backend: { name: 'wasm' },
    skipped: [
      {
        name: 'native',
        reason: 'does not load: No native build was found for platform=linux arch=riscv64',
      },
    ],
  })
})

test('args: loaders (neither libsecp256k1 build loads: @noble/curves)', () => {
  const { backend, skipped } = selectSecp256k1Backend({ loaders: { native: missing, wasm: missing } })
  expect(backend.name).toBe('noble')
  expect(skipped.map((s) => s.name)).toEqual(['native', 'wasm'])
})

test('a backend that loads but recovers the wrong key is passed over', () => {
  const noble = loadNobleSecp256k1()
  const swapped = {
    ...noble,
    name: 'native' as const,
    recoverPublicKey: (d: Uint8Array, s: Uint8Array, id: 0 | 1) => noble.recoverPublicKey(d, s, id === 0 ? 1 : 0),
  }
  const { backend, skipped } = selectSecp256k1Backend({ loaders: { native: () => swapped } })
  expect(backend.name).toBe('wasm')
  expect(skipped[0]?.reason).toMatch(/^self-test: the known signature recovered to 0x[0-9a-f]{40}$/)
})

describe('errors', () => {
  test('unknown backend name', () => {
    expect(() => selectSecp256k1Backend({ prefer: 'openssl' })).toThrowErrorMatchingInlineSnapshot(`
      [X402Error: unknown secp256k1 backend: openssl

      Details: expected one of native, wasm, noble]
    `)
  })
  test('nothing works', () => {
    const broken = () => ({ ...loadNobleSecp256k1(), recoverPublicKey: () => undefined })
    expect(() =>
      selectSecp256k1Backend({ loaders: { native: missing, wasm: missing, noble: broken } }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [X402Error: no secp256k1 backend works

      native: does not load: No native build was found for platform=linux arch=riscv64
      wasm: does not load: No native build was found for platform=linux arch=riscv64
      noble: self-test: the known signature did not recover]
    `)
  })
})
