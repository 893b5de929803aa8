import { defineCase } from '../../case.js'

export const cases = [
  defineCase({
    id: 'server.challenge.status-402',
    clause: 'http.server.challenge-402',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: 'a paid resource requested without payment is answered 402 with at least one offer',
    run: async (t) => {
      const res = await t.fetchPaid(undefined)
      t.check(res.status === 402, `expected 402, got ${res.status}`, { status: res.status, body: res.body })
      const accepts = t.version === 1 ? (res.body as { accepts?: unknown[] } | undefined)?.accepts : (res.decoded['payment-required'] as { accepts?: unknown[] } | undefined)?.accepts
      t.check(Array.isArray(accepts) && accepts.length > 0, `the v${t.version} challenge lists no offer`, { body: res.body, decoded: res.decoded })
    },
  }),
  defineCase({
    id: 'server.challenge.no-store',
    clause: 'http.server.no-store',
    level: 'SHOULD',
    role: 'server',
    versions: [1, 2],
    title: 'a 402 carries Cache-Control: no-store',
    run: async (t) => {
      const res = await t.fetchPaid(undefined)
      t.check(res.status === 402, `expected 402, got ${res.status}`)
      t.check(/\bno-store\b/i.test(res.headers['cache-control'] ?? ''), `Cache-Control is '${res.headers['cache-control'] ?? ''}'`)
    },
  }),
]
