import { defineCase } from '../../case.js'
import type { TestContext } from '../../context/types.js'
import { rowCases } from '../rowCases.js'
import { must } from '../levels.js'

/** `payment`: a malformed payment, not a malformed body; its 5xx is judged once, by verification.no-5xx-invalid. */
type BodyRow = {
  id: string
  title: string
  clause?: string
  payment?: true
  body: (t: TestContext) => Promise<unknown> | unknown
}

/** The request body of a correct payment, changed by `edit`. */
const paymentBody = (edit: (body: Record<string, unknown>) => void) => async (t: TestContext) => {
  const paid = await t.pay()
  const body: Record<string, unknown> = {
    x402Version: t.version,
    paymentPayload: paid.payload,
    paymentRequirements: paid.requirements,
  }
  edit(body)
  return body
}

/**
 * A malformed body posted to /verify and /settle gets an answer below 500 that accepts nothing. A 5xx
 * tells the resource server the facilitator is down (availability); the status among 4xx and 200 is
 * hygiene (see `facilitator.transport.schema-invalid-400`).
 */
const malformedBodyCases = (rows: readonly BodyRow[]) =>
  rowCases(
    { ...must('facilitator', 'availability'), clause: 'facilitator.transport.no-5xx-for-client-input' },
    rows,
    async (t, row) => {
      const body = await row.body(t)
      for (const endpoint of ['verify', 'settle']) {
        const x = await t.request(endpoint, { method: 'POST', body, headers: { 'content-type': 'application/json' } })
        t.check(!x.error, `no answer from /${endpoint}: ${x.error}`)
        const evidence = { status: x.status, body: x.body }
        const broke = `/${endpoint} answered ${x.status} to a malformed body (5xx means the facilitator broke)`
        if (row.payment && x.status >= 500) t.info(`${broke}; judged once, by facilitator.verification.no-5xx-invalid`)
        else t.check(x.status < 500, broke, evidence)
        const b = x.body as Record<string, unknown> | undefined
        t.check(b?.['isValid'] !== true && b?.['success'] !== true, `/${endpoint} accepted a malformed body`, evidence)
        t.info(`/${endpoint}: HTTP ${x.status}`)
      }
    },
  )

const bodies: readonly BodyRow[] = [
  {
    id: 'facilitator.transport.not-json-no-5xx',
    title: 'a body that is not JSON gets an answer below 500',
    body: () => 'this is not json{',
  },
  { id: 'facilitator.transport.empty-body', title: 'an empty body gets an answer below 500', body: () => '' },
  { id: 'facilitator.transport.json-null', title: 'a JSON null body gets an answer below 500', body: () => 'null' },
  { id: 'facilitator.transport.json-array', title: 'a JSON array body gets an answer below 500', body: () => '[1,2,3]' },
  { id: 'facilitator.transport.json-string', title: 'a JSON string body gets an answer below 500', body: () => '"verify me"' },
  {
    id: 'facilitator.transport.missing-payload',
    payment: true,
    title: 'a body without paymentPayload is rejected below 500',
    body: paymentBody((b) => delete b['paymentPayload']),
  },
  {
    id: 'facilitator.transport.missing-requirements',
    payment: true,
    title: 'a body without paymentRequirements is rejected below 500',
    body: paymentBody((b) => delete b['paymentRequirements']),
  },
  {
    id: 'facilitator.transport.payload-not-object',
    payment: true,
    title: 'a paymentPayload that is a string is rejected below 500',
    body: paymentBody((b) => void (b['paymentPayload'] = 'eyJ4NDAyVmVyc2lvbiI6Mn0=')),
  },
  {
    id: 'facilitator.transport.inner-payload-missing',
    payment: true,
    title: 'a payment without its inner payload (signature, authorization) is rejected below 500',
    body: paymentBody((b) => void (b['paymentPayload'] = { ...(b['paymentPayload'] as object), payload: undefined })),
  },
  {
    id: 'facilitator.transport.authorization-missing',
    payment: true,
    title: 'a payment without an authorization is rejected below 500',
    body: paymentBody((b) => {
      const payload = b['paymentPayload'] as Record<string, unknown>
      const signature = (payload['payload'] as Record<string, unknown>)['signature']
      b['paymentPayload'] = { ...payload, payload: { signature } }
    }),
  },
  {
    id: 'facilitator.transport.deeply-nested',
    title: 'a deeply nested JSON body is rejected below 500',
    body: () => `${'['.repeat(5_000)}${']'.repeat(5_000)}`,
  },
  {
    id: 'facilitator.transport.unknown-version',
    payment: true,
    clause: 'facilitator.request.shape',
    title: 'x402Version 3 is rejected below 500',
    body: paymentBody((b) => {
      b['x402Version'] = 3
      b['paymentPayload'] = { ...(b['paymentPayload'] as object), x402Version: 3 }
    }),
  },
]

