import { describeVariants } from './checkVariants.js'
import { flowVariants } from './flowVariants.js'

describeVariants('payment flows and pending settlements', flowVariants)
