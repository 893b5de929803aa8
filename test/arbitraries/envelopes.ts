import fc from 'fast-check'

/** Arbitraries of VALID x402 envelopes (v1, v2, exact-EVM), used by the differential and round-trip properties. */

const UINT256_MAX = 2n ** 256n - 1n

/** Text with Japanese, emoji and combining marks as well as ASCII. */
export const text = (minLength = 0) =>
  fc
    .oneof(
      fc.string({ unit: 'grapheme', minLength, maxLength: 12 }),
      fc.constantFrom('プレミアム市場データ 📈', '支払い 💸', 'Zürich ✓', 'e\u0301', '👩‍💻'),
    )
    .filter((s) => s.length >= minLength)

export const uint256 = fc
  .oneof(fc.bigInt({ min: 0n, max: UINT256_MAX }), fc.constantFrom(0n, 1n, 10000n, UINT256_MAX, UINT256_MAX - 1n, 10n ** 77n))
  .map((n) => n.toString())
export const evmAddress = fc.stringMatching(/^0x[0-9a-fA-F]{40}$/)
export const bytes32 = fc.stringMatching(/^0x[0-9a-fA-F]{64}$/)
export const hexBytes = fc.oneof(fc.stringMatching(/^0x(?:[0-9a-fA-F]{2}){1,80}$/), fc.stringMatching(/^0x[0-9a-f]{130}$/))
export const caip2 = fc.oneof(
  fc.constantFrom('eip155:84532', 'eip155:8453', 'eip155:1', 'solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp'),
  fc.stringMatching(/^[-a-z0-9]{3,8}:[-_a-zA-Z0-9]{1,32}$/),
)
export const v1Network = fc.oneof(fc.constantFrom('base-sepolia', 'base', 'avalanche-fuji', 'iotex'), text(1))
export const nonEmpty = text(1)
export const seconds = fc.oneof(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), fc.constantFrom(1, 60, 300))
const jsonish = fc.jsonValue({ maxDepth: 2 })
export const openObject = fc.dictionary(fc.string({ maxLength: 8 }), jsonish, { maxKeys: 3 })
const nullable = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null, freq: 4 })

/** Extra members a loose object may carry (names no envelope uses). */
const unknownMembers = fc.dictionary(
  fc.string({ maxLength: 6 }).map((s) => `x-${s}`),
  jsonish,
  { maxKeys: 2 },
)
const loose = <T extends object>(a: fc.Arbitrary<T>) =>
  fc.tuple(a, fc.option(unknownMembers, { nil: undefined, freq: 3 })).map(([o, extra]) => (extra ? { ...extra, ...o } : o))
const rec = <T extends Record<string, fc.Arbitrary<unknown>>>(model: T, required: (keyof T & string)[]) =>
  fc.record(model, { requiredKeys: required })

export const authorization = fc.record({
  from: evmAddress,
  to: evmAddress,
  value: uint256,
  validAfter: uint256,
  validBefore: uint256,
  nonce: bytes32,
})
export const exactEvmPayload = fc.record({ signature: hexBytes, authorization })
const schemePayload = fc.oneof(exactEvmPayload, openObject)

