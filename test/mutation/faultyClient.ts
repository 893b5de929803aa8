// A paying client with one deliberate fault, for the mutation check of the client cases:
//   node --import tsx test/mutation/faultyClient.ts <fault> <url>
// Without a fault it behaves like the reference `pay` command (policy from the X402_* environment).
import type { Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { encodePaymentPayloadHeader, paymentHeaderName } from '../../src/codecs/index.js'
import type { Requirements } from '../../src/codecs/normalize.js'
import { chooseOffer } from '../../src/client/policy.js'
import type { PaymentPolicy } from '../../src/client/policy.js'
import { readChallenge } from '../../src/client/wrapFetch.js'
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

async function sign(offer: Requirements): Promise<string> {
  const amount = BigInt(offer.amount)
  const payment = await createPayment({
    account,
    requirements: has('wrong-domain') ? { ...offer, chainId: 1 } : offer,
    ...(has('reuses-nonce') ? { nonce: () => `0x${'11'.repeat(32)}` as Hex } : {}),
    ...(has('window-years') ? { validBefore: BigInt(now + 10 * 365 * 86_400) } : {}),
    overrides: {
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

let spent = 0n
let response = await fetch(url)
for (let paid = 0; response.status === 402 && paid < (has('pays-again-on-402') ? 5 : 1); paid++) {
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
  response = await fetch(url, { headers: { [name]: await sign(choice.offer) } })
}
process.stdout.write(`${response.status} ${await response.text()}\n`)
process.exit(response.ok ? 0 : 1)
