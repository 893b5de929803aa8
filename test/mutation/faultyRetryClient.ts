// A paying client built on the reference wrapFetch with one deliberate fault in how it retries a request whose
// settlement is pending or in the payment-identifier id it sends, for the mutation check of those client cases:
//   node --import tsx test/mutation/faultyRetryClient.ts <fault> <url>
//   signs-again-on-pending  sends nothing again itself; on a 503 with Retry-After it waits and pays anew (a new
//                           payment and a new id for the same logical request)
//   fresh-id-on-resend      sends the same authorization again, but under a new payment-identifier id
//   short-id                sends a payment-identifier id of 12 characters (the extension asks for 16 to 128)
import type { Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { decodeBase64Json, encodeBase64Json } from '../../src/codecs/base64Json.js'
import { newPaymentId, withPaymentId } from '../../src/client/paymentId.js'
import { wrapFetch } from '../../src/client/wrapFetch.js'

const [fault = 'none', url = ''] = process.argv.slice(2)
const env = (name: string) => (process.env[name] ? process.env[name] : undefined)
const account = privateKeyToAccount(env('X402_PRIVATE_KEY') as Hex)
const policy = {
  networks: [env('X402_NETWORK'), env('X402_NETWORK_V1')].filter((n) => n !== undefined),
  assets: [env('X402_ASSET')!],
}

/** Rewrites the payment-identifier id of a payment header it has already sent once. */
function freshIdOnResend(): typeof fetch {
  const sent = new Set<string>()
  return async (input, init) => {
    const request = new Request(input, init)
    const header = request.headers.get('payment-signature')
    if (header !== null && sent.has(header)) {
      const payment = decodeBase64Json(header) as Record<string, unknown>
      const extensions = withPaymentId((payment['extensions'] ?? {}) as Record<string, unknown>, newPaymentId())
      request.headers.set('payment-signature', encodeBase64Json({ ...payment, extensions }))
    }
    if (header !== null) sent.add(header)
    return fetch(request)
  }
}

/** Replaces the payment-identifier id of every payment it sends with one too short for the extension. */
function shortId(): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init)
    const header = request.headers.get('payment-signature')
    if (header !== null) {
      const payment = decodeBase64Json(header) as Record<string, unknown>
      const extensions = withPaymentId((payment['extensions'] ?? {}) as Record<string, unknown>, 'id-too-short')
      request.headers.set('payment-signature', encodeBase64Json({ ...payment, extensions }))
    }
    return fetch(request)
  }
}

const resends = fault === 'signs-again-on-pending' ? 0 : 1
const base = fault === 'fresh-id-on-resend' ? freshIdOnResend() : fault === 'short-id' ? shortId() : fetch
const pay = wrapFetch(base, { account, policy, resend: { resends } })
let response = await pay(url)
const wait = Number(response.headers.get('retry-after'))
if (fault === 'signs-again-on-pending' && response.status === 503 && wait <= 10) {
  await new Promise((resolve) => setTimeout(resolve, wait * 1000))
  response = await pay(url)
}
process.stdout.write(`${response.status} ${await response.text()}\n`)
process.exit(response.ok ? 0 : 1)
