import type { z } from 'zod'
import { pointerSegment, type Issue } from './validateAgainstSchema.js'

/** Converts zod issues to our `{ pointer, message }` issues (one per unknown key for strict objects). */
export function zodIssues(error: z.ZodError): Issue[] {
  const out: Issue[] = []
  for (const issue of error.issues) {
    const base = issue.path.map((k) => `/${pointerSegment(typeof k === 'symbol' ? String(k.description) : k)}`).join('')
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ pointer: `${base}/${pointerSegment(key)}`, message: 'is not allowed here' })
    } else if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) {
      out.push({ pointer: base, message: 'is required' })
    } else {
      out.push({ pointer: base, message: issue.message })
    }
  }
  return out
}
