import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { listenerPid, portOf, rssOf } from './memory.js'
import { sendRaw, sendable } from './send.js'

const seen: { method: string; url: string; body: string }[] = []
const server = createServer((req, res) => {
  let body = ''
  req.on('data', (c: Buffer) => void (body += c.toString()))
  req.on('end', () => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', body })
    if (req.url === '/hang') return
    if (req.url === '/drop') return void req.socket.destroy()
    res.end('ok')
  })
})
let origin = ''
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => {
  server.closeAllConnections()
  server.close()
})

describe('sendRaw', () => {
  test('any method token and the path exactly as written', async () => {
    const answer = await sendRaw(origin, { method: 'TRACE', path: '/paid/../x%00;y', headers: {} }, 2_000)
    expect(answer.status).toBe(200)
    expect(seen.at(-1)).toMatchObject({ method: 'TRACE', url: '/paid/../x%00;y' })
    await sendRaw(origin, { method: 'POST', path: '/b', headers: {}, body: '{"a":' }, 2_000)
    expect(seen.at(-1)?.body).toBe('{"a":')
  })

  test('no answer: a timeout, a dropped connection', async () => {
    expect((await sendRaw(origin, { method: 'GET', path: '/hang', headers: {} }, 300)).error).toMatch(/^no answer within 300 ms/)
    const dropped = await sendRaw(origin, { method: 'GET', path: '/drop', headers: {} }, 2_000)
    expect(dropped.status).toBe(0)
    expect(dropped.error).toBeDefined()
  })

  test('sendable refuses what node:http cannot send', () => {
    expect(sendable({ method: 'GET', path: '/a b', headers: {} })).toBe(false)
    expect(sendable({ method: 'GET', path: '/a', headers: { x: 'a\nb' } })).toBe(false)
    expect(sendable({ method: 'PROPFIND', path: '/a%00', headers: { x: 'a' } })).toBe(true)
  })
})

describe('memory', () => {
  test('the process listening on a port, and its resident memory', () => {
    expect(listenerPid(portOf(origin))).toBe(process.pid)
    expect(rssOf(process.pid)).toBeGreaterThan(10 * 2 ** 20)
    expect(rssOf(2 ** 30)).toBeUndefined()
    expect(portOf('https://x.example/a')).toBe(443)
  })
})
