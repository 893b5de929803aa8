import { createServer } from 'node:net'
import type { Server, Socket } from 'node:net'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { privateKeyToAccount } from 'viem/accounts'
import { anvilPrivateKeys } from '../chain/index.js'
import { fromRequirementsV2 } from '../codecs/normalize.js'
import { createPayment } from '../evm/index.js'
import type { PaymentRequirementsV2 } from '../types/v2.js'
import { startFacilitator } from './createFacilitator.js'
import type { RunningFacilitator } from './createFacilitator.js'
import { baseSepoliaRequirements } from '../../test/support/facilitatorSetup.js'

// An RPC node that accepts connections and never answers: every wait of the facilitator must end on its own.
let node: Server
let rpcUrl: string
const sockets: Socket[] = []
let facilitator: RunningFacilitator

beforeAll(async () => {
  node = createServer((socket) => void sockets.push(socket))
  await new Promise<void>((resolve) => node.listen(0, '127.0.0.1', resolve))
  rpcUrl = `http://127.0.0.1:${(node.address() as { port: number }).port}`
  facilitator = await startFacilitator({ rpcUrl, privateKey: anvilPrivateKeys[1]!, chainId: 84532, rpcTimeoutMs: 300 })
})
afterAll(async () => {
  await facilitator?.close()
  for (const s of sockets) s.destroy()
  await new Promise((resolve) => node.close(resolve))
})

const requirements: PaymentRequirementsV2 = baseSepoliaRequirements

test.each(['verify', 'settle'])('a hanging RPC node: /%s answers 502 within its bound', async (endpoint) => {
  const paymentPayload = await createPayment({
    account: privateKeyToAccount(anvilPrivateKeys[2]!),
    requirements: fromRequirementsV2(requirements),
  })
  const started = Date.now()
  const r = await fetch(`${facilitator.url}/${endpoint}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ x402Version: 2, paymentPayload, paymentRequirements: requirements }),
  })
  expect(Date.now() - started).toBeLessThan(3_000)
  expect(r.status).toBe(502)
  const body = (await r.json()) as Record<string, unknown>
  expect(body[endpoint === 'verify' ? 'invalidReason' : 'errorReason']).toBe(`unexpected_${endpoint}_error`)
})
