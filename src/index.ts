// Library root: explicit named re-exports, one group per module.

// errors
export { X402Error, type X402ErrorParameters } from './errors/X402Error.js'
export { HeaderDecodeError, EnvelopeEncodeError, type HeaderDecodeErrorCode, type HeaderDecodeErrorParameters } from './codecs/HeaderDecodeError.js'

// types
export { EvmAddress, Bytes32, HexBytes, Uint256String, Caip2, NonEmptyString, OpenObject, TimeoutSeconds } from './types/primitives.js'
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

// codecs
export { headers, maxHeaderBytes, maxBodyBytes } from './codecs/headers.js'
export { encodeBase64Json, decodeBase64Json } from './codecs/base64Json.js'
export { type SafeDecodeResult } from './codecs/envelopeCodec.js'
export { encodePaymentPayloadHeader, decodePaymentPayloadHeader, safeDecodePaymentPayloadHeader, paymentHeaderName } from './codecs/paymentPayload.js'
export {
  encodePaymentRequiredHeader,
  decodePaymentRequiredHeader,
  safeDecodePaymentRequiredHeader,
  encodePaymentRequiredV1Body,
  decodePaymentRequiredV1Body,
  safeDecodePaymentRequiredV1Body,
} from './codecs/paymentRequired.js'
export { encodePaymentResponseHeader, decodePaymentResponseHeader, safeDecodePaymentResponseHeader } from './codecs/paymentResponse.js'
export { validateAgainstSchema, type Issue, type ValidationResult } from './codecs/validateAgainstSchema.js'
export { schemaIds, schemaBase, allSchemaIds, type SchemaId } from './codecs/schemaIds.js'
export { detectEnvelope, type DetectedEnvelope, type EnvelopeKind } from './codecs/detectEnvelope.js'
export { parseUint256, formatUint256 } from './codecs/uint256.js'
export { toCaip2, toV1Network, fromRequirements, fromRequirementsV1, fromRequirementsV2, fromPaymentPayload, type Requirements, type Payment } from './codecs/normalize.js'

// networks
export { evmNetworks, findEvmNetwork, getEvmNetwork, chainIdOf, type EvmNetwork, type DefaultAsset } from './networks/registry.js'
