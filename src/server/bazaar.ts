import { declarePaymentIdentifier, paymentIdentifierKey } from './paymentIdentifier.js'

type JsonObject = Record<string, unknown>

/** How a paid route describes itself for discovery (`extensions.bazaar`, spec/11-extensions.md). */
export type BazaarRoute =
  | {
      method: 'GET' | 'HEAD' | 'DELETE'
      /** Example query parameters, and optionally the JSON Schema of their object (`properties`, `required`). */
      queryParams?: Record<string, string>
      queryParamsSchema?: JsonObject
      output?: { example: unknown; schema?: JsonObject }
    }
  | {
      method: 'POST' | 'PUT' | 'PATCH'
      bodyType: 'json' | 'form-data' | 'text'
      /** Example body, and optionally the JSON Schema of its object. */
      body: JsonObject
      bodySchema?: JsonObject
      output?: { example: unknown; schema?: JsonObject }
    }

/** Extensions a paid route announces in its v2 challenge. */
export type RouteExtensions = {
  /** Announce payment-identifier; `required: true` answers a payment without an id with 400. */
  paymentIdentifier?: { required: boolean }
  bazaar?: BazaarRoute
}

const draft = 'https://json-schema.org/draft/2020-12/schema'

/**
 * The `bazaar` declaration of a route: `info` (input and output as declared) and the JSON Schema of `info`,
 * in the shape upstream servers emit.
 *
 * @example
 * declareBazaar({ method: 'GET', queryParams: { city: 'Lisbon' }, output: { example: { sunny: true } } })
 */
export function declareBazaar(route: BazaarRoute): { info: JsonObject; schema: JsonObject } {
  const isBody = 'bodyType' in route
  const input: JsonObject = isBody
    ? { type: 'http', method: route.method, bodyType: route.bodyType, body: route.body }
    : { type: 'http', method: route.method, ...(route.queryParams ? { queryParams: route.queryParams } : {}) }
  const inputProperties: JsonObject = {
    type: { type: 'string', const: 'http' },
    method: { type: 'string', enum: [route.method] },
    ...(isBody
      ? {
          bodyType: { type: 'string', enum: ['json', 'form-data', 'text'] },
          body: { type: 'object', ...route.bodySchema },
        }
      : { queryParams: { type: 'object', ...route.queryParamsSchema } }),
    headers: { type: 'object', additionalProperties: { type: 'string' } },
  }
  const output = route.output
  return {
    info: { input, ...(output ? { output: { type: 'json', example: output.example } } : {}) },
    schema: {
      $schema: draft,
      type: 'object',
      properties: {
        input: {
          type: 'object',
          properties: inputProperties,
          required: isBody ? ['type', 'method', 'bodyType', 'body'] : ['type', 'method'],
          additionalProperties: false,
        },
        ...(output
          ? {
              output: {
                type: 'object',
                properties: { type: { type: 'string' }, example: output.schema ?? {} },
                required: ['type'],
              },
            }
          : {}),
      },
      required: ['input'],
    },
  }
}

/** The extensions a paid route declares (its `extensions` member). */
export function routeExtensions(route: object | undefined): RouteExtensions | undefined {
  return (route as { extensions?: RouteExtensions } | undefined)?.extensions
}

/** The `extensions` object of a route's v2 challenge, or undefined when it announces none. */
export function challengeExtensions(route: object): JsonObject | undefined {
  const declared = routeExtensions(route)
  if (declared === undefined) return undefined
  const out: JsonObject = {}
  if (declared.paymentIdentifier) out[paymentIdentifierKey] = declarePaymentIdentifier(declared.paymentIdentifier.required)
  if (declared.bazaar) out['bazaar'] = declareBazaar(declared.bazaar)
  return Object.keys(out).length === 0 ? undefined : out
}
