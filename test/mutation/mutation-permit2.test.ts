import { describeVariants } from './checkVariants.js'
import { permit2Variants } from './permit2Variants.js'

describeVariants('permit2 and upto', permit2Variants)
