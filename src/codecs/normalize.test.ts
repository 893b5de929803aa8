import { describe, expect, test } from 'vitest'
import { evmNetworks } from '../networks/registry.js'
import type { PaymentPayloadV1, PaymentRequirementsV1 } from '../types/v1.js'
import type { PaymentPayloadV2, PaymentRequirementsV2 } from '../types/v2.js'
import {
  fromPaymentPayload,
  fromRequirements,
  fromRequirementsV1,
  fromRequirementsV2,
  toCaip2,
  toV1Network,
} from './normalize.js'

const asset = '0x036CbD53842c5426634e7929541eC2318f3dCF7e'
const payTo = '0x209693Bc6afc0C5328bA36FaF03C514EF312287C'
const v1: PaymentRequirementsV1 = {
  scheme: 'exact',
  network: 'base-sepolia',
  maxAmountRequired: '10000',
  resource: 'https://api.example.com/data',
  description: 'データ',
  mimeType: 'application/json',
  outputSchema: null,
  payTo,
  maxTimeoutSeconds: 60,
  asset,
  extra: null,
}
const v2: PaymentRequirementsV2 = {
  scheme: 'exact',
  network: 'eip155:84532',
  amount: '10000',
  asset,
  payTo,
  maxTimeoutSeconds: 60,
  extra: { name: 'USDC', version: '2' },
}

describe('networks', () => {
  test('v1 names ⇄ CAIP-2 for every known network', () => {
    for (const n of evmNetworks) {
      if (n.v1Name === null) expect(toV1Network(n.caip2)).toBeUndefined()
      else {
        expect(toCaip2(n.v1Name)).toBe(n.caip2)
        expect(toV1Network(n.caip2)).toBe(n.v1Name)
      }
    }
  })

  test('unknown values pass through', () => {
    expect(toCaip2('eip155:31337')).toBe('eip155:31337')
    expect(toCaip2('solana-devnet')).toBe('solana-devnet')
    expect(toV1Network('eip155:31337')).toBeUndefined()
    expect(toV1Network('base')).toBe('base')
  })
})

describe('requirements', () => {
  test('v1 and v2 read into the same shape', () => {
    const a = fromRequirementsV1(v1)
    const b = fromRequirementsV2(v2, { url: v1.resource })
    const common = {
      scheme: 'exact',
      network: 'eip155:84532',
      chainId: 84532,
      amount: '10000',
      asset,
      payTo,
      maxTimeoutSeconds: 60,
    }
    expect(a).toMatchObject({
      ...common,
      x402Version: 1,
      wireNetwork: 'base-sepolia',
      extra: undefined,
      resource: { url: v1.resource, description: 'データ' },
    })
    expect(b).toMatchObject({
      ...common,
      x402Version: 2,
      wireNetwork: 'eip155:84532',
      extra: { name: 'USDC', version: '2' },
      resource: { url: v1.resource },
    })
    expect(fromRequirements(1, v1)).toEqual(a)
    expect(a.wire).toBe(v1)
  })

  test('null extra reads as absent', () => {
    expect(fromRequirementsV2({ ...v2, extra: null }).extra).toBeUndefined()
  })
})

describe('payments', () => {
  const payload = { signature: '0x01', authorization: {} }
  test('v1', () => {
    const p: PaymentPayloadV1 = { x402Version: 1, scheme: 'exact', network: 'base-sepolia', payload }
    expect(fromPaymentPayload(p)).toMatchObject({
      x402Version: 1,
      network: 'eip155:84532',
      chainId: 84532,
      accepted: undefined,
      payload,
    })
  })

  test('v2: accepted in the one shape, null members absent', () => {
    const p: PaymentPayloadV2 = { x402Version: 2, resource: null, accepted: v2, payload, extensions: null }
    const read = fromPaymentPayload(p)
    expect(read).toMatchObject({ x402Version: 2, network: 'eip155:84532', resource: undefined, extensions: undefined, payload })
    expect(read.accepted).toMatchObject({ amount: '10000', chainId: 84532 })
  })
})
