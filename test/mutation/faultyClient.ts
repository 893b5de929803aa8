// A paying client with one deliberate fault, for the mutation check of the client cases:
//   node --import tsx test/mutation/faultyClient.ts <fault> <url>
// Without a fault it behaves like the reference `pay` command (policy from the X402_* environment).
import type { Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { encodePaymentPayloadHeader, paymentHeaderName } from '../../src/codecs/index.js'
import type { Requirements } from '../../src/codecs/normalize.js'
import { chooseOffer } from '../../src/client/policy.js'
import type { PaymentPolicy } from '../../src/client/policy.js'
import { maxWindowSeconds, readChallenge } from '../../src/client/wrapFetch.js'
import { createPayment } from '../../src/evm/index.js'

const [fault = 'none', url = ''] = process.argv.slice(2)
const env = (name: string) => (process.env[name] ? process.env[name] : undefined)
const key = env('X402_PRIVATE_KEY') as Hex
const account = privateKeyToAccount(key)
const has = (f: string) => fault === f
if (has('prints-key')) process.stderr.write(`paying as ${account.address} with key ${key}\n`)

const policy: PaymentPolicy = {
  ...(env('X402_MAX_PER_REQUEST') && !has('ignores-limits') ? { maxAmountPerRequest: env('X402_MAX_PER_REQUEST')! } : {}),
  ...(env('X402_BUDGET') && !has('ignores-limits') && !has('ignores-budget') ? { budget: env('X402_BUDGET')! } : {}),
  ...(has('any-network') ? {} : { networks: [env('X402_NETWORK'), env('X402_NETWORK_V1')].filter((n) => n !== undefined) }),
  ...(has('any-asset') ? {} : { assets: [env('X402_ASSET')!] }),
}
const other = '0x000000000000000000000000000000000000bEEF'
const now = Math.floor(Date.now() / 1000)

/** The chain id the domain is signed under: the offer's network, or what a faulty client reads instead. */
function domainChainId(offer: Requirements): number | undefined {
  if (has('wrong-domain')) return 1
  const fromExtra = offer.extra?.['chainId']
  return has('domain-from-extra') && typeof fromExtra === 'number' ? fromExtra : offer.chainId
}

/** The price as the faulty client reads it (a v2 client that prefers a v1 member it finds). */
function priceOf(offer: Requirements): string {
  const v1 = (offer.wire as Record<string, unknown>)['maxAmountRequired']
  return has('reads-other-version-price') && typeof v1 === 'string' ? v1 : offer.amount
}

function windowOf(offer: Requirements): bigint {
  if (has('window-years')) return BigInt(now + 10 * 365 * 86_400)
  if (has('window-follows-offer')) return BigInt(now + offer.maxTimeoutSeconds)
  return BigInt(now + Math.min(offer.maxTimeoutSeconds, maxWindowSeconds))
}

async function sign(offer: Requirements): Promise<string> {
  const amount = BigInt(priceOf(offer))
  const payment = await createPayment({
    account,
    requirements: { ...offer, chainId: domainChainId(offer) },
    ...(has('reuses-nonce') ? { nonce: () => `0x${'11'.repeat(32)}` as Hex } : {}),
    validBefore: windowOf(offer),
    overrides: {
      value: amount,
      ...(has('overpays') ? { value: amount + 1n } : {}),
      ...(has('underpays') ? { value: amount - 1n } : {}),
      ...(has('pays-another-payto') ? { to: other } : {}),
      ...(has('wrong-from') ? { from: other } : {}),
    },
  })
  if (has('alters-accepted') && 'accepted' in payment) {
    const { extra: _extra, ...accepted } = payment.accepted as Record<string, unknown>
    return encodePaymentPayloadHeader({ ...payment, accepted } as never)
  }
  return encodePaymentPayloadHeader(payment)
}

const debug: Record<string, string> = has('sends-key') ? { 'x-debug-key': key } : {}
/** Whether the answer is taken as a challenge: a 402, or (faulty) any answer that carries one. */
const asksPayment = (r: Response) => r.status === 402 || (has('pays-any-challenge') && r.headers.has('payment-required'))

let spent = 0n
let response = await fetch(url, { headers: debug })
for (let paid = 0; asksPayment(response) && paid < (has('pays-again-on-402') ? 5 : 1); paid++) {
  let offers: Requirements[]
  try {
    offers = await readChallenge(response)
  } catch (error) {
    if (has('hangs-on-malformed')) await new Promise(() => setInterval(() => undefined, 1000))
    process.stderr.write(`${(error as Error).message}\n`)
    process.exit(1)
  }
  const choice = chooseOffer(policy, offers, spent)
  if ('refusals' in choice) {
    process.stderr.write(`refused: ${choice.refusals.join('; ')}\n`)
    process.exit(1)
  }
  spent += BigInt(choice.offer.amount)
  const name = has('wrong-header') ? 'X-PAYMENT' : paymentHeaderName(choice.offer.x402Version)
  response = await fetch(url, { headers: { ...debug, [name]: await sign(choice.offer) } })
}
process.stdout.write(`${response.status} ${await response.text()}\n`)
process.exit(response.ok ? 0 : 1)
