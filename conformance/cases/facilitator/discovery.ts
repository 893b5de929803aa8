import { Ajv2020 } from 'ajv/dist/2020.js'
import { declareBazaar } from '../../../src/server/bazaar.js'
import { defineCase } from '../../case.js'
import type { Exchange } from '../../context/http.js'
import type { TestContext } from '../../context/types.js'

// GET /discovery/resources, the bazaar catalogue a facilitator may offer (spec/11-extensions.md §11.3).

const item = {
  type: 'object',
  required: ['resource', 'type', 'x402Version', 'accepts', 'lastUpdated'],
  properties: {
    resource: { type: 'string' },
    type: { type: 'string' },
    x402Version: { type: 'integer' },
    accepts: { type: 'array', items: { type: 'object' } },
    lastUpdated: { type: 'string' },
    description: { type: 'string' },
    mimeType: { type: 'string' },
    extensions: { type: 'object' },
  },
}
const listShape = new Ajv2020({ strict: false, allErrors: true }).compile({
  type: 'object',
  required: ['x402Version', 'items', 'pagination'],
  properties: {
    x402Version: { type: 'integer' },
    items: { type: 'array', items: item },
    pagination: {
      type: 'object',
      required: ['limit', 'offset', 'total'],
      properties: { limit: { type: 'integer' }, offset: { type: 'integer' }, total: { type: 'integer' } },
    },
  },
})

/** The catalogue's answer to `query`; skips when the facilitator does not offer one. */
async function discovery(t: TestContext, query = ''): Promise<Exchange> {
  const res = await t.request(`/discovery/resources${query}`)
  if ([404, 405, 501].includes(res.status)) t.skip(`the facilitator does not offer GET /discovery/resources (${res.status})`)
  return res
}

export const cases = [
  defineCase({
    id: 'facilitator.discovery.resources-shape',
    clause: 'ext.bazaar.discovery-shape',
    level: 'SHOULD',
    harm: 'hygiene',
    role: 'facilitator',
    versions: [2],
    title: 'GET /discovery/resources, when offered, answers items and pagination in the upstream shape and honours limit',
    run: async (t) => {
      const res = await discovery(t)
      t.check(res.status === 200, `GET /discovery/resources answered ${res.status}`, { body: res.body })
      const problems = listShape(res.body)
        ? []
        : (listShape.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message}`)
      t.check(problems.length === 0, `the catalogue is not in shape: ${problems.join('; ')}`, { body: res.body })
      const one = await discovery(t, '?limit=1&offset=0')
      const body = one.body as { items?: unknown[]; pagination?: { limit?: unknown } }
      t.check(one.status === 200 && (body.items?.length ?? 2) <= 1, `?limit=1 answered ${one.status} with more than one item`, {
        body: one.body,
      })
    },
  }),
  defineCase({
    id: 'facilitator.discovery.catalogued',
    clause: 'ext.bazaar.discovery-catalogued',
    level: 'INFO',
    harm: 'hygiene',
    role: 'facilitator',
    versions: [2],
    title: 'a resource whose settled payment carried a valid bazaar declaration appears in GET /discovery/resources',
    run: async (t) => {
      await discovery(t)
      const url = `https://resource.example/${t.payTo.toLowerCase()}/catalogued`
      const bazaar = declareBazaar({ method: 'GET', queryParams: { q: 'x' }, output: { example: { ok: true } } })
      const resource = { url, description: 'a catalogued resource', mimeType: 'application/json' }
      const paid = await t.pay({ wire: { resource, extensions: { bazaar } } })
      const settled = await t.settle(paid)
      t.check(settled.ok === true, `the settlement failed: ${settled.reason ?? settled.status}`)
      const res = await discovery(t, '?limit=1000')
      const items = (res.body as { items?: { resource?: unknown }[] }).items ?? []
      t.check(
        items.some((i) => i.resource === url),
        `${url} is not in the catalogue after a settled payment declared it`,
        { items: items.length },
      )
    },
  }),
]
