import { Ajv2020 } from 'ajv/dist/2020.js'

/**
 * The shape of a `bazaar` declaration (`{ info, schema, routeTemplate? }`), transcribed by this suite from the
 * upstream extension text (spec/11-extensions.md §11.3): `info.input` is an HTTP call with a query method, an
 * HTTP call with a body method, or an MCP tool; `info.output` is optional.
 */
const stringMap = { type: 'object', additionalProperties: { type: 'string' } }
const httpCommon = { queryParams: { type: 'object' }, headers: stringMap, pathParams: { type: 'object' } }

export const bazaarDeclarationSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['info', 'schema'],
  properties: {
    info: {
      type: 'object',
      required: ['input'],
      properties: {
        input: {
          oneOf: [
            {
              type: 'object',
              required: ['type', 'method'],
              properties: { type: { const: 'http' }, method: { enum: ['GET', 'HEAD', 'DELETE'] }, ...httpCommon },
              not: { required: ['bodyType'] },
            },
            {
              type: 'object',
              required: ['type', 'method', 'bodyType', 'body'],
              properties: {
                type: { const: 'http' },
                method: { enum: ['POST', 'PUT', 'PATCH'] },
                bodyType: { enum: ['json', 'form-data', 'text'] },
                body: { type: ['object', 'string'] },
                ...httpCommon,
              },
            },
            {
              type: 'object',
              required: ['type', 'tool', 'inputSchema'],
              properties: {
                type: { const: 'mcp' },
                tool: { type: 'string', minLength: 1 },
                description: { type: 'string' },
                transport: { enum: ['streamable-http', 'sse'] },
                inputSchema: { type: 'object' },
                example: { type: 'object' },
              },
            },
          ],
        },
        output: {
          type: 'object',
          required: ['type'],
          properties: { type: { type: 'string' }, format: { type: 'string' } },
        },
      },
    },
    schema: { type: 'object' },
    routeTemplate: { type: 'string', pattern: '^/[a-zA-Z0-9_/:.\\-~%]+$' },
  },
} as const

const ajv = new Ajv2020({ strict: false, allErrors: true })
const checkShape = ajv.compile(bazaarDeclarationSchema)

/** A `$ref` or `$id` that leaves the document (a catalogue would have to fetch it). */
function externalReference(node: unknown): string | undefined {
  if (Array.isArray(node)) return node.map(externalReference).find((r) => r !== undefined)
  if (typeof node !== 'object' || node === null) return undefined
  for (const [k, v] of Object.entries(node)) {
    if ((k === '$ref' || k === '$id') && (typeof v !== 'string' || !v.startsWith('#'))) return `${k}: ${String(v)}`
    const inner = externalReference(v)
    if (inner !== undefined) return inner
  }
  return undefined
}

/** The problems of a `bazaar` declaration (empty when it is valid). */
export function bazaarProblems(declaration: unknown): string[] {
  const where = (e: { instancePath: string; message?: string | undefined }) => `${e.instancePath || '(root)'} ${e.message ?? ''}`
  if (!checkShape(declaration)) return (checkShape.errors ?? []).map(where)
  const { info, schema } = declaration as { info: unknown; schema: Record<string, unknown> }
  const external = externalReference(schema)
  if (external !== undefined) return [`the schema has an external reference (${external})`]
  if (schema['$schema'] !== undefined && schema['$schema'] !== 'https://json-schema.org/draft/2020-12/schema')
    return [`the schema says $schema ${String(schema['$schema'])}, not draft 2020-12`]
  try {
    const own = new Ajv2020({ strict: false, allErrors: true }).compile(schema)
    return own(info) ? [] : (own.errors ?? []).map((e) => `info${where(e)} (against its own schema)`)
  } catch (error) {
    return [`the schema does not compile: ${(error as Error).message}`]
  }
}
