/** The base every schema `$id` starts with; stable, never changes between releases. */
export const schemaBase = 'https://x402-conformance.dev/schemas'

const id = <const P extends string>(path: P) => `${schemaBase}/${path}.schema.json` as const

/** The `$id` of every normative JSON Schema in schemas/. */
export const schemaIds = {
  v1: {
    paymentRequirements: id('v1/payment-requirements'),
    paymentRequired: id('v1/payment-required'),
    paymentPayload: id('v1/payment-payload'),
    verifyRequest: id('v1/verify-request'),
    verifyResponse: id('v1/verify-response'),
    settleResponse: id('v1/settle-response'),
    supportedResponse: id('v1/supported-response'),
  },
  v2: {
    resourceInfo: id('v2/resource-info'),
    paymentRequirements: id('v2/payment-requirements'),
    paymentRequired: id('v2/payment-required'),
    paymentPayload: id('v2/payment-payload'),
    verifyRequest: id('v2/verify-request'),
    verifyResponse: id('v2/verify-response'),
    settleResponse: id('v2/settle-response'),
    supportedResponse: id('v2/supported-response'),
  },
  exactEvm: {
    authorization: id('exact-evm/authorization'),
    payload: id('exact-evm/payload'),
    v1PaymentRequired: id('exact-evm/v1-payment-required'),
    v1PaymentPayload: id('exact-evm/v1-payment-payload'),
    v2PaymentRequired: id('exact-evm/v2-payment-required'),
    v2PaymentPayload: id('exact-evm/v2-payment-payload'),
  },
} as const

/** Any schema `$id` of {@link schemaIds}. */
export type SchemaId = {
  [V in keyof typeof schemaIds]: (typeof schemaIds)[V][keyof (typeof schemaIds)[V]]
}[keyof typeof schemaIds]

/** Every schema `$id`, in a stable order. */
export const allSchemaIds: readonly SchemaId[] = Object.values(schemaIds).flatMap((group) => Object.values(group) as SchemaId[])
