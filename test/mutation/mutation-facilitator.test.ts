import { attackVariants } from './attackVariants.js'
import { describeVariants } from './checkVariants.js'
import { facilitatorVariants } from './facilitatorVariants.js'

describeVariants('facilitator', facilitatorVariants)
describeVariants('attacks', attackVariants)
