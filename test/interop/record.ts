import type { Fetch } from './upstream/clients.js'

/** One request as sent by a paying client: its URL and headers (lower-case names). */
export type Sent = { url: string; headers: Record<string, string> }

/** A fetch that records every request's URL and headers, then sends it with the global fetch. */
export function recordingFetch(): { fetch: Fetch; sent: Sent[] } {
  const sent: Sent[] = []
  const recording: Fetch = async (input, init) => {
    const request = new Request(input, init)
    const headers: Record<string, string> = {}
    request.headers.forEach((value, name) => {
      headers[name] = value
    })
    sent.push({ url: request.url, headers })
    return fetch(input, init)
  }
  return { fetch: recording, sent }
}
