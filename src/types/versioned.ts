import { z } from 'zod'
import { NonEmptyString, OptionalOpenObject } from './primitives.js'

// Envelopes whose members are the same in v1 and v2 apart from the version and its member types.

/** The body of `POST /verify` and `POST /settle` of one version. */
export function verifyRequestOf<V extends 1 | 2, P extends z.ZodType, R extends z.ZodType>(
  x402Version: V,
  payload: P,
  requirements: R,
) {
  return z.looseObject({ x402Version: z.literal(x402Version), paymentPayload: payload, paymentRequirements: requirements })
}

/** One kind in a `GET /supported` answer of one version (its network type differs). */
export function supportedKindOf<V extends 1 | 2, N extends z.ZodType>(x402Version: V, network: N) {
  return z.looseObject({ x402Version: z.literal(x402Version), scheme: NonEmptyString, network, extra: OptionalOpenObject })
}
