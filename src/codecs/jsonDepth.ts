/** How deeply a request body may nest: x402 envelopes need about 6 levels; extensions get room to spare. */
export const maxJsonDepth = 64

/**
 * True when `value` (parsed JSON) nests objects or arrays more than `max` levels deep. Iterative, so
 * a hostile depth cannot overflow the stack; stops at the first branch that goes too deep.
 *
 * @example
 * exceedsJsonDepth(JSON.parse('[[[1]]]'), 2) // true
 */
export function exceedsJsonDepth(value: unknown, max: number = maxJsonDepth): boolean {
  const stack: [unknown, number][] = [[value, 0]]
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!
    if (typeof node !== 'object' || node === null) continue
    if (depth + 1 > max) return true
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1])
    }
  }
  return false
}

/**
 * A short rendering of an untrusted value for a message: JSON, cut to `max` characters with an
 * ellipsis and the full length. Never throws (a value too deep to stringify is named by its type).
 *
 * @example
 * previewJson('x'.repeat(500), 20) // '"xxxxxxxxxxxxxxxxxx… (502 characters)'
 */
export function previewJson(value: unknown, max = 80): string {
  if (exceedsJsonDepth(value, 8)) return Array.isArray(value) ? 'a deeply nested array' : 'a deeply nested object'
  const text = JSON.stringify(value) ?? 'nothing'
  return text.length <= max ? text : `${text.slice(0, max - 1)}… (${text.length} characters)`
}
