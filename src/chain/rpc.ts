import { RpcError } from './errors.js'

export type RpcCall = { method: string; params: unknown[] }

/** Sends JSON-RPC calls as one HTTP batch; returns the results in call order, throws {@link RpcError} on any error. */
export async function rpcBatch(rpcUrl: string, calls: readonly RpcCall[]): Promise<unknown[]> {
  if (calls.length === 0) return []
  const body = JSON.stringify(calls.map((c, id) => ({ jsonrpc: '2.0', id, method: c.method, params: c.params })))
  let response: Response
  try {
    response = await fetch(rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
  } catch (error) {
    const shortMessage = `JSON-RPC batch could not be sent: ${(error as Error).message}`
    throw new RpcError({ shortMessage, details: rpcUrl, cause: error })
  }
  if (!response.ok) throw new RpcError({ shortMessage: `JSON-RPC batch failed with HTTP ${response.status}`, details: rpcUrl })
  const replies = (await response.json()) as { id: number; result?: unknown; error?: { message: string } }[]
  const results: unknown[] = new Array(calls.length)
  for (const reply of replies) {
    if (reply.error) {
      const call = calls[reply.id]
      throw new RpcError({ shortMessage: `JSON-RPC ${call?.method ?? '?'} failed: ${reply.error.message}`, details: rpcUrl })
    }
    results[reply.id] = reply.result
  }
  return results
}
