import type { TestContext } from '../../context/types.js'
import { paidContentMarker } from '../../targets/embedded.js'
import { isServed } from './helpers-server.js'

/**
 * "No paid content" means no paid body, not no body: Express answers `OPTIONS` itself with `GET,HEAD`,
 * which pays for nothing. A body is paid content when it carries the embedded server's marker or
 * when it is, or contains, the body a correctly paid GET of the resource returned.
 */

/** True when `text` is, or contains, the paid body `reference` (8 characters at least), or the embedded marker. */
export function carriesPaidContent(text: string, reference: string | undefined): boolean {
  if (text.includes(paidContentMarker)) return true
  const paid = reference?.trim() ?? ''
  return paid.length >= 8 && text.trim() !== '' && text.includes(paid)
}

const references = new WeakMap<TestContext, Promise<string | undefined>>()

/**
 * The body a correctly paid GET of the resource returns (paid once per case, on first need);
 * `undefined` when the paid GET was not served (then only the embedded marker is looked for).
 */
export function paidReference(t: TestContext): Promise<string | undefined> {
  let reference = references.get(t)
  if (reference === undefined) {
    reference = (async () => {
      const res = await t.fetchPaid(await t.pay())
      return isServed(res.status) ? res.text : undefined
    })()
    references.set(t, reference)
  }
  return reference
}

/**
 * Fails when an answer's body is the paid content. The paid GET is made only when the body could be
 * it (not empty, not the embedded marker's absence on the embedded target).
 */
export async function expectNoPaidBody(t: TestContext, text: string, what: string): Promise<void> {
  const evidence = { body: text.slice(0, 500) }
  t.check(!text.includes(paidContentMarker), `${what}: the body carries the paid content`, evidence)
  if (text.trim() === '' || t.target.kind === 'embedded') return
  const reference = await paidReference(t)
  t.check(!carriesPaidContent(text, reference), `${what}: the body is what a paid GET returned`, {
    ...evidence,
    paid: reference?.slice(0, 200),
  })
}
