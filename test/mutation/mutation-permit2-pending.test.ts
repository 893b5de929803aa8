import { describeVariants } from './checkVariants.js'
import { permit2PendingVariants } from './permit2PendingVariants.js'

describeVariants('pending and reverted Permit2 settlements', permit2PendingVariants)
