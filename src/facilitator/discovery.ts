import { Ajv2020 } from 'ajv/dist/2020.js'

/** One catalogued resource, as `GET /discovery/resources` lists it (spec/11-extensions.md §11.3). */
export type DiscoveryItem = {
  resource: string
  type: string
  x402Version: number
  accepts: unknown[]
  lastUpdated: string
  description?: string
  mimeType?: string
  extensions: { bazaar: unknown }
}

/** Options of {@link createCatalogue}. */
export type CatalogueOptions = { maxItems?: number; now?: () => Date }

type Wire = Record<string, unknown>
const isObject = (v: unknown): v is Wire => typeof v === 'object' && v !== null && !Array.isArray(v)
const maxSchemaChars = 16 * 1024

/** The bazaar declaration of a v2 payment when `info` validates against its own schema (no external references). */
function validDeclaration(payload: Wire): { info: Wire; schema: Wire } | undefined {
  const declared = isObject(payload['extensions']) ? payload['extensions']['bazaar'] : undefined
  if (!isObject(declared) || !isObject(declared['info']) || !isObject(declared['schema'])) return undefined
  const { info, schema } = declared as { info: Wire; schema: Wire }
  const input = info['input']
  if (!isObject(input) || (input['type'] !== 'http' && input['type'] !== 'mcp')) return undefined
  const text = JSON.stringify(schema)
  if (text.length > maxSchemaChars || /"\$(ref|id)"\s*:\s*"(?!#)/.test(text)) return undefined
  try {
    return new Ajv2020({ strict: false }).compile(schema)(info) ? { info, schema } : undefined
  } catch {
    return undefined
  }
}

/**
 * What the facilitator catalogues for discovery: each resource whose settled v2 payment carried a valid
 * `bazaar` declaration (the latest settlement wins), at most `maxItems` (default 1,000; the oldest go first).
 *
 * @example
 * const catalogue = createCatalogue()
 * catalogue.record(settleRequestBody, { status: 200, body: { success: true, transaction: '0x…' } })
 * catalogue.list(new URLSearchParams('limit=10'))
 */
export function createCatalogue(options: CatalogueOptions = {}) {
  const items = new Map<string, DiscoveryItem>()
  const maxItems = options.maxItems ?? 1_000
  const now = options.now ?? (() => new Date())
  return {
    /**
     * Records a settle request whose answer was a success that named a transaction; anything else is ignored
     * (an upto settlement of zero moves nothing and can be repeated at will: it may not fill the catalogue).
     */
    record(request: unknown, answer: { status: number; body: unknown }): void {
      if (answer.status !== 200 || !isObject(answer.body) || answer.body['success'] !== true || !isObject(request)) return
      const transaction = answer.body['transaction']
      if (typeof transaction !== 'string' || transaction === '') return
      const payload = request['paymentPayload']
      if (!isObject(payload) || payload['x402Version'] !== 2 || !isObject(payload['resource'])) return
      const declaration = validDeclaration(payload)
      const url = payload['resource']['url']
      if (declaration === undefined || typeof url !== 'string') return
      const tool = (declaration.info['input'] as Wire)['tool']
      const key = typeof tool === 'string' ? `${url} ${tool}` : url
      const { description, mimeType } = payload['resource']
      items.delete(key)
      items.set(key, {
        resource: url,
        type: (declaration.info['input'] as Wire)['type'] as string,
        x402Version: 2,
        accepts: [request['paymentRequirements']],
        lastUpdated: now().toISOString(),
        ...(typeof description === 'string' ? { description } : {}),
        ...(typeof mimeType === 'string' ? { mimeType } : {}),
        extensions: { bazaar: declaration },
      })
      while (items.size > maxItems) items.delete(items.keys().next().value as string)
    },
    /** The `GET /discovery/resources` answer for `query` (`type`, `limit` 1–1000 default 100, `offset`). */
    list(query: URLSearchParams): { x402Version: 2; items: DiscoveryItem[]; pagination: Wire } {
      const number = (name: string, fallback: number, max: number) => {
        const n = Number(query.get(name) ?? fallback)
        return Number.isInteger(n) && n >= 0 ? Math.min(n, max) : fallback
      }
      const limit = Math.max(1, number('limit', 100, 1_000))
      const offset = number('offset', 0, Number.MAX_SAFE_INTEGER)
      const type = query.get('type')
      const all = [...items.values()].reverse().filter((i) => type === null || i.type === type)
      return { x402Version: 2, items: all.slice(offset, offset + limit), pagination: { limit, offset, total: all.length } }
    },
  }
}
