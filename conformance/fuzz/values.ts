import fc from 'fast-check'

/** A value put where a well-formed member was: wrong types, deep nesting, huge strings, prototype keys. */
export type Adversarial =
  | { kind: 'literal'; value: null | boolean | number | string | [] | Record<string, never> }
  | { kind: 'nest'; depth: number; shape: 'array' | 'object' }
  | { kind: 'huge'; bytes: number; char: string }
  | { kind: 'proto'; key: '__proto__' | 'constructor' | 'prototype' }

/** One change to a JSON document, at the `at`-th of its member paths (modulo their number). */
export type Corruption =
  | { op: 'replace'; at: number; value: Adversarial }
  | { op: 'delete'; at: number }
  | { op: 'add-key'; at: number; key: string; value: Adversarial }

/** One change to the JSON text itself (after serialisation). */
export type TextDamage =
  | { op: 'truncate'; at: number }
  | { op: 'flip'; at: number; xor: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'replace'; text: string }

const literals = [null, true, false, 0, -1, 1.5, 1e308, '', '0x', `1${'0'.repeat(80)}`, '-1', ' 10000', [], {}] as const

export const adversarial: fc.Arbitrary<Adversarial> = fc.oneof(
  fc.constantFrom(...literals).map((value): Adversarial => ({ kind: 'literal', value: value as never })),
  fc
    .record({ depth: fc.integer({ min: 2, max: 20_000 }), shape: fc.constantFrom<'array' | 'object'>('array', 'object') })
    .map((n): Adversarial => ({ kind: 'nest', ...n })),
  fc
    .record({ bytes: fc.integer({ min: 1_000, max: 60_000 }), char: fc.constantFrom('a', '9', 'é', '\\u0000', '"') })
    .map((h): Adversarial => ({ kind: 'huge', ...h })),
  fc.constantFrom('__proto__', 'constructor', 'prototype').map((key): Adversarial => ({ kind: 'proto', key })),
)

export const corruption: fc.Arbitrary<Corruption> = fc.oneof(
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(200), value: adversarial }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(200) }),
  fc.record({
    op: fc.constant('add-key' as const),
    at: fc.nat(200),
    key: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', ''),
    value: adversarial,
  }),
)

export const textDamage: fc.Arbitrary<TextDamage> = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat(100_000) }),
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(100_000), xor: fc.integer({ min: 1, max: 127 }) }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(100_000),
    text: fc.constantFrom(',', '}', ']', '"', '\\', '\u0000', 'NaN', '[', '{"a":', '\ud800'),
  }),
  fc.record({ op: fc.constant('replace' as const), text: fc.string({ maxLength: 64 }) }),
)

/** Marks where raw JSON text replaces a value after serialisation (deep nesting is never built as objects). */
const rawMark = (i: number) => `\u0000raw${i}\u0000`

function rawText(a: Adversarial): string | undefined {
  if (a.kind === 'nest') return a.shape === 'array' ? `${'['.repeat(a.depth)}${']'.repeat(a.depth)}` : nestedObject(a.depth)
  if (a.kind === 'huge') return JSON.stringify(a.char === '\\u0000' ? '\u0000'.repeat(a.bytes) : a.char.repeat(a.bytes))
  if (a.kind === 'proto') return `{"${a.key}":{"isValid":true,"success":true,"polluted":1}}`
  return undefined
}

/** Sets an own member, also `__proto__` (plain assignment would change the prototype, and JSON would drop it). */
function setOwn(target: object, key: string, value: unknown): object {
  return Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

const nestedObject = (depth: number) => `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`

/** Every member path of `doc` (objects and arrays), depth first, the root first. */
export function memberPaths(doc: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix]
  if (typeof doc === 'object' && doc !== null && prefix.length < 8)
    for (const [k, v] of Object.entries(doc)) out.push(...memberPaths(v, [...prefix, Array.isArray(doc) ? Number(k) : k]))
  return out
}

/** The JSON text of `doc` with `c` applied (a deep copy is changed; `doc` is not). */
export function corruptedJson(doc: unknown, c: Corruption): string {
  const copy = JSON.parse(JSON.stringify(doc)) as unknown
  const paths = memberPaths(copy)
  const path = paths[c.at % paths.length] ?? []
  const raws: string[] = []
  const place = (a: Adversarial): unknown => {
    const raw = rawText(a)
    if (raw === undefined) return a.kind === 'literal' ? a.value : null
    raws.push(raw)
    return rawMark(raws.length - 1)
  }
  let root: unknown = copy
  if (path.length === 0) {
    if (c.op === 'replace') root = place(c.value)
    else if (c.op === 'add-key' && typeof copy === 'object' && copy !== null) setOwn(copy, c.key, place(c.value))
    else if (c.op === 'delete') root = {}
  } else {
    const parent = path.slice(0, -1).reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], copy) as Record<
      string | number,
      unknown
    >
    const last = path[path.length - 1] as string | number
    if (c.op === 'replace') parent[last] = place(c.value)
    else if (c.op === 'delete') delete parent[last]
    else if (typeof parent[last] === 'object' && parent[last] !== null) setOwn(parent[last], c.key, place(c.value))
    else parent[last] = setOwn({}, c.key, place(c.value))
  }
  let text = JSON.stringify(root)
  raws.forEach((raw, i) => {
    text = text.replace(JSON.stringify(rawMark(i)), () => raw)
  })
  return text
}

/** `text` damaged as `d` says (positions modulo its length). */
export function damagedText(text: string, d: TextDamage): string {
  const at = text.length === 0 ? 0 : (d as { at?: number }).at === undefined ? 0 : (d as { at: number }).at % text.length
  if (d.op === 'truncate') return text.slice(0, at)
  if (d.op === 'flip')
    return `${text.slice(0, at)}${String.fromCharCode((text.charCodeAt(at) ^ d.xor) & 0x7f)}${text.slice(at + 1)}`
  if (d.op === 'insert') return `${text.slice(0, at)}${d.text}${text.slice(at)}`
  return d.text
}
