// The facilitator's only doorway to the exact-EVM core (src/evm).
export { verifyPayment, getSettleCall, getDeployCall } from '../evm/index.js'
export type { VerifyResult } from '../evm/index.js'
