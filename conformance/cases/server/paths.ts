import { defineCase } from '../../case.js'
import type { TestContext } from '../../context/types.js'
import { isServed, originAndPath, rawRequest } from './helpers-server.js'
import { expectNoPaidBody } from './paid-content.js'
import { snapshotOf } from './outcomes.js'

/**
 * http.server.path-variants: every spelling of the paid path and every method the route covers is
 * protected like the path itself. The MUST is the consequence: no 2xx and no paid body without
 * payment (access), no 5xx (availability). Which refusal (402, a redirect, 400, 404, 405) is noted.
 */
async function expectProtected(
  t: TestContext,
  label: string,
  res: { status: number; text: string; error?: string },
): Promise<void> {
  const evidence = { body: res.text.slice(0, 300) }
  t.check(res.status !== 0, `${label}: no answer (${res.error ?? ''})`)
  t.check(!isServed(res.status), `${label} was served (${res.status}) without payment`, evidence)
  t.check(res.status < 500, `${label} was answered ${res.status}`, evidence)
  await expectNoPaidBody(t, res.text, label)
  if (res.status !== 402) t.info(`${label} was answered ${res.status}; 402 is what protecting it like the path means`)
}

const segments = (path: string) => path.split('/').filter((s) => s !== '')
const last = (path: string) => segments(path).at(-1) ?? ''
const parent = (path: string) => `/${segments(path).slice(0, -1).join('/')}`
const encodeAll = (s: string) => [...s].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('')

/**
 * Spellings of the paid path. `raw` ones are sent as written request targets (fetch would normalise
 * dot segments and backslashes away); the others through fetch, which keeps them.
 */
const spellings: readonly { id: string; title: string; raw?: boolean; variants: (path: string, origin: string) => string[] }[] = [
  { id: 'server.paths.trailing-slash', title: 'the paid path with a trailing slash is protected', variants: (p) => [`${p}/`] },
  {
    id: 'server.paths.letter-case',
    title: 'the paid path in upper and mixed case is protected',
    variants: (p) => [p.toUpperCase(), p.replace(/\/(.)/g, (_m, c: string) => `/${c.toUpperCase()}`)],
  },
  {
    id: 'server.paths.percent-encoded',
    title: 'the paid path with percent-encoded letters (lower- and upper-case hex) is protected',
    variants: (p) => [
      `${parent(p)}/${encodeAll(last(p))}`,
      `${parent(p)}/${encodeAll(last(p)).toUpperCase()}`,
      `/${encodeAll(segments(p)[0] ?? '')}/${segments(p).slice(1).join('/')}`,
    ],
  },
  {
    id: 'server.paths.encoded-slash',
    title: 'the paid path with its slash percent-encoded (%2F, %2f) is protected',
    variants: (p) => [`${parent(p)}%2F${last(p)}`, `${parent(p)}%2f${last(p)}`],
  },
  {
    id: 'server.paths.double-encoded',
    title: 'the paid path with a double percent-encoded letter is protected',
    variants: (p) => [`${parent(p)}/%25${last(p).charCodeAt(0).toString(16)}${last(p).slice(1)}`],
  },
  {
    id: 'server.paths.repeated-slashes',
    title: 'the paid path with repeated slashes (leading, inner, trailing) is protected',
    variants: (p) => [`/${p}`, p.replace(/\/(?=[^/]*$)/, '//'), `${p}//`],
  },
  {
    id: 'server.paths.malformed-encoding',
    title: 'the paid path with malformed percent-encoding (%, %zz, %c0) is not served',
    variants: (p) => [`${p}%`, `${p}%zz`, `${parent(p)}/%c0${last(p)}`],
  },
  {
    id: 'server.paths.query-string',
    title: 'the paid URL with a query string (empty, one, several parameters) is protected',
    variants: (p) => ['?', '?x=1', '?paid=true&free=1', '?%00'].map((q) => `${p}${q}`),
  },
  {
    id: 'server.paths.dot-segments',
    title: 'the paid path spelled with . and .. segments is protected',
    raw: true,
    variants: (p) => [`${parent(p)}/./${last(p)}`, `${parent(p)}/x/../${last(p)}`, `/x/..${p}`, `${p}/.`],
  },
  {
    id: 'server.paths.encoded-dot-segments',
    title: 'the paid path spelled with percent-encoded dot segments (%2e, %2E%2E) is protected',
    raw: true,
    variants: (p) => [`${parent(p)}/%2e/${last(p)}`, `${parent(p)}/x/%2E%2E/${last(p)}`],
  },
  {
    id: 'server.paths.backslash',
    title: 'the paid path with a backslash for a slash or at its end is protected',
    raw: true,
    variants: (p) => [`${parent(p)}\\${last(p)}`, `${p}\\`],
  },
  {
    id: 'server.paths.absolute-form',
    title: 'the paid path in absolute-form request target (http://host/path) is protected',
    raw: true,
    variants: (p, origin) => [`${origin}${p}`],
  },
]

