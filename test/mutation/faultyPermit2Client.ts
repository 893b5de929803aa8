// A paying client of Permit2 offers (exact with assetTransferMethod permit2, and upto) with one deliberate fault,
// for the mutation check of the client Permit2 cases:
//   node --import tsx test/mutation/faultyPermit2Client.ts <fault> <url>
// Without a fault it pays as spec/07-permit2.md 7.2 asks. Any other offer is refused.
import { getAddress } from 'viem'
import type { Address, Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { encodePaymentPayloadHeader } from '../../src/codecs/index.js'
import { chooseOffer } from '../../src/client/policy.js'
import { readChallenge } from '../../src/client/wrapFetch.js'
import { getPermit2TypedData, isPermit2Offer, permit2ProxyOf, toWirePermit2Authorization } from '../../src/evm/permit2/index.js'
import type { Permit2Authorization } from '../../src/evm/permit2/index.js'

const [fault = 'none', url = ''] = process.argv.slice(2)
const has = (f: string) => fault === f
const env = (name: string) => (process.env[name] ? process.env[name] : undefined)
const account = privateKeyToAccount(env('X402_PRIVATE_KEY') as Hex)
const other: Address = '0x000000000000000000000000000000000000bEEF'
const now = BigInt(Math.floor(Date.now() / 1000))

const first = await fetch(url)
const choice = chooseOffer(
  {
    schemes: ['exact', 'upto'],
    networks: [env('X402_NETWORK')!],
    assets: [env('X402_ASSET')!],
    ...(env('X402_MAX_PER_REQUEST') ? { maxAmountPerRequest: env('X402_MAX_PER_REQUEST')! } : {}),
  },
  first.status === 402 ? await readChallenge(first) : [],
  0n,
)
if ('refusals' in choice || !isPermit2Offer(choice.offer)) {
  process.stderr.write('refused: no Permit2 offer\n')
  process.exit(1)
}
const offer = choice.offer
const kind = offer.scheme === 'upto' ? 'upto' : 'exact'
const amount = BigInt(offer.amount)
const random = BigInt(`0x${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex')}`)
const facilitator = getAddress(String(offer.extra?.['facilitatorAddress'] ?? other))
const authorization: Permit2Authorization = {
  from: account.address,
  permitted: { token: getAddress(offer.asset), amount: has('overpays') || has('upto-above-max') ? amount * 2n : amount },
  spender: has('spender-other') ? other : permit2ProxyOf(kind),
  nonce: has('reuses-nonce') ? 0x11n : random,
  deadline: now + BigInt(offer.maxTimeoutSeconds),
  witness: {
    to: has('witness-other') ? other : getAddress(offer.payTo),
    validAfter: now - 600n,
    ...(kind === 'upto' ? { facilitator: has('upto-other-facilitator') ? other : facilitator } : {}),
  },
}
const typed = getPermit2TypedData({ kind, chainId: has('wrong-domain') ? 1 : offer.chainId!, authorization })
// A signer that lists the witness members in another order hashes another type: no Permit2 accepts the signature.
const types = has('witness-reordered') ? { ...typed.types, Witness: [...typed.types.Witness].reverse() } : typed.types
const signature = await account.signTypedData({ ...typed, types } as never)
const header = encodePaymentPayloadHeader({
  x402Version: 2,
  ...(offer.resource === undefined ? {} : { resource: offer.resource }),
  accepted: offer.wire,
  payload: { signature, permit2Authorization: toWirePermit2Authorization(authorization) },
} as never)
const response = await fetch(url, { headers: { 'PAYMENT-SIGNATURE': header } })
process.stdout.write(`${response.status} ${await response.text()}\n`)
process.exit(response.ok ? 0 : 1)
