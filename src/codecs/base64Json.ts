import { HeaderDecodeError } from './HeaderDecodeError.js'
import { maxHeaderBytes } from './headers.js'
import { exceedsJsonDepth, maxJsonDepth } from './jsonDepth.js'

const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const utf8Encoder = new TextEncoder()

/** UTF-8 bytes → standard base64 with padding. */
export function bytesToBase64(bytes: Uint8Array): string {
  if (typeof Buffer !== 'undefined') return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
  let binary = ''
  for (const b of bytes) binary += String.fromCharCode(b)
  return btoa(binary)
}

function base64ToBytes(text: string): Uint8Array {
  if (typeof Buffer !== 'undefined') return new Uint8Array(Buffer.from(text, 'base64'))
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0))
}

/**
 * Encodes any JSON value as a header value: JSON text → UTF-8 bytes → standard base64 with
 * padding. Does not validate; the typed encoders do.
 *
 * @example
 * encodeBase64Json({ note: '支払い 💸' }) // 'eyJub3RlIjoi5pSv5omV44GEIPCfkrgifQ=='
 */
export function encodeBase64Json(value: unknown): string {
  return bytesToBase64(utf8Encoder.encode(JSON.stringify(value)))
}

const alphabet = /^[A-Za-z0-9+/]*={0,2}$/

/** Checks base64 text strictly and returns its bytes; throws {@link HeaderDecodeError}. */
export function decodeBase64Strict(value: string, what: string, limit: number = maxHeaderBytes): Uint8Array {
  if (value.length > limit) {
    throw new HeaderDecodeError({
      code: 'size',
      what,
      issues: [{ pointer: '', message: `${value.length} bytes, more than the limit of ${limit}` }],
    })
  }
  const text = value.replace(/^[ \t]+|[ \t]+$/g, '')
  if (text.length === 0) throw new HeaderDecodeError({ code: 'base64', what, issues: [{ pointer: '', message: 'is empty' }] })
  if (!alphabet.test(text)) {
    const bad = /[^A-Za-z0-9+/=]/.exec(text)
    const message = bad
      ? /[-_]/.test(bad[0]) && !/[+/]/.test(text)
        ? `character '${bad[0]}' at offset ${bad.index}: this looks like base64url; x402 uses standard base64 (+ and /)`
        : `character ${JSON.stringify(bad[0])} at offset ${bad.index} is not in the standard base64 alphabet`
      : `'=' at offset ${text.indexOf('=')} is padding in the middle of the value`
    throw new HeaderDecodeError({ code: 'base64', what, issues: [{ pointer: '', message }] })
  }
  if (text.length % 4 !== 0) {
    const unpadded = text.replace(/=+$/, '')
    const message =
      unpadded.length % 4 === 1
        ? `${unpadded.length} base64 characters cannot encode whole bytes`
        : `length ${text.length} is not a multiple of 4: expected ${4 - (unpadded.length % 4)} '=' of padding after ${unpadded.length} characters`
    throw new HeaderDecodeError({
      code: unpadded.length % 4 === 1 ? 'base64' : 'padding',
      what,
      issues: [{ pointer: '', message }],
    })
  }
  const bytes = base64ToBytes(text)
  if (bytesToBase64(bytes) !== text) {
    throw new HeaderDecodeError({
      code: 'padding',
      what,
      issues: [{ pointer: '', message: 'non-canonical base64: the padding or the unused bits of the last character are wrong' }],
    })
  }
  return bytes
}

/** Strict UTF-8 → text, then JSON; throws {@link HeaderDecodeError} (`utf8`, `json`). */
export function decodeJsonBytes(bytes: Uint8Array, what: string): unknown {
  let text: string
  try {
    text = utf8Decoder.decode(bytes)
  } catch {
    throw new HeaderDecodeError({
      code: 'utf8',
      what,
      issues: [{ pointer: '', message: 'the decoded bytes are not valid UTF-8' }],
    })
  }
  return parseJsonText(text, what)
}

/**
 * JSON.parse with the failure as a {@link HeaderDecodeError} (`json`); a value nested deeper than
 * {@link maxJsonDepth} is refused too, before any schema walks it (a recursive walk would overflow).
 */
export function parseJsonText(text: string, what: string): unknown {
  let value: unknown
  try {
    value = JSON.parse(text) as unknown
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error)
    throw new HeaderDecodeError({ code: 'json', what, issues: [{ pointer: '', message: detail }] })
  }
  if (exceedsJsonDepth(value, maxJsonDepth)) {
    const message = `objects and arrays nest more than ${maxJsonDepth} levels deep`
    throw new HeaderDecodeError({ code: 'json', what, issues: [{ pointer: '', message }] })
  }
  return value
}

/**
 * Decodes a header value to the JSON value it carries, strictly (size, alphabet, padding, UTF-8,
 * JSON); no schema check. Throws {@link HeaderDecodeError}.
 */
export function decodeBase64Json(value: string, what: string = 'header value'): unknown {
  return decodeJsonBytes(decodeBase64Strict(value, what), what)
}
