import { defineCase } from '../../case.js'
import type { TestContext } from '../../context/types.js'

/** A malformed body posted to /verify and /settle: never 5xx, answered 4xx (or a 200 rejection). */
const malformed = (name: string, title: string, body: (t: TestContext) => Promise<unknown> | unknown, clause = 'facilitator.transport.no-5xx-for-client-input') =>
  defineCase({
    id: `facilitator.transport.${name}`,
    clause,
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title,
    run: async (t) => {
      const value = await body(t)
      for (const endpoint of ['verify', 'settle']) {
        const x = await t.request(endpoint, { method: 'POST', body: value, headers: { 'content-type': 'application/json' } })
        t.check(!x.error, `no answer from /${endpoint}: ${x.error}`)
        t.check(x.status < 500, `/${endpoint} answered ${x.status} to a malformed body (5xx means the facilitator broke)`, { status: x.status, body: x.body })
        const b = x.body as Record<string, unknown> | undefined
        const accepted = x.status >= 400 || b?.['isValid'] === false || b?.['success'] === false
        t.check(accepted, `/${endpoint} answered ${x.status} without rejecting a malformed body`, { status: x.status, body: x.body })
        if (x.status === 200) t.info(`/${endpoint} answered 200 with a rejection (400 is recommended for malformed requests)`)
      }
    },
  })

export const cases = [
  malformed('not-json', 'a body that is not JSON is answered 400 with an error', () => 'this is not json{', 'facilitator.transport.not-json'),
  malformed('empty-body', 'an empty body is answered 4xx, not 5xx', () => ''),
  malformed('json-null', 'a JSON null body is answered 4xx, not 5xx', () => 'null'),
  malformed('json-array', 'a JSON array body is answered 4xx, not 5xx', () => '[1,2,3]'),
  malformed('json-string', 'a JSON string body is answered 4xx, not 5xx', () => '"verify me"'),
  malformed('missing-payload', 'a body without paymentPayload is rejected, not 5xx', async (t) => {
    const paid = await t.pay()
    return { x402Version: t.version, paymentRequirements: paid.requirements }
  }),
  malformed('missing-requirements', 'a body without paymentRequirements is rejected, not 5xx', async (t) => {
    const paid = await t.pay()
    return { x402Version: t.version, paymentPayload: paid.payload }
  }),
  malformed('payload-not-object', 'a paymentPayload that is a string is rejected, not 5xx', async (t) => {
    const paid = await t.pay()
    return { x402Version: t.version, paymentPayload: 'eyJ4NDAyVmVyc2lvbiI6Mn0=', paymentRequirements: paid.requirements }
  }),
  malformed('inner-payload-missing', 'a payment without its inner payload (signature, authorization) is rejected, not 5xx', async (t) => {
    const paid = await t.pay()
    const payload = { ...paid.payload }
    delete payload['payload']
    return { x402Version: t.version, paymentPayload: payload, paymentRequirements: paid.requirements }
  }),
  malformed('authorization-missing', 'a payment without an authorization is rejected, not 5xx', async (t) => {
    const paid = await t.pay()
    return { x402Version: t.version, paymentPayload: { ...paid.payload, payload: { signature: (paid.payload['payload'] as Record<string, unknown>)['signature'] } }, paymentRequirements: paid.requirements }
  }),
  malformed('deeply-nested', 'a deeply nested JSON body is rejected, not 5xx', () => `${'['.repeat(5_000)}${']'.repeat(5_000)}`),
  malformed('unknown-version', 'x402Version 3 is rejected, not 5xx', async (t) => {
    const paid = await t.pay()
    return { x402Version: 3, paymentPayload: { ...paid.payload, x402Version: 3 }, paymentRequirements: paid.requirements }
  }, 'facilitator.request.shape'),
  defineCase({
    id: 'facilitator.transport.version-mismatch',
    clause: 'http.facilitator.request-version',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'a top-level x402Version that disagrees with the payload is rejected',
    run: async (t) => {
      const paid = await t.pay()
      const before = await t.ledger.snapshot(paid)
      const other = t.version === 1 ? 2 : 1
      t.expectInvalid(await t.verify(paid, { x402Version: other }), ['invalid_payload'])
      t.expectNotSettled(await t.settle(paid, { x402Version: other }), ['invalid_payload'])
      await t.ledger.expectUntouched(before)
    },
  }),
  defineCase({
    id: 'facilitator.transport.schema-invalid-400',
    clause: 'facilitator.request.schema-invalid',
    level: 'SHOULD',
    role: 'facilitator',
    versions: [1, 2],
    title: 'a body without the request shape is answered 400 with an invalid_payload reason',
    run: async (t) => {
      const x = await t.request('verify', { method: 'POST', body: { x402Version: t.version, paymentPayload: {}, paymentRequirements: {} } })
      t.check(x.status === 400, `expected 400, got ${x.status}`, { status: x.status, body: x.body })
      const reason = (x.body as Record<string, unknown> | undefined)?.['invalidReason']
      t.check(typeof reason === 'string', 'the 400 body carries no invalidReason', { body: x.body })
      t.info(`reason '${String(reason)}'`)
    },
  }),
  defineCase({
    id: 'facilitator.transport.body-limit',
    clause: 'facilitator.transport.body-limit',
    level: 'SHOULD',
    role: 'facilitator',
    versions: [2],
    title: 'a 2 MiB request body is refused with 413',
    run: async (t) => {
      const x = await t.request('verify', { method: 'POST', body: JSON.stringify({ x402Version: 2, padding: 'x'.repeat(2 * 1024 * 1024) }) })
      t.check(x.status < 500, `a large body was answered ${x.status}`)
      t.check(x.status === 413, `expected 413, got ${x.status}`, { status: x.status })
    },
  }),
  defineCase({
    id: 'facilitator.transport.json-answers',
    clause: 'facilitator.transport.json',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'verify, settle and supported answer JSON objects with an application/json content type',
    run: async (t) => {
      const paid = await t.pay({ authorization: { value: 1n } })
      const answers = [await t.verify(paid), await t.settle(paid), await t.supported()]
      for (const x of answers) {
        t.check((x.headers['content-type'] ?? '').includes('application/json'), `${x.request.url} answered content-type '${x.headers['content-type'] ?? ''}'`)
        t.check(typeof x.body === 'object' && x.body !== null && !Array.isArray(x.body), `${x.request.url} did not answer a JSON object`, { body: x.body })
      }
    },
  }),
  defineCase({
    id: 'facilitator.transport.base64-body-refused',
    clause: 'http.facilitator.json',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'a /verify body sent as base64 (a header encoding) instead of JSON is refused with 4xx',
    run: async (t) => {
      const paid = await t.pay()
      const body = t.encode({ x402Version: t.version, paymentPayload: paid.payload, paymentRequirements: paid.requirements })
      const x = await t.request('verify', { method: 'POST', body, headers: { 'content-type': 'application/json' } })
      t.check(x.status >= 400 && x.status < 500, `a base64 body was answered ${x.status}`, { body: x.body })
    },
  }),
]