export const requirementsV1 = loose(
  rec(
    {
      scheme: fc.oneof(fc.constant('exact'), nonEmpty),
      network: v1Network,
      maxAmountRequired: uint256,
      resource: fc.oneof(fc.constant('https://api.example.com/premium-data'), nonEmpty),
      description: text(),
      mimeType: nullable(fc.string()),
      outputSchema: nullable(openObject),
      payTo: fc.oneof(evmAddress, nonEmpty),
      maxTimeoutSeconds: seconds,
      asset: fc.oneof(evmAddress, nonEmpty),
      extra: nullable(fc.oneof(fc.constant({ name: 'USDC', version: '2' }), openObject)),
    },
    ['scheme', 'network', 'maxAmountRequired', 'resource', 'description', 'payTo', 'maxTimeoutSeconds', 'asset'],
  ),
)
export const paymentRequiredV1 = loose(
  rec(
    { x402Version: fc.constant(1), error: nullable(text()), accepts: fc.array(requirementsV1, { minLength: 1, maxLength: 3 }) },
    ['x402Version', 'accepts'],
  ),
)
export const paymentPayloadV1 = loose(
  fc.record({ x402Version: fc.constant(1), scheme: nonEmpty, network: v1Network, payload: schemePayload }),
)
export const verifyRequestV1 = loose(
  fc.record({ x402Version: fc.constant(1), paymentPayload: paymentPayloadV1, paymentRequirements: requirementsV1 }),
)
export const verifyResponseV1 = loose(
  rec({ isValid: fc.boolean(), invalidReason: nullable(fc.string()), payer: nullable(evmAddress) }, ['isValid']),
)
const transactionFor = (success: boolean) => (success ? fc.oneof(bytes32, nonEmpty) : fc.oneof(fc.constant(''), bytes32))
export const settleResponseV1 = fc.boolean().chain((success) =>
  loose(
    rec(
      {
        success: fc.constant(success),
        errorReason: nullable(fc.string()),
        payer: nullable(evmAddress),
        transaction: transactionFor(success),
        network: v1Network,
      },
      ['success', 'transaction', 'network'],
    ),
  ),
)
const kindV1 = loose(
  rec({ x402Version: fc.constant(1), scheme: nonEmpty, network: v1Network, extra: nullable(openObject) }, [
    'x402Version',
    'scheme',
    'network',
  ]),
)
export const supportedResponseV1 = loose(fc.record({ kinds: fc.array(kindV1, { maxLength: 3 }) }))

export const resourceInfo = loose(rec({ url: nonEmpty, description: nullable(text()), mimeType: nullable(fc.string()) }, ['url']))
export const requirementsV2 = loose(
  rec(
    {
      scheme: fc.oneof(fc.constant('exact'), nonEmpty),
      network: caip2,
      amount: uint256,
      asset: fc.oneof(evmAddress, nonEmpty),
      payTo: fc.oneof(evmAddress, nonEmpty),
      maxTimeoutSeconds: seconds,
      extra: nullable(fc.oneof(fc.constant({ name: 'USDC', version: '2' }), openObject)),
    },
    ['scheme', 'network', 'amount', 'asset', 'payTo', 'maxTimeoutSeconds'],
  ),
)
export const paymentRequiredV2 = loose(
  rec(
    {
      x402Version: fc.constant(2),
      error: nullable(text()),
      resource: resourceInfo,
      accepts: fc.array(requirementsV2, { minLength: 1, maxLength: 3 }),
      extensions: nullable(openObject),
    },
    ['x402Version', 'resource', 'accepts'],
  ),
)
export const paymentPayloadV2 = loose(
  rec(
    {
      x402Version: fc.constant(2),
      resource: nullable(resourceInfo),
      accepted: requirementsV2,
      payload: schemePayload,
      extensions: nullable(openObject),
    },
    ['x402Version', 'accepted', 'payload'],
  ),
)
export const verifyRequestV2 = loose(
  fc.record({ x402Version: fc.constant(2), paymentPayload: paymentPayloadV2, paymentRequirements: requirementsV2 }),
)
export const verifyResponseV2 = loose(
  rec(
    {
      isValid: fc.boolean(),
      invalidReason: nullable(fc.string()),
      invalidMessage: nullable(text()),
      payer: nullable(evmAddress),
      extensions: nullable(openObject),
    },
    ['isValid'],
  ),
)
export const settleResponseV2 = fc.boolean().chain((success) =>
  loose(
    rec(
      {
        success: fc.constant(success),
        errorReason: nullable(fc.string()),
        errorMessage: nullable(text()),
        payer: nullable(evmAddress),
        transaction: transactionFor(success),
        network: caip2,
        amount: nullable(uint256),
        extensions: nullable(openObject),
      },
      ['success', 'transaction', 'network'],
    ),
  ),
)
const kindV2 = loose(
  rec({ x402Version: fc.constant(2), scheme: nonEmpty, network: caip2, extra: nullable(openObject) }, [
    'x402Version',
    'scheme',
    'network',
  ]),
)
export const supportedResponseV2 = loose(
  rec(
    {
      kinds: fc.array(fc.oneof(kindV2, kindV1), { maxLength: 4 }),
      extensions: fc.array(fc.string(), { maxLength: 2 }),
      signers: fc.dictionary(fc.constantFrom('eip155:*', 'solana:*', 'eip155:84532'), fc.array(evmAddress, { maxLength: 2 }), {
        maxKeys: 2,
      }),
    },
    ['kinds'],
  ),
)
