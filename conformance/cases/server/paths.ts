import { defineCase } from '../../case.js'

export const cases = [
  defineCase({
    id: 'server.paths.head-not-free',
    clause: 'http.server.path-variants',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: 'HEAD on a paid resource without payment is not answered 2xx',
    run: async (t) => {
      const res = await t.fetchPaid(undefined, { method: 'HEAD' })
      t.check(res.status === 402 || res.status === 405, `HEAD without payment was answered ${res.status}`)
    },
  }),
]
