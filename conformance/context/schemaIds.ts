import { schemaIds } from '../../src/codecs/schemaIds.js'
import type { SchemaId } from '../../src/codecs/schemaIds.js'
import type { Version } from '../case.js'

/** The schema a facilitator answer of `kind` must satisfy at `version`. */
export function responseSchemaId(kind: 'verify' | 'settle' | 'supported', version: Version): SchemaId {
  const ids = version === 1 ? schemaIds.v1 : schemaIds.v2
  return kind === 'verify' ? ids.verifyResponse : kind === 'settle' ? ids.settleResponse : ids.supportedResponse
}
