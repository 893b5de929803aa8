import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startResourceServer, type RunningResourceServer } from './startResourceServer.js'

// The facilitator is never reached in these tests: nothing here is a well-formed payment.
let server: RunningResourceServer
beforeAll(async () => {
  server = await startResourceServer({
    facilitatorUrl: 'http://127.0.0.1:9',
    payTo: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
    price: '10000',
    network: 'eip155:84532',
  })
})
afterAll(() => server.close())

describe('startResourceServer', () => {
  test('OPTIONS is a preflight without the paid content', async () => {
    const res = await fetch(`${server.paidUrl}/data`, { method: 'OPTIONS' })
    expect(res.status).toBe(204)
    expect(await res.text()).toBe('')
  })

  test('GET without payment is 402', async () => {
    const res = await fetch(server.paidUrl)
    expect(res.status).toBe(402)
    expect(res.headers.get('payment-required')).toBeTruthy()
  })

  test('a 16 KiB payment header reaches the paywall (not 431)', async () => {
    const res = await fetch(server.paidUrl, { headers: { 'PAYMENT-SIGNATURE': 'A'.repeat(16 * 1024) } })
    expect(res.status).toBe(400)
  })
})

describe('errors', () => {
  test('a non-loopback host is refused', async () => {
    await expect(
      startResourceServer({
        facilitatorUrl: 'http://127.0.0.1:9',
        payTo: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
        price: '1',
        network: 'eip155:84532',
        host: '0.0.0.0',
      }),
    ).rejects.toThrow('the reference server binds to loopback only')
  })
})