const access = { clause: 'http.server.path-variants', level: 'MUST', harm: 'access', role: 'server', versions: [1, 2] } as const
const headHygiene = { ...access, level: 'SHOULD', harm: 'hygiene' } as const

export const cases = [
  // HEAD answered 2xx without payment (express runs the GET handler, sends no body) shows no consequence by
  // itself: hygiene. The consequence, a paid body or a charge, is the MUST of server.paths.head-no-consequence.
  defineCase({
    ...headHygiene,
    id: 'server.paths.head-not-free',
    title: 'HEAD on a paid resource without payment is not answered 2xx (the paid handler does not run unpaid)',
    run: async (t) => {
      const res = await t.fetchPaid(undefined, { method: 'HEAD' })
      t.check(!isServed(res.status) && res.status !== 0 && res.status < 500, `HEAD without payment was answered ${res.status}`)
    },
  }),
  defineCase({
    ...headHygiene,
    id: 'server.paths.head-forged-payment',
    title: 'HEAD on a paid resource with a forged payment is not answered 2xx',
    run: async (t) => {
      const paid = await t.pay({ signWith: await t.payer(0n) })
      const res = await t.fetchPaid(paid, { method: 'HEAD' })
      t.check(
        !isServed(res.status) && res.status !== 0 && res.status < 500,
        `HEAD with a forged payment was answered ${res.status}`,
      )
    },
  }),
  defineCase({
    ...access,
    id: 'server.paths.head-no-consequence',
    title: 'HEAD on a paid resource, unpaid or with a forged payment, carries no paid body, charges nothing, no 5xx',
    run: async (t) => {
      const paid = await t.pay({ signWith: await t.payer(0n) })
      const before = await snapshotOf(t, paid)
      for (const [label, payment] of [
        ['HEAD without payment', undefined],
        ['HEAD with a forged payment', paid],
      ] as const) {
        const res = await t.fetchPaid(payment, { method: 'HEAD' })
        const evidence = { status: res.status, body: res.text.slice(0, 300) }
        t.check(res.status !== 0, `${label}: no answer (${res.error ?? ''})`, evidence)
        t.check(res.status < 500, `${label} was answered ${res.status}`, evidence)
        await expectNoPaidBody(t, res.text, label)
        if (isServed(res.status)) t.info(`${label} was answered ${res.status} with no paid body (hygiene: head-not-free)`)
      }
      await t.ledger.expectUntouched(before)
    },
  }),
  defineCase({
    ...access,
    id: 'server.paths.other-methods',
    title: 'POST, PUT, PATCH and DELETE on a paid resource without payment are not served',
    run: async (t) => {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
        const res = await t.request(t.resourceUrl, { method, body: { question: 'free?' } })
        await expectProtected(t, `an unpaid ${method}`, res)
      }
    },
  }),
  defineCase({
    ...access,
    id: 'server.paths.options-no-content',
    title: 'OPTIONS on a paid resource (a CORS preflight) does not return the paid body',
    run: async (t) => {
      const headers = { origin: 'https://app.example', 'access-control-request-method': 'GET' }
      const res = await t.request(t.resourceUrl, { method: 'OPTIONS', headers })
      t.check(res.status !== 0 && res.status < 500, `OPTIONS was answered ${res.status || res.error}`)
      await expectNoPaidBody(t, res.text, `OPTIONS ${t.resourceUrl}`)
    },
  }),
  ...spellings.map((row) =>
    defineCase({
      ...access,
      id: row.id,
      title: row.title,
      run: async (t) => {
        const { origin, path } = originAndPath(t.resourceUrl)
        for (const v of row.variants(path, origin)) {
          const res = row.raw ? await rawRequest(origin, v) : await t.fetchPaid(undefined, { url: `${origin}${v}` })
          await expectProtected(t, v, res)
        }
      },
    }),
  ),
]
