import { CaseFailure } from '../../context/failure.js'
import { clientCases } from '../../client/defineClientCase.js'
import { evidenceOf, expectNoPayment, onlyPayment } from '../../client/expect.js'
import { secp256k1HalfOrder } from '../../../src/evm/index.js'

export const cases = [
  ...clientCases('payment', { level: 'MUST', harm: 'funds' }, [
    [
      'nonce-fresh',
      'exact-evm.client.nonce',
      'two payments of the same payer for the same offer carry different, non-zero 32-byte nonces, and both settle',
      async (c) => {
        const obs = await c.observe(c.honest([c.offer()]), { invocations: 2 })
        const nonces = obs.payments.map((p) => p.authorization!.nonce.toLowerCase())
        if (nonces.length < 2)
          throw new CaseFailure(`the client paid ${nonces.length} of two identical requests`, evidenceOf(c, obs))
        if (new Set(nonces).size !== nonces.length || nonces.some((n) => /^0x0+$/.test(n)))
          throw new CaseFailure(
            'the nonce repeats (or is zero): the second authorization cannot settle and the request is refused',
            evidenceOf(c, obs),
          )
        if (obs.payerDelta !== -2n * c.price)
          throw new CaseFailure(`two payments settled for ${-obs.payerDelta}, not ${2n * c.price}`, evidenceOf(c, obs))
      },
    ],
    [
      'refuses-when-nothing-fits',
      'http.client.refuse-clearly',
      'a challenge whose every offer is unacceptable (unknown scheme, foreign network, foreign asset) gets no signature',
      async (c) => {
        const offers = [
          c.offer({ scheme: 'x-unknown-scheme' }),
          c.offer({ network: c.version === 1 ? 'base' : 'eip155:8453', asset: '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913' }),
          c.offer({ asset: '0x000000000000000000000000000000000000dEaD' }),
        ]
        const obs = await c.observe(c.honest(offers))
        expectNoPayment(c, obs, 'no offer is acceptable to a client configured with the harness network and asset')
      },
    ],
  ]),
  ...clientCases('payment', { level: 'MUST', harm: 'interop', versions: [2] }, [
    [
      'extensions-echo',
      'envelopes.v2.extensions-echo',
      'the extensions of a v2 challenge come back in the payment unchanged',
      async (c) => {
        const extensions = { 'x-harness-note': { info: { kept: true }, schema: { type: 'object' } } }
        const offer = c.offer()
        const honest = c.honest([offer])
        const obs = await c.observe(async (hit, at) => {
          if (hit.payment !== undefined) return honest(hit, at)
          const reply = c.challenge([offer], at.origin)
          const header = JSON.parse(Buffer.from(reply.headers!['payment-required']!, 'base64').toString('utf8')) as object
          const withExtensions = Buffer.from(JSON.stringify({ ...header, extensions })).toString('base64')
          return { ...reply, headers: { ...reply.headers, 'payment-required': withExtensions } }
        })
        const echoed = onlyPayment(c, obs).payload?.['extensions'] as Record<string, unknown> | undefined
        if (JSON.stringify(echoed?.['x-harness-note']) !== JSON.stringify(extensions['x-harness-note']))
          throw new CaseFailure(
            'the payment dropped or changed an extension of the challenge',
            evidenceOf(c, obs, { sent: extensions, echoed }),
          )
      },
    ],
  ]),
  ...clientCases('payment', { level: 'SHOULD', harm: 'hygiene' }, [
    [
      'signature-form',
      'exact-evm.client.signature-form',
      'the signature is 65 bytes r ‖ s ‖ v with v 27 or 28 and a low s',
      async (c) => {
        const obs = await c.observe(c.honest([c.offer()]))
        const sig = onlyPayment(c, obs).signature ?? '0x'
        const v = Number.parseInt(sig.slice(130, 132), 16)
        const s = sig.length === 132 ? BigInt(`0x${sig.slice(66, 130)}`) : 0n
        if (sig.length !== 132 || (v !== 27 && v !== 28) || s > secp256k1HalfOrder)
          throw new CaseFailure(
            `the signature is not the canonical 65-byte form (length ${(sig.length - 2) / 2}, v ${v})`,
            evidenceOf(c, obs),
          )
      },
    ],
    [
      'receipt',
      'http.client.receipt',
      "the client shows the settlement receipt: its output names the receipt's transaction",
      async (c) => {
        const obs = await c.observe(c.honest([c.offer()]))
        onlyPayment(c, obs)
        const receipt = obs.hits.find((h) => h.reply?.status === 200)?.reply?.headers
        const encoded = receipt?.[c.version === 1 ? 'x-payment-response' : 'payment-response']
        const tx = encoded
          ? String((JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as { transaction?: unknown }).transaction)
          : ''
        const output = obs.invocations
          .map((i) => `${i.stdout}\n${i.stderr}`)
          .join('\n')
          .toLowerCase()
        if (tx === '' || !output.includes(tx.toLowerCase()))
          throw new CaseFailure(`the client's output does not name the transaction ${tx}`, evidenceOf(c, obs))
      },
    ],
  ]),
]
