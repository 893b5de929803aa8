import { defineCase } from '../../case.js'
import type { TestContext } from '../../context/types.js'
import { acceptsOf, expectNoPaidContent, isServed, originAndPath, rawRequest } from './helpers-server.js'

/**
 * An unpaid request for a spelling of the paid path is not served: no 2xx, no 5xx, no paid content.
 * 402 is what protecting it like the path itself means; a redirect, 400, 404 or 405 (the application
 * does not serve that spelling) is accepted and noted.
 */
function expectProtected(t: TestContext, label: string, status: number, text: string, error?: string): void {
  t.check(status !== 0, `${label}: no answer (${error ?? ''})`)
  t.check(!isServed(status), `${label} was served (${status}) without payment`, { body: text.slice(0, 300) })
  t.check(status < 500, `${label} was answered ${status}`, { body: text.slice(0, 300) })
  expectNoPaidContent(t, text, label)
  const ok = status === 402 || (status >= 300 && status < 400) || [400, 404, 405].includes(status)
  t.check(ok, `${label} was answered ${status}, expected 402 (or a redirect, 400, 404, 405)`, { body: text.slice(0, 300) })
  if (status !== 402) t.info(`${label} was answered ${status}`)
}

/** Variants of the paid path sent with fetch (which keeps them as written). */
const viaFetch = (name: string, title: string, variants: (path: string) => string[]) =>
  defineCase({
    id: `server.paths.${name}`,
    clause: 'http.server.path-variants',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title,
    run: async (t) => {
      const { origin, path } = originAndPath(t.resourceUrl)
      for (const v of variants(path)) {
        const res = await t.fetchPaid(undefined, { url: `${origin}${v}` })
        expectProtected(t, v, res.status, res.text, res.error)
      }
    },
  })

/** Variants sent as raw request targets (fetch would normalise dot segments and backslashes away). */
const viaRaw = (name: string, title: string, variants: (path: string, origin: string) => string[]) =>
  defineCase({
    id: `server.paths.${name}`,
    clause: 'http.server.path-variants',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title,
    run: async (t) => {
      const { origin, path } = originAndPath(t.resourceUrl)
      for (const v of variants(path, origin)) {
        const res = await rawRequest(origin, v)
        expectProtected(t, v, res.status, res.text, res.error)
      }
    },
  })

const segments = (path: string) => path.split('/').filter((s) => s !== '')
const last = (path: string) => segments(path).at(-1) ?? ''
const parent = (path: string) => `/${segments(path).slice(0, -1).join('/')}`
const encodeAll = (s: string) => [...s].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('')

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
  defineCase({
    id: 'server.paths.head-forged-payment',
    clause: 'http.server.path-variants',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: 'HEAD on a paid resource with a forged payment is not answered 2xx and nothing is charged',
    run: async (t) => {
      const paid = await t.pay({ signWith: await t.payer(0n) })
      const before = await t.ledger.snapshot(paid)
      const res = await t.fetchPaid(paid, { method: 'HEAD' })
      t.check(!isServed(res.status) && res.status < 500, `HEAD with a forged payment was answered ${res.status}`)
      await t.ledger.expectUntouched(before)
    },
  }),
  defineCase({
    id: 'server.paths.other-methods',
    clause: 'http.server.path-variants',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: 'POST, PUT, PATCH and DELETE on a paid resource without payment are not served (402, or 404/405 when the route does not take them)',
    run: async (t) => {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
        const res = await t.request(t.resourceUrl, { method, body: { question: 'free?' } })
        t.check(res.status === 402 || res.status === 404 || res.status === 405, `an unpaid ${method} was answered ${res.status}`, { status: res.status, body: res.body })
        expectNoPaidContent(t, res.text, `${method} ${t.resourceUrl}`)
      }
    },
  }),
  defineCase({
    id: 'server.paths.options-no-content',
    clause: 'http.server.path-variants',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: 'OPTIONS on a paid resource (a CORS preflight) does not return the paid content',
    run: async (t) => {
      const res = await t.request(t.resourceUrl, { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' } })
      t.check(res.status < 500, `OPTIONS was answered ${res.status}`)
      expectNoPaidContent(t, res.text, `OPTIONS ${t.resourceUrl}`)
      if (isServed(res.status)) t.check(res.text === '', `OPTIONS was answered ${res.status} with a body`, { body: res.text.slice(0, 300) })
    },
  }),
  defineCase({
    id: 'server.paths.query-string',
    clause: 'http.server.path-variants',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: 'the paid URL with a query string (empty, one, several parameters) is answered 402 like the URL itself',
    run: async (t) => {
      for (const q of ['?', '?x=1', '?paid=true&free=1', '?%00']) {
        const res = await t.fetchPaid(undefined, { url: `${t.resourceUrl}${q}` })
        t.check(res.status === 402, `${t.resourceUrl}${q} without payment was answered ${res.status}`, { body: res.body })
        t.check(acceptsOf(t.version, res).length > 0, `the 402 for ${q} lists no v${t.version} offer`)
      }
    },
  }),
  viaFetch('trailing-slash', 'the paid path with a trailing slash is protected', (p) => [`${p}/`]),
  viaFetch('letter-case', 'the paid path in upper and mixed case is protected', (p) => [p.toUpperCase(), p.replace(/\/(.)/g, (_m, c: string) => `/${c.toUpperCase()}`)]),
  viaFetch('percent-encoded', 'the paid path with percent-encoded letters (lower- and upper-case hex) is protected', (p) => [
    `${parent(p)}/${encodeAll(last(p))}`,
    `${parent(p)}/${encodeAll(last(p)).toUpperCase()}`,
    `/${encodeAll(segments(p)[0] ?? '')}/${segments(p).slice(1).join('/')}`,
  ]),
  viaFetch('encoded-slash', 'the paid path with its slash percent-encoded (%2F, %2f) is protected', (p) => [`${parent(p)}%2F${last(p)}`, `${parent(p)}%2f${last(p)}`]),
  viaFetch('double-encoded', 'the paid path with a double percent-encoded letter is protected', (p) => [`${parent(p)}/%25${last(p).charCodeAt(0).toString(16)}${last(p).slice(1)}`]),
  viaFetch('repeated-slashes', 'the paid path with repeated slashes (leading, inner, trailing) is protected', (p) => [`/${p}`, p.replace(/\/(?=[^/]*$)/, '//'), `${p}//`]),
  viaFetch('malformed-encoding', 'the paid path with malformed percent-encoding (%, %zz, %c0) is not served', (p) => [`${p}%`, `${p}%zz`, `${parent(p)}/%c0${last(p)}`]),
  viaRaw('dot-segments', 'the paid path spelled with . and .. segments is protected', (p) => [`${parent(p)}/./${last(p)}`, `${parent(p)}/x/../${last(p)}`, `/x/..${p}`, `${p}/.`]),
  viaRaw('encoded-dot-segments', 'the paid path spelled with percent-encoded dot segments (%2e, %2E%2E) is protected', (p) => [`${parent(p)}/%2e/${last(p)}`, `${parent(p)}/x/%2E%2E/${last(p)}`]),
  viaRaw('backslash', 'the paid path with a backslash for a slash or at its end is protected', (p) => [`${parent(p)}\\${last(p)}`, `${p}\\`]),
  viaRaw('absolute-form', 'the paid path in absolute-form request target (http://host/path) is protected', (p, origin) => [`${origin}${p}`]),
]
