import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import type { z } from 'zod'
import { schemaIds } from '../src/codecs/schemaIds.js'
import { validateAgainstSchema } from '../src/codecs/validateAgainstSchema.js'
import { ExactEvmAuthorization, ExactEvmPayload } from '../src/types/exactEvm.js'
import * as v1 from '../src/types/v1.js'
import * as v2 from '../src/types/v2.js'
import * as A from './arbitraries/envelopes.js'
import { mutated } from './arbitraries/mutations.js'

// Differential property: ajv with our JSON Schemas and our zod types agree on validity, for valid
// instances and for single-field mutations of them. A disagreement is a bug in one of the two.
const seed = Number(process.env.X402_SEED ?? 402)
const validRuns = Number(process.env.X402_RUNS ?? 500)
const mutationRuns = validRuns * 4

const pairs: [string, string, z.ZodType, fc.Arbitrary<unknown>][] = [
  ['exact-evm/authorization', schemaIds.exactEvm.authorization, ExactEvmAuthorization, A.authorization],
  ['exact-evm/payload', schemaIds.exactEvm.payload, ExactEvmPayload, A.exactEvmPayload],
  ['v1/payment-requirements', schemaIds.v1.paymentRequirements, v1.PaymentRequirementsV1, A.requirementsV1],
  ['v1/payment-required', schemaIds.v1.paymentRequired, v1.PaymentRequiredV1, A.paymentRequiredV1],
  ['v1/payment-payload', schemaIds.v1.paymentPayload, v1.PaymentPayloadV1, A.paymentPayloadV1],
  ['v1/verify-request', schemaIds.v1.verifyRequest, v1.VerifyRequestV1, A.verifyRequestV1],
  ['v1/verify-response', schemaIds.v1.verifyResponse, v1.VerifyResponseV1, A.verifyResponseV1],
  ['v1/settle-response', schemaIds.v1.settleResponse, v1.SettleResponseV1, A.settleResponseV1],
  ['v1/supported-response', schemaIds.v1.supportedResponse, v1.SupportedResponseV1, A.supportedResponseV1],
  ['v2/resource-info', schemaIds.v2.resourceInfo, v2.ResourceInfo, A.resourceInfo],
  ['v2/payment-requirements', schemaIds.v2.paymentRequirements, v2.PaymentRequirementsV2, A.requirementsV2],
  ['v2/payment-required', schemaIds.v2.paymentRequired, v2.PaymentRequiredV2, A.paymentRequiredV2],
  ['v2/payment-payload', schemaIds.v2.paymentPayload, v2.PaymentPayloadV2, A.paymentPayloadV2],
  ['v2/verify-request', schemaIds.v2.verifyRequest, v2.VerifyRequestV2, A.verifyRequestV2],
  ['v2/verify-response', schemaIds.v2.verifyResponse, v2.VerifyResponseV2, A.verifyResponseV2],
  ['v2/settle-response', schemaIds.v2.settleResponse, v2.SettleResponseV2, A.settleResponseV2],
  ['v2/supported-response', schemaIds.v2.supportedResponse, v2.SupportedResponseV2, A.supportedResponseV2],
]

const params = (numRuns: number) => ({ seed, numRuns, endOnFailure: false })
const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown

describe.each(pairs)('%s: zod and JSON Schema agree', (_name, schemaId, zodType, valid) => {
  test('valid instances are valid for both', () => {
    fc.assert(
      fc.property(valid, (instance) => {
        const value = json(instance)
        const ajv = validateAgainstSchema(schemaId, value)
        const zod = zodType.safeParse(value)
        expect(ajv.errors, 'ajv').toEqual([])
        expect(zod.success ? [] : zod.error.issues, 'zod').toEqual([])
      }),
      params(validRuns),
    )
  })

  test('single-field mutations get the same verdict from both', () => {
    let rejected = 0
    fc.assert(
      fc.property(mutated(valid), ({ value, mutation }) => {
        const ajv = validateAgainstSchema(schemaId, value).valid
        const zod = zodType.safeParse(value).success
        if (!ajv) rejected++
        expect({ ajv, zod, mutation }).toEqual({ ajv: zod, zod, mutation })
      }),
      params(mutationRuns),
    )
    // the mutations must actually exercise rejection, or the property proves nothing
    expect(rejected).toBeGreaterThan(mutationRuns / 10)
  })
})
