// Fault-injected variants of the reference server for the robustness cases (sibling paths, odd
// methods, long paths, null members, deep nesting, facilitator redirects); appended to variants.ts.
import { encodePaymentRequiredHeader, HeaderDecodeError } from '../../src/codecs/index.js'
import { compileRoute } from '../../src/server/routes.js'
import { defaultPaywallSteps } from '../../src/server/steps.js'
import { PaymentPayloadV1 } from '../../src/types/v1.js'
import { PaymentPayloadV2 } from '../../src/types/v2.js'
import type { EmbeddedVariant } from '../../conformance/targets/embedded.js'

type Variant = { name: string; mistake: string; grep: RegExp; variant: EmbeddedVariant }

const knownMethods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])

export const serverRobustnessVariants: readonly Variant[] = [
  {
    name: 'prefix-route-match',
    mistake:
      'the handler serves every path that starts with a paid path (/paid/datax, /paid/data.json) the paywall does not guard',
    grep: /^server\.(robustness|control)/,
    variant: {
      handlerMatcher: (routes) => (_method, url) => {
        let path: string
        try {
          path = decodeURIComponent(new URL(url).pathname).toLowerCase()
        } catch {
          return 'invalid'
        }
        const route = routes.find((r) => path.startsWith(r.path.toLowerCase()))
        return route ? { route: compileRoute(route) } : 'free'
      },
    },
  },
  {
    name: 'odd-method-500',
    mistake: 'the server throws (500) on a method it does not know (TRACE, PROPFIND)',
    grep: /^server\.(robustness|control)/,
    variant: {
      paywallSteps: {
        findRoute: (routes, method, path) => {
          if (!knownMethods.has(method.toUpperCase())) throw new TypeError(`unsupported method ${method}`)
          return defaultPaywallSteps.findRoute(routes, method, path)
        },
      },
    },
  },
  {
    name: 'long-path-500',
    mistake: 'the server builds a challenge its header cannot carry for a 12 KB URL and fails (500)',
    grep: /^server\.(robustness|control)/,
    variant: {
      paywallSteps: {
        paymentRequired: (input) => {
          const resource = { url: input.resource, description: '', mimeType: 'application/json' }
          encodePaymentRequiredHeader({ x402Version: 2, error: input.error, resource, accepts: input.accepts2 })
          return defaultPaywallSteps.paymentRequired(input)
        },
      },
    },
  },
  {
    name: 'null-authorization-500',
    mistake: 'the server reads payload.authorization.value of a v1 payment without checking it is an object (null: 500)',
    grep: /^server\.(robustness|control)/,
    variant: {
      paywallSteps: {
        matchPaymentV1: (offers, payment) => {
          void (payment.payload as { authorization: { value: unknown } }).authorization.value
          return defaultPaywallSteps.matchPaymentV1(offers, payment)
        },
      },
    },
  },
  {
    name: 'unbounded-json-depth',
    mistake: 'the server decodes a payment header of any depth and walks it recursively (stack overflow: 5xx)',
    grep: /^server\.(robustness|control)/,
    variant: {
      paywallSteps: {
        decodePayment: (value, version) => {
          const json: unknown = JSON.parse(Buffer.from(value, 'base64').toString('utf8'))
          const walk = (v: unknown): unknown =>
            Array.isArray(v)
              ? v.map(walk)
              : typeof v === 'object' && v !== null
                ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]))
                : v
          const parsed = (version === 1 ? PaymentPayloadV1 : PaymentPayloadV2).safeParse(walk(json))
          if (!parsed.success) throw new HeaderDecodeError({ code: 'schema', what: 'payment header', issues: [] })
          return parsed.data
        },
      },
    },
  },
  {
    name: 'follow-facilitator-redirect',
    mistake: "the server follows its facilitator's redirects (another host then decides what is valid and settled)",
    grep: /^server\.(hostile|control)/,
    variant: { paywallFetch: (input, init) => fetch(input, { ...init, redirect: 'follow' }) },
  },
]
