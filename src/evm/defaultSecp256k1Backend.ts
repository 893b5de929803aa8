import type { Secp256k1Backend } from './secp256k1Backend.js'
import { selectSecp256k1Backend } from './selectSecp256k1Backend.js'

/**
 * The backend the verify path uses, chosen once at start-up: libsecp256k1's native binding, else its
 * WebAssembly build, else @noble/curves. `X402_SECP256K1=wasm` or `=noble` starts further down, e.g. to
 * run everything as on a machine where the native binding does not load.
 */
export const defaultSecp256k1Backend: Secp256k1Backend = selectSecp256k1Backend({ prefer: process.env['X402_SECP256K1'] }).backend