/** The malformed payments among the bodies, for the 5xx sweep (one finding per root cause). */
export const malformedPayments = bodies.filter((b) => b.payment).map((b) => ({ id: b.id, body: b.body }))

export const cases = [
  ...malformedBodyCases(bodies),
  defineCase({
    id: 'facilitator.transport.not-json',
    clause: 'facilitator.transport.not-json',
    level: 'SHOULD',
    // the resource server always sends JSON; how a facilitator words its refusal of anything else costs no one
    harm: 'hygiene',
    role: 'facilitator',
    versions: [1, 2],
    title: 'a body that is not JSON is answered 400 with a JSON object carrying a string error',
    run: async (t) => {
      for (const endpoint of ['verify', 'settle']) {
        const x = await t.request(endpoint, {
          method: 'POST',
          body: 'this is not json{',
          headers: { 'content-type': 'application/json' },
        })
        const evidence = { status: x.status, body: x.body }
        t.check(x.status === 400, `/${endpoint} answered ${x.status}, expected 400`, evidence)
        const body = x.body as Record<string, unknown> | undefined
        const isObject = typeof body === 'object' && body !== null && !Array.isArray(body)
        t.check(
          isObject && typeof body['error'] === 'string' && body['error'] !== '',
          `/${endpoint} answered no JSON object with an error`,
          evidence,
        )
      }
    },
  }),
  defineCase({
    id: 'facilitator.transport.version-mismatch',
    clause: 'http.facilitator.request-version',
    level: 'SHOULD',
    // a facilitator that follows the payload's own version verifies exactly what was signed
    harm: 'hygiene',
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
    harm: 'hygiene',
    role: 'facilitator',
    versions: [1, 2],
    title: 'a body without the request shape is answered 400 with an invalid_payload reason',
    run: async (t) => {
      const body = { x402Version: t.version, paymentPayload: {}, paymentRequirements: {} }
      const x = await t.request('verify', { method: 'POST', body })
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
    harm: 'hygiene',
    role: 'facilitator',
    versions: [2],
    title: 'a 2 MiB request body is refused with 413',
    run: async (t) => {
      const x = await t.request('verify', {
        method: 'POST',
        body: JSON.stringify({ x402Version: 2, padding: 'x'.repeat(2 * 1024 * 1024) }),
      })
      t.check(x.status < 500, `a large body was answered ${x.status}`)
      t.check(x.status === 413, `expected 413, got ${x.status}`, { status: x.status })
    },
  }),
  defineCase({
    id: 'facilitator.transport.json-answers',
    clause: 'facilitator.transport.json',
    level: 'MUST',
    // resource servers parse every answer as JSON
    harm: 'interop',
    role: 'facilitator',
    versions: [1, 2],
    title: 'verify, settle and supported answer JSON objects with an application/json content type',
    run: async (t) => {
      const paid = await t.pay({ authorization: { value: 1n } })
      for (const x of [await t.verify(paid), await t.settle(paid), await t.supported()]) {
        const type = x.headers['content-type'] ?? ''
        t.check(type.includes('application/json'), `${x.request.url} answered content-type '${type}'`)
        const isObject = typeof x.body === 'object' && x.body !== null && !Array.isArray(x.body)
        t.check(isObject, `${x.request.url} did not answer a JSON object`, { body: x.body })
      }
    },
  }),
  defineCase({
    id: 'facilitator.transport.base64-body-refused',
    clause: 'http.facilitator.json',
    level: 'SHOULD',
    // nothing is paid by a body the facilitator cannot read as the payment; only the status is in question
    harm: 'hygiene',
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
