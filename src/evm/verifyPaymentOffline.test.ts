import fc from 'fast-check'
import { getAddress } from 'viem'
import type { Address, Hex } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { fromRequirements } from '../codecs/normalize.js'
import { reasons } from '../errors/reasons.js'
import { X402Error } from '../errors/X402Error.js'
import type { PaymentRequirementsV1 } from '../types/v1.js'
import type { PaymentRequirementsV2 } from '../types/v2.js'
import type { ExactEvmPayload } from '../types/exactEvm.js'
import { createPayment } from './createPayment.js'
import { paymentMutations } from './paymentMutations.js'
import { verifyPaymentOffline } from './verifyPaymentOffline.js'

const seed = Number(process.env['FC_SEED'] ?? 402)
// anvil's public test accounts
const payers = Array.from({ length: 10 }, (_, i) =>
  mnemonicToAccount('test test test test test test test test test test test junk', { addressIndex: i }),
)

const address = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => getAddress(`0x${Buffer.from(b).toString('hex')}`))
const bytes32 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => `0x${Buffer.from(b).toString('hex')}` as Hex)

type Case = {
  version: 1 | 2
  payer: number
  requirements: PaymentRequirementsV1 | PaymentRequirementsV2
  now: number
  validAfter: bigint
  lifetime: number
  nonce: Hex
}

/** Valid requirements and a client's choices, within the rules of chapter 3. */
const validCase = fc
  .record({
    version: fc.constantFrom(1 as const, 2 as const),
    payer: fc.integer({ min: 0, max: payers.length - 1 }),
    chainId: fc.integer({ min: 1, max: 2 ** 40 }),
    v1Name: fc.constantFrom('base', 'base-sepolia', undefined),
    amount: fc.bigInt({ min: 1n, max: 2n ** 256n - 1n }),
    asset: address,
    payTo: address,
    maxTimeoutSeconds: fc.integer({ min: 6, max: 7 * 86_400 }),
    name: fc.string({ minLength: 1, maxLength: 20 }),
    tokenVersion: fc.string({ minLength: 1, maxLength: 5 }),
    now: fc.integer({ min: 1_700_000_000, max: 2_100_000_000 }),
    backdate: fc.integer({ min: 1, max: 1_000_000 }),
    lifetimeFraction: fc.double({ min: 0, max: 1, noNaN: true }),
    nonce: bytes32,
  })
  .map((r): Case => {
    const network = r.version === 1 && r.v1Name !== undefined ? r.v1Name : `eip155:${r.chainId}`
    const common = {
      scheme: 'exact',
      network,
      asset: r.asset,
      payTo: r.payTo,
      maxTimeoutSeconds: r.maxTimeoutSeconds,
      extra: { name: r.name, version: r.tokenVersion },
    }
    const requirements =
      r.version === 1
        ? {
            ...common,
            maxAmountRequired: r.amount.toString(),
            resource: 'https://api.example/paid',
            description: '',
            mimeType: 'application/json',
          }
        : { ...common, amount: r.amount.toString() }
    // validBefore anywhere from now + 6 s to now + maxTimeoutSeconds + the skew allowance
    const lifetime = 6 + Math.floor(r.lifetimeFraction * (r.maxTimeoutSeconds + 60 - 6))
    return {
      version: r.version,
      payer: r.payer,
      requirements,
      now: r.now,
      validAfter: BigInt(Math.max(0, r.now - r.backdate)),
      lifetime,
      nonce: r.nonce,
    }
  })

