import fc from 'fast-check'

/** A JSON path: object keys and array indexes from the root. */
export type Path = (string | number)[]

/** Every path inside a JSON value, the root included. */
export function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [prefix]
  if (Array.isArray(value))
    value.forEach((v, i) => {
      out.push(...pathsOf(v, [...prefix, i]))
    })
  else if (typeof value === 'object' && value !== null)
    for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]))
  return out
}

const UINT256_MAX = 2n ** 256n - 1n

/** Values a mutation may put anywhere: wrong types, near-miss formats and boundaries. */
export const replacements: readonly unknown[] = [
  null,
  true,
  false,
  0,
  1,
  2,
  3,
  -1,
  1.5,
  0.5,
  2 ** 53,
  -0,
  1e21,
  '',
  ' ',
  '0',
  '1',
  '01',
  '-1',
  '+1',
  '1e3',
  '1.0',
  ' 1',
  '1 ',
  '0x10',
  '10000',
  UINT256_MAX.toString(),
  (UINT256_MAX + 1n).toString(),
  '9'.repeat(78),
  '1'.repeat(79),
  '0x',
  '0x0',
  '0xzz',
  `0x${'a'.repeat(40)}`,
  `0x${'A'.repeat(39)}`,
  `0x${'b'.repeat(41)}`,
  `0X${'c'.repeat(40)}`,
  `0x${'d'.repeat(64)}`,
  `0x${'e'.repeat(63)}`,
  `0x${'f'.repeat(130)}`,
  `0x${'1'.repeat(129)}`,
  'eip155',
  'eip155:',
  ':84532',
  'eip155:84532',
  'EIP155:1',
  'ei:1',
  'eip155:a+b',
  `eip155:${'1'.repeat(33)}`,
  'solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp',
  'base-sepolia',
  'exact',
  'プレミアム 📈',
  [],
  [1],
  [{}],
  {},
  { a: 1 },
  { name: 'USDC', version: '2' },
]

/** One single-field change of a JSON value. */
export type Mutation =
  | { op: 'replace'; path: Path; value: unknown }
  | { op: 'delete'; path: Path }
  | { op: 'add'; path: Path; key: string; value: unknown }

/** Applies a mutation to a deep copy. */
export function applyMutation(value: unknown, m: Mutation): unknown {
  const copy = JSON.parse(JSON.stringify(value)) as unknown
  if (m.path.length === 0) {
    if (m.op === 'replace') return m.value
    if (m.op === 'add' && typeof copy === 'object' && copy !== null && !Array.isArray(copy))
      (copy as Record<string, unknown>)[m.key] = m.value
    return copy
  }
  let parent = copy as Record<string | number, unknown>
  for (const k of m.path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>
  const last = m.path[m.path.length - 1]!
  if (m.op === 'replace') parent[last] = m.value
  else if (m.op === 'delete') {
    if (Array.isArray(parent)) parent.splice(last as number, 1)
    else delete parent[last]
  } else {
    const target = parent[last]
    if (typeof target === 'object' && target !== null && !Array.isArray(target))
      (target as Record<string, unknown>)[m.key] = m.value
  }
  return copy
}

/** A valid instance with one of its fields mutated (and the mutation, for the failure report). */
export function mutated<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<{ original: T; mutation: Mutation; value: unknown }> {
  return valid.chain((original) => {
    const json = JSON.parse(JSON.stringify(original)) as T
    const paths = pathsOf(json)
    const mutation: fc.Arbitrary<Mutation> = fc.oneof(
      {
        weight: 5,
        arbitrary: fc.record({
          op: fc.constant('replace' as const),
          path: fc.constantFrom(...paths),
          value: fc.constantFrom(...replacements),
        }),
      },
      { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), path: fc.constantFrom(...paths) }) },
      {
        weight: 1,
        arbitrary: fc.record({
          op: fc.constant('add' as const),
          path: fc.constantFrom(...paths),
          key: fc.constantFrom('x', 'extra', 'x402Version', 'network'),
          value: fc.constantFrom(...replacements),
        }),
      },
    )
    return mutation.map((m) => ({ original: json, mutation: m, value: applyMutation(json, m) }))
  })
}
