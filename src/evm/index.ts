export { eip3009Abi, multicall3Abi } from './abi.js'
export {
  clockSkewSeconds,
  erc6492MagicSuffix,
  multicall3Address,
  secp256k1HalfOrder,
  settlementMarginSeconds,
  transferWithAuthorizationTypes,
  validAfterBackdateSeconds,
} from './constants.js'
export { checkPaymentOffline, runOfflineChecks } from './checkPaymentOffline.js'
export { readPayment } from './parseVerifyInput.js'
export type { ExactPayment, ReadPaymentReturnType, VerifyContext } from './parseVerifyInput.js'
export type { CheckPaymentOfflineParameters, CheckPaymentOfflineReturnType } from './checkPaymentOffline.js'
export { createPayment } from './createPayment.js'
export type { CreatePaymentErrorType, CreatePaymentParameters, CreatePaymentReturnType } from './createPayment.js'
export { getTransferTypedData } from './getTransferTypedData.js'
export type { GetTransferTypedDataParameters, GetTransferTypedDataReturnType } from './getTransferTypedData.js'
export { getDomainSeparator, hashTransferAuthorization, transferWithAuthorizationTypeHash } from './hashTransferAuthorization.js'
export { offlineChecks } from './offlineChecks.js'
export type { OfflineCheck, OfflineCheckOptions } from './offlineChecks.js'
export { recoverSigner } from './recoverSigner.js'
export type { RecoverSignerReturnType } from './recoverSigner.js'
export { findDomain, resolveDomain } from './resolveDomain.js'
export type { ResolveDomainErrorType } from './resolveDomain.js'
export { signAuthorization } from './signAuthorization.js'
export type { SignAuthorizationParameters, SignAuthorizationReturnType } from './signAuthorization.js'
export { toTransferAuthorization, toWireAuthorization } from './toTransferAuthorization.js'
export type { TransferAuthorization, TransferDomain, TypedDataSigner, VerifyResult } from './types.js'
export { verifyPaymentOffline } from './verifyPaymentOffline.js'
export type {
  VerifyPaymentOfflineErrorType,
  VerifyPaymentOfflineParameters,
  VerifyPaymentOfflineReturnType,
} from './verifyPaymentOffline.js'
export { getDeployCall } from './getDeployCall.js'
export type { GetDeployCallReturnType } from './getDeployCall.js'
export { getSettleCall } from './getSettleCall.js'
export type { GetSettleCallParameters, GetSettleCallReturnType } from './getSettleCall.js'
export { simulateSettlement } from './simulateSettlement.js'
export { verifyContractSignature } from './verifyContractSignature.js'
export type { VerifyContractSignatureParameters, VerifyContractSignatureReturnType } from './verifyContractSignature.js'
export { verifyExactPayment, verifyPayment } from './verifyPayment.js'
export type { VerifyExactPaymentParameters, VerifyPaymentParameters, VerifyPaymentReturnType } from './verifyPayment.js'
export { paymentMutations } from './paymentMutations.js'
export type { PaymentMutation } from './paymentMutations.js'
