import { describeVariants } from './checkVariants.js'
import { serverPermit2Variants } from './serverPermit2Variants.js'

describeVariants('server permit2 and upto', serverPermit2Variants)
