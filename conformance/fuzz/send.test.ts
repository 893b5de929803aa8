import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { listenerPid, portOf, rssOf, targetPid } from './memory.js'
import { sendRaw } from './send.js'

const seen: { method: string; url: string; body: string }[] = []
const server = createServer((req, res) => {
  let body = ''
  req.on('data', (c: Buffer) => void (body += c.toString()))
  req.on('end', () => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', body })
    if (req.url === '/hang') return
    if (req.url === '/drop') return void req.socket.destroy()
    if (req.url === '/drip') {
      // a byte every 100 ms: the connection is never idle for long, the answer never ends in time
      res.writeHead(200)
      const drip = setInterval(() => res.write('.'), 100)
      res.on('close', () => clearInterval(drip))
      return
    }
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

  test('the time limit is a wall-clock bound: an answer dripped slowly is cut off', async () => {
    const started = performance.now()
    const answer = await sendRaw(origin, { method: 'GET', path: '/drip', headers: {} }, 500)
    expect(answer.error).toMatch(/^no answer within 500 ms/)
    expect(performance.now() - started).toBeLessThan(1_500)
  })
})

describe('memory', () => {
  test('the process listening on a port, and its resident memory', () => {
    expect(listenerPid(portOf(origin))).toBe(process.pid)
    expect(rssOf(process.pid)).toBeGreaterThan(10 * 2 ** 20)
    expect(rssOf(2 ** 30)).toBeUndefined()
    expect(portOf('https://x.example/a')).toBe(443)
  })

  test('only a loopback target is looked up: a remote URL on the same port is not this listener', () => {
    expect(targetPid(origin)).toBe(process.pid)
    expect(targetPid(origin.replace('127.0.0.1', 'localhost'))).toBe(process.pid)
    expect(targetPid(origin.replace('127.0.0.1', 'fuzz-target.example'))).toBeUndefined()
  })
})
