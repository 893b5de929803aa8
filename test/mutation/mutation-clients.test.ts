import { describeClientVariants } from './clientVariants.js'

describeClientVariants()
