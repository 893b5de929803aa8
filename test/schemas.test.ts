import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { allSchemaIds, schemaBase } from '../src/codecs/schemaIds.js'
import { validateAgainstSchema } from '../src/codecs/validateAgainstSchema.js'

type Schema = {
  $schema?: string
  $id?: string
  title?: string
  description?: string
  examples?: unknown[]
  properties?: Record<string, Schema & { description?: string }>
  items?: Schema
  [k: string]: unknown
}

const root = join(import.meta.dirname, '..', 'schemas')
const files = ['v1', 'v2', 'exact-evm'].flatMap((dir) => readdirSync(join(root, dir)).map((f) => `${dir}/${f}`)).sort()

/** Every `properties` member anywhere in a schema, with its path. */
function properties(s: Schema, path = ''): [string, Schema][] {
  const out: [string, Schema][] = []
  for (const [k, v] of Object.entries(s.properties ?? {})) out.push([`${path}/${k}`, v], ...properties(v, `${path}/${k}`))
  if (s.items && typeof s.items === 'object') out.push(...properties(s.items, `${path}[]`))
  return out
}

test('the files are exactly the schemas the codecs know', () => {
  expect(files.every((f) => f.endsWith('.schema.json'))).toBe(true)
  expect(files.map((f) => `${schemaBase}/${f}`).sort()).toEqual([...allSchemaIds].sort())
})

describe.each(files)('%s', (file) => {
  const schema = JSON.parse(readFileSync(join(root, file), 'utf8')) as Schema

  test('2020-12, stable $id matching its path, title, description', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
    expect(schema.$id).toBe(`${schemaBase}/${file}`)
    expect(schema.title).toBeTruthy()
    expect(schema.description).toBeTruthy()
  })

  test('every property is described', () => {
    const props = properties(schema)
    expect(props.length).toBeGreaterThan(0)
    expect(
      props.filter(([, p]) => !(typeof p.description === 'string' && p.description.length > 5)).map(([path]) => path),
    ).toEqual([])
  })

  test('its examples validate', () => {
    expect(schema.examples?.length).toBeGreaterThan(0)
    for (const example of schema.examples!) expect(validateAgainstSchema(schema.$id!, example).errors).toEqual([])
  })
})
