export { headers, maxHeaderBytes, maxBodyBytes } from './headers.js'
export { HeaderDecodeError, EnvelopeEncodeError, type HeaderDecodeErrorCode, type HeaderDecodeErrorParameters } from './HeaderDecodeError.js'
export { encodeBase64Json, decodeBase64Json, decodeBase64Strict, bytesToBase64 } from './base64Json.js'
export { type SafeDecodeResult } from './envelopeCodec.js'
export { encodePaymentPayloadHeader, decodePaymentPayloadHeader, safeDecodePaymentPayloadHeader, paymentHeaderName } from './paymentPayload.js'
export {
  encodePaymentRequiredHeader,
  decodePaymentRequiredHeader,
  safeDecodePaymentRequiredHeader,
  encodePaymentRequiredV1Body,
  decodePaymentRequiredV1Body,
  safeDecodePaymentRequiredV1Body,
} from './paymentRequired.js'
export { encodePaymentResponseHeader, decodePaymentResponseHeader, safeDecodePaymentResponseHeader } from './paymentResponse.js'
export { validateAgainstSchema, pointerSegment, type Issue, type ValidationResult } from './validateAgainstSchema.js'
export { schemaIds, schemaBase, allSchemaIds, type SchemaId } from './schemaIds.js'
export { detectEnvelope, type DetectedEnvelope, type EnvelopeKind } from './detectEnvelope.js'
export { parseUint256, formatUint256 } from './uint256.js'
export { omitNullMembers } from './omitNullMembers.js'
export { answerForVersion } from './facilitatorAnswers.js'
export { packageRoot } from './packageRoot.js'
export {
  toCaip2,
  toV1Network,
  fromRequirements,
  fromRequirementsV1,
  fromRequirementsV2,
  fromPaymentPayload,
  type Requirements,
  type Payment,
} from './normalize.js'
export { acceptedMatches, acceptedMismatches } from './acceptedMatches.js'
