import { describeClientPermit2Variants } from './clientPermit2Variants.js'

describeClientPermit2Variants()
