// Permit2 (exact with assetTransferMethod permit2) and upto: the entry point the roles import.
export { erc20Abi as permit2Erc20Abi, exactPermit2ProxyAbi, permit2Abi, uptoPermit2ProxyAbi } from './abi.js'
export {
  exactPermit2ProxyAddress,
  exactPermit2Types,
  permit2Address,
  permit2ProxyOf,
  uptoPermit2ProxyAddress,
  uptoPermit2Types,
} from './constants.js'
export type { Permit2Kind } from './constants.js'
export { createPermit2Payment } from './createPermit2Payment.js'
export type { CreatePermit2PaymentParameters, CreatePermit2PaymentReturnType } from './createPermit2Payment.js'
export { eip2612GasSponsoringKey, eip2612PermitTypes } from './eip2612Types.js'
export type { Eip2612Permit, WireEip2612Permit } from './eip2612Types.js'
export { getPermit2SettleCall } from './getPermit2SettleCall.js'
export { getPermit2SettleData } from './getPermit2SettleData.js'
export type { GetPermit2SettleDataParameters, GetPermit2SettleDataReturnType } from './getPermit2SettleData.js'
export { getPermit2TypedData } from './getPermit2TypedData.js'
export { parseEip2612Sponsoring } from './parseEip2612Sponsoring.js'
export { parsePermit2Payload } from './parsePermit2Payload.js'
export { signEip2612Permit } from './signEip2612Permit.js'
export type { SignEip2612PermitParameters } from './signEip2612Permit.js'
export { signPermit2Authorization } from './signPermit2Authorization.js'
export { toEip2612PermitStruct } from './toEip2612PermitStruct.js'
export { toWirePermit2Authorization } from './toWirePermit2Authorization.js'
export type { Permit2Authorization, Permit2Payload, Permit2Requirements, WirePermit2Authorization } from './types.js'
export { verifyEip2612Permit } from './verifyEip2612Permit.js'
export { verifyPermit2Offline } from './verifyPermit2Offline.js'
export { verifyPermit2Payment } from './verifyPermit2Payment.js'
export type { VerifyPermit2PaymentParameters } from './verifyPermit2Payment.js'
export { checkUptoSettleAmount } from '../upto/checkUptoSettleAmount.js'
export { createPermit2PaymentPayload, isPermit2Offer } from './createPermit2PaymentPayload.js'
export type { CreatePermit2PaymentPayloadParameters } from './createPermit2PaymentPayload.js'
