import { describeVariants } from './checkVariants.js'
import { extensionVariants } from './extensionVariants.js'

describeVariants('payment-identifier', extensionVariants)