async function sign(c: Case) {
  const requirements = fromRequirements(
    c.version,
    c.requirements,
    c.version === 2 ? { url: 'https://api.example/paid' } : undefined,
  )
  return createPayment({
    account: payers[c.payer]!,
    requirements,
    now: () => c.now,
    nonce: () => c.nonce,
    validAfter: c.validAfter,
    validBefore: BigInt(c.now + c.lifetime),
  })
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T
type Json = Record<string, unknown>
const mutations = paymentMutations

describe('properties', () => {
  test('every generated valid payment verifies (v1 and v2)', async () => {
    await fc.assert(
      fc.asyncProperty(validCase, async (c) => {
        const payment = await sign(c)
        const result = verifyPaymentOffline({
          paymentPayload: clone(payment),
          paymentRequirements: clone(c.requirements),
          x402Version: c.version,
          now: c.now,
        })
        expect(result).toEqual({ isValid: true, payer: payers[c.payer]!.address })
      }),
      { seed, numRuns: 200 },
    )
  })

  test('every single-field mutation is rejected with its code', async () => {
    const exercised = new Set<string>()
    await fc.assert(
      fc.asyncProperty(validCase, fc.constantFrom(...mutations), async (c, m) => {
        fc.pre(m.versions.includes(c.version))
        const payment = clone(await sign(c)) as Json
        const requirements = clone(c.requirements) as Json
        m.apply(payment, requirements, c.now)
        const result = verifyPaymentOffline({ paymentPayload: payment, paymentRequirements: requirements, now: c.now })
        expect(result.isValid, m.name).toBe(false)
        if (result.isValid) return
        expect(result.invalidReason, `${m.name}: ${result.invalidMessage}`).toBe(m.expect)
        expect(result.deferred === true).toBe(m.expect === 'invalid_exact_evm_payload_signature')
        // The deferral is a typed field; the message only adds a note for people.
        if (result.deferred) expect(result.invalidMessage.startsWith(result.signatureProblem)).toBe(true)
        exercised.add(m.name)
      }),
      { seed, numRuns: 800 },
    )
    expect(mutations.filter((m) => !exercised.has(m.name)).map((m) => m.name)).toEqual([])
  })

  test('any input gives a result with a canonical code, never an exception', () => {
    fc.assert(
      fc.property(
        fc.anything(),
        fc.anything(),
        fc.constantFrom(1 as const, 2 as const, undefined),
        (paymentPayload, paymentRequirements, x402Version) => {
          const result = verifyPaymentOffline({ paymentPayload, paymentRequirements, x402Version, now: 1_800_000_000 })
          expect(result.isValid).toBe(false)
          if (!result.isValid) expect(Object.keys(reasons)).toContain(result.invalidReason)
        },
      ),
      { seed, numRuns: 500 },
    )
  })
})

describe('args', () => {
  const c: Case = {
    version: 2,
    payer: 1,
    requirements: {
      scheme: 'exact',
      network: 'eip155:84532',
      amount: '10000',
      asset: '0x036CbD53842c5426634e7929541eC2318f3dCF7e',
      payTo: '0x209693Bc6afc0C5328bA36FaF03C514EF312287C',
      maxTimeoutSeconds: 60,
    },
    now: 1_800_000_000,
    validAfter: 0n,
    lifetime: 60,
    nonce: `0x${'ab'.repeat(32)}`,
  }

  test('extra omitted: the default asset of the network gives the domain', async () => {
    const payment = await sign(c)
    expect(verifyPaymentOffline({ paymentPayload: payment, paymentRequirements: c.requirements, now: c.now })).toEqual({
      isValid: true,
      payer: payers[1]!.address,
    })
  })

  test('addresses compare case-insensitively', async () => {
    const payment = clone(await sign(c)) as unknown as { payload: ExactEvmPayload }
    const requirements = {
      ...c.requirements,
      asset: c.requirements.asset.toLowerCase(),
      payTo: c.requirements.payTo.toUpperCase().replace('0X', '0x'),
    }
    payment.payload.authorization.to = payment.payload.authorization.to.toLowerCase()
    expect(verifyPaymentOffline({ paymentPayload: payment, paymentRequirements: requirements, now: c.now }).isValid).toBe(true)
  })

  test('payTo spelled 0X (not an address) is refused although it lower-cases to authorization.to', async () => {
    const payment = clone(await sign(c)) as unknown as { payload: ExactEvmPayload; accepted: Record<string, unknown> }
    const requirements = { ...c.requirements, payTo: `0X${c.requirements.payTo.slice(2)}` }
    payment.accepted = { ...payment.accepted, payTo: requirements.payTo }
    const result = verifyPaymentOffline({ paymentPayload: payment, paymentRequirements: requirements, now: c.now })
    expect(result).toMatchObject({ isValid: false, invalidReason: 'invalid_exact_evm_payload_recipient_mismatch' })
  })

  test('x402Version: request version differs from the payload', async () => {
    const result = verifyPaymentOffline({
      paymentPayload: await sign(c),
      paymentRequirements: c.requirements,
      x402Version: 1,
      now: c.now,
    })
    expect(result).toMatchObject({ isValid: false, invalidReason: 'invalid_x402_version' })
  })

  test('settlementMarginSeconds: 0 accepts a validBefore one second ahead', async () => {
    const payment = await sign({ ...c, lifetime: 6 })
    expect(verifyPaymentOffline({ paymentPayload: payment, paymentRequirements: c.requirements, now: c.now + 5 }).isValid).toBe(
      false,
    )
    expect(
      verifyPaymentOffline({
        paymentPayload: payment,
        paymentRequirements: c.requirements,
        now: c.now + 5,
        settlementMarginSeconds: 0,
      }).isValid,
    ).toBe(true)
  })

  test('enforceValidityBound: false lets a long-lived authorization through', async () => {
    const payment = await sign({ ...c, lifetime: 3600 })
    expect(verifyPaymentOffline({ paymentPayload: payment, paymentRequirements: c.requirements, now: c.now })).toMatchObject({
      invalidReason: 'invalid_exact_evm_payload_authorization_validity_too_long',
    })
    expect(
      verifyPaymentOffline({
        paymentPayload: payment,
        paymentRequirements: c.requirements,
        now: c.now,
        enforceValidityBound: false,
      }).isValid,
    ).toBe(true)
  })

  test('payer is reported once the payload is readable', async () => {
    const result = verifyPaymentOffline({
      paymentPayload: await sign(c),
      paymentRequirements: { ...c.requirements, payTo: '0x0000000000000000000000000000000000000001' },
      now: c.now,
    })
    expect(result).toMatchObject({ isValid: false, payer: payers[1]!.address as Address })
  })
})

describe('errors', () => {
  test('now that is not unix seconds throws X402Error', () => {
    expect(() => verifyPaymentOffline({ paymentPayload: {}, paymentRequirements: {}, now: 1.5 })).toThrow(X402Error)
    expect(() =>
      verifyPaymentOffline({ paymentPayload: {}, paymentRequirements: {}, now: Number.NaN }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [InvalidTimeError: verify: \`now\` must be unix seconds (a non-negative integer)

      Details: NaN]
    `)
  })
})
