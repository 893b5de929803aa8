// The facilitator's only doorway to the exact-EVM core (src/evm).
export { verifyExactPayment, readPayment, getSettleCall, getDeployCall, eip3009Abi } from '../evm/index.js'
export type { ExactPayment, ReadPaymentReturnType as ReadPayment, VerifyResult } from '../evm/index.js'
