// Library root: explicit named re-exports, one group per module.

// errors
export { X402Error, type X402ErrorParameters } from './errors/X402Error.js'
export { LoopbackOnlyError, PaywallConfigError, RouteConfigError } from './errors/config.js'
export { InvalidAmountError, InvalidTimeError, UnknownNetworkError, UnpayableRequirementsError } from './errors/input.js'
export { PackageFilesError, UnknownSchemaError } from './errors/package.js'
export { InvalidChallengeError } from './errors/challenge.js'
export {
  HeaderDecodeError,
  EnvelopeEncodeError,
  type HeaderDecodeErrorCode,
  type HeaderDecodeErrorParameters,
} from './codecs/HeaderDecodeError.js'

// types
export {
  EvmAddress,
  Bytes32,
  HexBytes,
  Uint256String,
  Caip2,
  NonEmptyString,
  OpenObject,
  TimeoutSeconds,
} from './types/primitives.js'
export { ExactEvmAuthorization, ExactEvmPayload } from './types/exactEvm.js'
export {
  PaymentRequirementsV1,
  PaymentRequiredV1,
  PaymentPayloadV1,
  VerifyRequestV1,
  VerifyResponseV1,
  SettleResponseV1,
  SupportedKindV1,
  SupportedResponseV1,
} from './types/v1.js'
export {
  ResourceInfo,
  PaymentRequirementsV2,
  PaymentRequiredV2,
  PaymentPayloadV2,
  VerifyRequestV2,
  VerifyResponseV2,
  SettleResponseV2,
  SupportedKindV2,
  SupportedKind,
  SupportedResponseV2,
} from './types/v2.js'
export { VerifyResponse, SettleResponse } from './types/responses.js'

// codecs
export { headers, maxHeaderBytes, maxBodyBytes } from './codecs/headers.js'
export { encodeBase64Json, decodeBase64Json } from './codecs/base64Json.js'
export { type SafeDecodeResult } from './codecs/envelopeCodec.js'
export {
  encodePaymentPayloadHeader,
  decodePaymentPayloadHeader,
  safeDecodePaymentPayloadHeader,
  paymentHeaderName,
} from './codecs/paymentPayload.js'
export {
  encodePaymentRequiredHeader,
  decodePaymentRequiredHeader,
  safeDecodePaymentRequiredHeader,
  encodePaymentRequiredV1Body,
  decodePaymentRequiredV1Body,
  safeDecodePaymentRequiredV1Body,
} from './codecs/paymentRequired.js'
export {
  encodePaymentResponseHeader,
  decodePaymentResponseHeader,
  safeDecodePaymentResponseHeader,
} from './codecs/paymentResponse.js'
export { validateAgainstSchema, type Issue, type ValidationResult } from './codecs/validateAgainstSchema.js'
export { schemaIds, schemaBase, allSchemaIds, type SchemaId } from './codecs/schemaIds.js'
export { detectEnvelope, type DetectedEnvelope, type EnvelopeKind } from './codecs/detectEnvelope.js'
export { parseUint256, formatUint256 } from './codecs/uint256.js'
export { omitNullMembers } from './codecs/omitNullMembers.js'
export { answerForVersion } from './codecs/facilitatorAnswers.js'
export { acceptedMatches, acceptedMismatches } from './codecs/acceptedMatches.js'
export {
  toCaip2,
  toV1Network,
  fromRequirements,
  fromRequirementsV1,
  fromRequirementsV2,
  fromPaymentPayload,
  type Requirements,
  type Payment,
} from './codecs/normalize.js'

// networks
export {
  evmNetworks,
  findEvmNetwork,
  getEvmNetwork,
  chainIdOf,
  defaultAssetOf,
  findDefaultAsset,
  type EvmNetwork,
  type DefaultAsset,
} from './networks/registry.js'

// reason codes
export {
  reasons,
  reasonCategories,
  knownSpellings,
  categoryOf,
  isReason,
  type Reason,
  type ReasonCategory,
} from './errors/reasons.js'

// exact scheme on EVM
export {
  getTransferTypedData,
  resolveDomain,
  findDomain,
  signAuthorization,
  createPayment,
  verifyPaymentOffline,
  verifyPayment,
  getSettleCall,
  getDeployCall,
  hashTransferAuthorization,
  recoverSigner,
  paymentMutations,
  eip3009Abi,
  type VerifyResult,
  type TransferAuthorization,
  type TransferDomain,
  type CreatePaymentParameters,
  type VerifyPaymentOfflineParameters,
  type VerifyPaymentParameters,
} from './evm/index.js'

// facilitator
export {
  createFacilitator,
  startFacilitator,
  type Facilitator,
  type FacilitatorOptions,
  type RunningFacilitator,
  type SupportedBody,
} from './facilitator/createFacilitator.js'
export { defaultFacilitatorSteps, type FacilitatorSteps, type Rejection } from './facilitator/steps.js'
export { type FacilitatorContext } from './facilitator/context.js'
export { createTransactionSender, type TransactionSender, type OutgoingTransaction } from './facilitator/nonceManager.js'
export { checkTransfer, type ExpectedTransfer } from './facilitator/transfer.js'
export { createSettleGate, type SettleGate } from './facilitator/settleGate.js'
export { parseFacilitatorRequest, type FacilitatorRequest, type RequestProblem } from './facilitator/requests.js'
export { createJsonLogger, silentLogger, type Logger } from './facilitator/logger.js'

// resource server
export { createPaywall, exposedHeaders, type Middleware, type PaywallOptions } from './server/createPaywall.js'
export { defaultPaywallSteps, type PaywallSteps } from './server/steps.js'
export { compileRoute, findRoute, type PaidRoute, type CompiledRoute, type Offer } from './server/routes.js'
export { normalizePath } from './server/paths.js'
export { matchAcceptedV2, matchPaymentV1, checkResourceV2, sameResource, type Refusal } from './server/match.js'
export { createFacilitatorClient, type FacilitatorClient, type FacilitatorReply } from './server/facilitatorClient.js'
export { toNodeHandler, type FetchHandler } from './server/toNodeHandler.js'
export { serveFetch, preflightResponse, maxRequestHeadBytes, type ServedFetch } from './server/serveFetch.js'
export { listenLoopback, type Listening, type ListenLoopbackOptions } from './loopback/listenLoopback.js'
export { startResourceServer, type ResourceServerOptions, type RunningResourceServer } from './server/startResourceServer.js'

// paying client
export { wrapFetch, readChallenge, type PayingFetch, type WrapFetchOptions } from './client/wrapFetch.js'
export { getReceipt, type Receipt } from './client/getReceipt.js'
export { chooseOffer, refusalOf, PaymentRefusedError, type PaymentPolicy } from './client/policy.js'
