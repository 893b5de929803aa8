import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import type { ErrorObject, ValidateFunction } from 'ajv'
import { PackageFilesError, UnknownSchemaError } from '../errors/package.js'
import { packageRoot } from './packageRoot.js'
import { allSchemaIds } from './schemaIds.js'

/** One problem found in a value: where (RFC 6901 JSON pointer into the value) and what. */
export type Issue = { readonly pointer: string; readonly message: string }

/** The result of {@link validateAgainstSchema}. */
export type ValidationResult = { readonly valid: boolean; readonly errors: readonly Issue[] }

const schemaDirs = ['v1', 'v2', 'exact-evm'] as const

let ajv: Ajv2020 | undefined
const compiled = new Map<string, ValidateFunction>()

/** Reads every schema of schemas/{v1,v2,exact-evm} into one ajv instance (once). */
function load(): Ajv2020 {
  if (ajv) return ajv
  const instance = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true })
  const root = join(packageRoot(), 'schemas')
  for (const dir of schemaDirs) {
    for (const file of readdirSync(join(root, dir))
      .filter((f) => f.endsWith('.schema.json'))
      .sort()) {
      instance.addSchema(JSON.parse(readFileSync(join(root, dir, file), 'utf8')) as object)
    }
  }
  for (const id of allSchemaIds) {
    if (!instance.getSchema(id)) throw new PackageFilesError({ problem: `schema ${id} is missing from schemas/` })
  }
  return (ajv = instance)
}

/** Escapes one JSON pointer segment (RFC 6901). */
export function pointerSegment(key: string | number): string {
  return String(key).replaceAll('~', '~0').replaceAll('/', '~1')
}

/** Turns an ajv error into an issue pointing at the offending member. */
function toIssue(error: ErrorObject): Issue {
  const params = error.params as { missingProperty?: string; additionalProperty?: string }
  if (error.keyword === 'required' && params.missingProperty !== undefined) {
    return { pointer: `${error.instancePath}/${pointerSegment(params.missingProperty)}`, message: 'is required' }
  }
  if (error.keyword === 'additionalProperties' && params.additionalProperty !== undefined) {
    return { pointer: `${error.instancePath}/${pointerSegment(params.additionalProperty)}`, message: 'is not allowed here' }
  }
  if (error.keyword === 'pattern') {
    const pattern = (error.params as { pattern?: string }).pattern ?? ''
    const message = pattern.startsWith(uint256PatternStart)
      ? 'must be a canonical decimal integer string (digits only, no sign, no leading zeros) at most 2^256 - 1'
      : (patternMessages[pattern] ?? `must match the pattern ${pattern}`)
    return { pointer: error.instancePath, message }
  }
  return { pointer: error.instancePath, message: error.message ?? error.keyword }
}

const uint256PatternStart = '^(?:0|[1-9][0-9]{0,76}|'

/** Readable messages for the formats of our schemas (the uint256 pattern alone is 3 KB). */
const patternMessages: Record<string, string> = {
  '^0x[0-9a-fA-F]{40}$': 'must be an EVM address (0x + 40 hex digits)',
  '^0x[0-9a-fA-F]{64}$': 'must be 32 bytes as 0x + 64 hex digits',
  '^0x(?:[0-9a-fA-F]{2})+$': 'must be hex bytes (0x + an even number of hex digits)',
  '^[-a-z0-9]{3,8}:[-_a-zA-Z0-9]{1,32}$': 'must be a CAIP-2 network id (namespace:reference)',
}

/**
 * Validates a value against one of our normative JSON Schemas (ajv, draft 2020-12).
 *
 * @example
 * validateAgainstSchema(schemaIds.v2.paymentPayload, JSON.parse(text)) // { valid, errors: [{ pointer, message }] }
 */
export function validateAgainstSchema(schemaId: string, value: unknown): ValidationResult {
  let validate = compiled.get(schemaId)
  if (!validate) {
    validate = load().getSchema(schemaId)
    if (!validate) throw new UnknownSchemaError({ schemaId })
    compiled.set(schemaId, validate)
  }
  if (validate(value)) return { valid: true, errors: [] }
  const seen = new Set<string>()
  const errors: Issue[] = []
  for (const error of validate.errors ?? []) {
    // if/then and anyOf wrappers repeat what their branches said
    if (error.keyword === 'if' || error.keyword === 'anyOf') continue
    const issue = toIssue(error)
    const key = `${issue.pointer}\u0000${issue.message}`
    if (!seen.has(key)) errors.push(issue), seen.add(key)
  }
  if (errors.length === 0) errors.push({ pointer: '', message: 'does not match the schema' })
  return { valid: false, errors }
}
