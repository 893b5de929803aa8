/** The outcome of {@link readCapped}: the text, `undefined` when over the limit, or the read error. */
export type CappedText = { text: string | undefined; error?: undefined } | { text?: undefined; error: Error }

/**
 * Reads a response body as UTF-8 text, at most `limit` bytes: a longer body is cancelled and
 * `text` is undefined, so a peer cannot make the reader buffer without bound. Never throws.
 *
 * @example
 * const { text } = await readCapped(await fetch(url), 64 * 1024)
 */
export async function readCapped(response: Response, limit: number): Promise<CappedText> {
  if (response.body === null) return { text: '' }
  const declared = Number(response.headers.get('content-length') ?? Number.NaN)
  if (declared > limit) {
    await response.body.cancel().catch(() => undefined)
    return { text: undefined }
  }
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > limit) {
        await reader.cancel().catch(() => undefined)
        return { text: undefined }
      }
      chunks.push(value)
    }
  } catch (error) {
    return { error: error instanceof Error ? error : new Error(String(error)) }
  }
  return { text: Buffer.concat(chunks).toString('utf8') }
}
