import { describe, expect, test } from 'vitest'
import type { Case } from '../../case.js'
import type { Outcome, TestContext } from '../../context/types.js'
import { lenient, neverSettle } from './attack-malformed.js'
import { cases as robustnessCases } from './robustness.js'
import { cases as signatureCases } from './signature.js'
import { cases as supportedCases } from './supported.js'
import { cases as transportCases } from './transport.js'

// Judgements that used to pass whatever the facilitator did. The context is a stand-in that answers
// what a faulty facilitator would; no signing or chain is involved, only the case's verdict logic.

const byId = (list: readonly Case[], id: string) => list.find((c) => c.id === id) ?? expect.fail(`no case ${id}`)
const outcome = (kind: 'verify' | 'settle', ok: boolean): Outcome => {
  const body = kind === 'verify' ? { isValid: ok } : { success: ok }
  const transaction = ok ? `0x${'ab'.repeat(32)}` : ''
  return { kind, ok, status: 200, body, reason: ok ? undefined : 'x', transaction } as unknown as Outcome
}
const signature = `0x${'11'.repeat(64)}1b`
const listing = (network: string) => ({ status: 200, body: { kinds: [{ x402Version: 2, scheme: 'exact', network }] } }) as never

function context(overrides: Partial<TestContext>): TestContext {
  const base = {
    version: 2,
    chain: { network: 'eip155:84532', networkV1: 'base-sepolia' },
    requirements: (o: object = {}) => ({ ...o }),
    pay: async (o: { requirements?: object } = {}) => ({
      requirements: o.requirements ?? {},
      payload: { payload: { signature } },
    }),
    verify: async () => outcome('verify', true),
    settle: async () => outcome('settle', true),
    ledger: { snapshot: async () => ({}), expectPaid: async () => undefined },
    check: (condition: unknown, message: string) => {
      if (!condition) throw new Error(message)
    },
    expectValid: (o: Outcome) => void (o.ok === true || expect.fail(`${o.kind} not valid`)),
    expectSettled: (o: Outcome) => void (o.ok === true || expect.fail(`${o.kind} not settled`)),
    fail: (message: string) => expect.fail(message),
    info: () => undefined,
    skip: (reason: string) => expect.fail(`skipped: ${reason}`),
  }
  return { ...base, ...overrides } as unknown as TestContext
}

describe('facilitator.supported.consistent', () => {
  const kase = byId(supportedCases, 'facilitator.supported.consistent')
  test('fails when /supported lists no kind on the harness chain, although verify says valid', async () => {
    const t = context({ supported: async () => ({ status: 200, body: { kinds: [] } }) as never })
    await expect(kase.run(t)).rejects.toThrow(/lists no v2 exact kind/)
  })
  test('pays each listed kind with the network spelled as listed', async () => {
    const networks: unknown[] = []
    const t = context({
      supported: async () => listing('eip155:84532'),
      verify: async (paid) => (networks.push(paid.requirements['network']), outcome('verify', true)),
    })
    await kase.run(t)
    expect(networks).toEqual(['eip155:84532'])
  })
})

describe('facilitator.transport.not-json', () => {
  const kase = byId(transportCases, 'facilitator.transport.not-json')
  const answering = (status: number, body: unknown) => context({ request: async () => ({ status, body }) as never })
  test('fails on a 415, on a 200 rejection and on a 400 without an error member', async () => {
    await expect(kase.run(answering(415, { error: 'unsupported' }))).rejects.toThrow(/answered 415/)
    await expect(kase.run(answering(200, { isValid: false }))).rejects.toThrow(/answered 200/)
    await expect(kase.run(answering(400, 'bad json'))).rejects.toThrow(/no JSON object with an error/)
  })
  test('passes a 400 with a JSON error', async () => {
    await kase.run(answering(400, { error: 'the body is not JSON' }))
  })
})

describe('facilitator.signature.v-zero-one', () => {
  const kase = byId(signatureCases, 'facilitator.signature.v-zero-one')
  test('is a SHOULD (hygiene): a refusal of v = 0/1 costs no payment', () => {
    expect([kase.level, kase.harm]).toEqual(['SHOULD', 'hygiene'])
  })
  test('fails when verify accepts v = 0/1 and settle then refuses it', async () => {
    await expect(kase.run(context({ settle: async () => outcome('settle', false) }))).rejects.toThrow(/not settled/)
  })
  test('passes a refusal', async () => {
    await kase.run(context({ verify: async () => outcome('verify', false) }))
  })
})

describe('facilitator.robustness.deep-nesting', () => {
  const kase = byId(robustnessCases, 'facilitator.robustness.deep-nesting')
  // answers a correct verdict when only the top-level x402Version is nested (judged by the payload)
  const judging = (validElsewhere: boolean) =>
    context({
      request: async (_endpoint: string, init: { body: string }) => {
        const ignored = init.body.startsWith('{"x402Version":[') || validElsewhere
        const text = JSON.stringify(ignored ? { isValid: true } : { isValid: false, invalidReason: 'invalid_payload' })
        return { status: 200, body: JSON.parse(text), text }
      },
    } as never)
  test('passes a valid verdict when the nested member is the top-level x402Version', async () => {
    await kase.run(judging(false))
  })
  test('fails a valid verdict for a nested payload member', async () => {
    await expect(kase.run(judging(true))).rejects.toThrow(/accepted a body with paymentPayload nested/)
  })
})

describe('facilitator.attack-malformed.never-valid stimuli', () => {
  // every stimulus must make the requirements sent, or the signed authorization, unsatisfiable
  const baseline = () => ({
    version: 2,
    requirements: { asset: '0xA', amount: '10000', payTo: '0xB' },
    payload: { x402Version: 2, accepted: { asset: '0xA' }, payload: { signature, authorization: { value: '10000' } } },
  })
  const stand = context({
    version: 2,
    now: () => 1_700_000_000,
    pay: async (o: { authorization?: object } = {}) => ({ ...baseline(), authorization: o.authorization }),
  } as never)
  test("none changes only the client's accepted copy (the requirements sent would still settle)", async () => {
    for (const s of neverSettle) {
      const paid = (await s.make(stand)) as unknown as ReturnType<typeof baseline> & { authorization?: object }
      const base = baseline()
      const unsatisfiable =
        JSON.stringify(paid.requirements) !== JSON.stringify(base.requirements) || paid.authorization !== undefined
      expect(unsatisfiable, s.id).toBe(true)
    }
  })
  test('the accepted-only change is a lenient spelling', () => {
    expect(lenient.map((s) => s.id)).toContain('accepted.asset "USDC" (v2)')
  })
})

describe('one finding per root cause: a 5xx to a malformed payment', () => {
  const answering500 = context({ request: async () => ({ status: 500, body: { error: 'boom' }, text: '' }) } as never)
  test('a payment-shaped transport row notes it (the sweep judges it)', async () => {
    await byId(transportCases, 'facilitator.transport.authorization-missing').run(answering500)
  })
  test('a body that is not JSON is its own root cause and still fails', async () => {
    await expect(byId(transportCases, 'facilitator.transport.not-json-no-5xx').run(answering500)).rejects.toThrow(/500/)
  })
})
