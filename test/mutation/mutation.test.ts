import { expect, test } from 'vitest'
import { attackVariants } from './attackVariants.js'
import { describeVariants } from './checkVariants.js'
import { clientVariants } from './clientVariants.js'
import { facilitatorVariants } from './facilitatorVariants.js'
import { variants } from './variants.js'

// The variants of the reference server and facilitator steps (src/server/steps.ts, src/facilitator/steps.ts);
// the facilitator-only, attack and client variants have files of their own (mutation-*.test.ts).
test('at least 40 variants of the reference roles, 12 of them clients', () => {
  expect(variants.length + facilitatorVariants.length + attackVariants.length + clientVariants.length).toBeGreaterThanOrEqual(40)
  expect(clientVariants.length).toBeGreaterThanOrEqual(12)
})

describeVariants('reference server and facilitator', variants)
