import { describeVariants } from './checkVariants.js'
import { waitBoundVariants } from './waitBoundVariants.js'

// The bound of the settle wait: a server that answers, but only after the bound, is caught by the bound check
// of server.hostile-waits.settle-hang-bounded (its answer is not 402, so no other check of the case fails).
describeVariants('settle wait past its bound', waitBoundVariants)
