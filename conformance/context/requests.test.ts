import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Case, Role, Version } from '../case.js'
import { CaseFailure, CaseSkip } from './failure.js'
import { createRequests, resolveUnder } from './requests.js'
import { createScope } from './scope.js'
import type { CaseRecord, Session } from './session.js'
import type { Paid } from './types.js'

type Seen = { method: string; url: string; headers: Record<string, string | string[] | undefined>; body: string }
const seen: Seen[] = []
const answers: Record<string, [number, unknown]> = {
  '/api/verify': [200, { isValid: true, payer: '0x00000000000000000000000000000000000000aa' }],
  '/api/settle': [200, { success: 'yes' }],
  '/api/supported': [200, { kinds: [] }],
}
const server = createServer((req, res) => {
  let body = ''
  req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
  req.on('end', () => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body })
    const [status, answer] = answers[req.url ?? ''] ?? [402, { error: 'payment required' }]
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer))
  })
})
let base = ''
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

function requestsFor(role: Role, version: Version, facilitator: boolean, offered = role === 'server') {
  const record: CaseRecord = { transcript: [], ledger: [], info: [], warnings: [] }
  const url = `${base}/paid`
  const session = {
    seed: 1,
    target: { facilitatorUrl: facilitator ? `${base}/api` : undefined },
    offers: new Map(offered ? [[version, { url, requirements: {}, resource: undefined }]] : []),
  } as unknown as Session
  // The scope reads only the case's id and role.
  const kase = { id: `${role}.requests.test`, role } as Case
  return { requests: createRequests(createScope(session, kase, version, record, false)), record }
}

const paid = (version: Version) =>
  ({ version, payload: { x402Version: version, payload: { n: 1 } }, requirements: { amount: '1' } }) as unknown as Paid
const last = () => seen[seen.length - 1]!

describe('resolveUnder', () => {
  test('default', () => {
    expect(resolveUnder('http://h/api', 'verify')).toBe('http://h/api/verify')
    expect(resolveUnder('http://h/api/', '/supported')).toBe('http://h/api/supported')
  })
})

describe('createRequests', () => {
  test('verify: the body the facilitator API takes, under the facilitator path; kept in the transcript', async () => {
    const { requests, record } = requestsFor('facilitator', 2, true)
    const outcome = await requests.verify(paid(2))
    expect([outcome.kind, outcome.ok, outcome.payer]).toEqual(['verify', true, '0x00000000000000000000000000000000000000aa'])
    expect([last().method, last().url, JSON.parse(last().body)]).toEqual([
      'POST',
      '/api/verify',
      { x402Version: 2, paymentPayload: paid(2).payload, paymentRequirements: { amount: '1' } },
    ])
    expect(record.transcript.map((x) => [x.request.url, x.status])).toEqual([[`${base}/api/verify`, 200]])
  })

  test('args: x402Version, requirements, body', async () => {
    const { requests } = requestsFor('facilitator', 2, true)
    await requests.verify(paid(2), { x402Version: '2', requirements: { other: true } })
    expect(JSON.parse(last().body)).toMatchObject({ x402Version: '2', paymentRequirements: { other: true } })
    await requests.verify(paid(2), { body: '{"broken":' })
    expect(last().body).toBe('{"broken":')
  })

  test('supported and request: relative paths are under the facilitator, absolute URLs as given', async () => {
    const { requests } = requestsFor('facilitator', 2, true)
    expect((await requests.supported()).body).toEqual({ kinds: [] })
    expect(last().url).toBe('/api/supported')
    await requests.request('/other', { method: 'DELETE' })
    expect([last().method, last().url]).toEqual(['DELETE', '/api/other'])
    await requests.request(`${base}/elsewhere`)
    expect(last().url).toBe('/elsewhere')
  })

  test("fetchPaid: the version's payment header, base64 JSON of the payload", async () => {
    for (const [version, name] of [
      [1, 'x-payment'],
      [2, 'payment-signature'],
    ] as const) {
      const { requests } = requestsFor('server', version, false)
      const x = await requests.fetchPaid(paid(version))
      expect(x.status).toBe(402)
      expect(JSON.parse(Buffer.from(String(last().headers[name]), 'base64').toString('utf8'))).toEqual(paid(version).payload)
    }
    const { requests } = requestsFor('server', 2, false)
    await requests.fetchPaid(undefined, { url: `${base}/x`, method: 'POST', header: 'raw', headerName: 'X-Other' })
    expect([last().method, last().url, last().headers['x-other'], last().headers['payment-signature']]).toEqual([
      'POST',
      '/x',
      'raw',
      undefined,
    ])
  })

  describe('errors', () => {
    test('an answer that breaks its schema fails the case, with what was seen', async () => {
      const { requests } = requestsFor('facilitator', 2, true)
      const error = (await requests.settle(paid(2)).catch((e: unknown) => e)) as CaseFailure
      expect(error).toBeInstanceOf(CaseFailure)
      expect(error.shortMessage).toMatch(/^the \/settle answer does not match its schema: /)
      expect(error.evidence).toEqual({ status: 200, body: { success: 'yes' } })
    })

    test('no facilitator, no offer: not applicable', async () => {
      await expect(requestsFor('facilitator', 2, false).requests.verify(paid(2))).rejects.toThrow(CaseSkip)
      await expect(requestsFor('facilitator', 1, false).requests.supported()).rejects.toThrow(CaseSkip)
      const { requests } = requestsFor('server', 2, false, false)
      await expect(requests.fetchPaid(paid(2))).rejects.toThrow(CaseSkip)
    })
  })
})
