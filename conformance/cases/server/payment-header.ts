import { defineCase } from '../../case.js'

export const cases = [
  defineCase({
    id: 'server.payment-header.bad-base64',
    clause: 'http.server.malformed-payment',
    level: 'SHOULD',
    role: 'server',
    versions: [1, 2],
    title: 'a payment header that is not base64 is answered 400',
    run: async (t) => {
      const res = await t.fetchPaid(undefined, { header: '%%% not base64 %%%' })
      t.check(res.status < 500, `a malformed header was answered ${res.status}`)
      t.check(res.status === 400, `expected 400, got ${res.status}`, { body: res.body })
    },
  }),
  defineCase({
    id: 'server.payment-header.not-json-no-5xx',
    clause: 'http.server.no-5xx-for-client-input',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: 'a payment header that is base64 of something other than JSON is refused without 5xx or content',
    run: async (t) => {
      const res = await t.fetchPaid(undefined, { header: Buffer.from('hello, not json').toString('base64') })
      t.check(res.status < 500, `a malformed header was answered ${res.status}`, { body: res.body })
      t.check(res.status === 400 || res.status === 402, `expected 400 or 402, got ${res.status}`, { body: res.body })
    },
  }),
]
