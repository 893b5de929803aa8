import { describe, expect, test } from 'vitest'
import { compilePath, normalizePath, pathMatches } from './paths.js'
import { findRoute, compileRoute } from './routes.js'

const payTo = '0x209693Bc6afc0C5328bA36FaF03C514EF312287C'

describe('normalizePath', () => {
  test.each([
    ['/paid', '/paid'],
    ['/paid/', '/paid'],
    ['/PAID', '/paid'],
    ['//paid//', '/paid'],
    ['/%70aid', '/paid'],
    ['/%2570aid', '/paid'],
    ['/x/../paid', '/paid'],
    ['/./paid', '/paid'],
    ['/x%2f..%2fpaid', '/paid'],
    ['/paid?x=1', '/paid'],
    ['/', '/'],
  ])('%s → %s', (input, expected) => {
    expect(normalizePath(input)).toBe(expected)
  })
  test('undecodable percent-encoding', () => {
    expect(normalizePath('/%zz')).toBeUndefined()
  })
})

describe('routes', () => {
  const routes = [
    compileRoute({ path: '/paid', price: '10', payTo, networks: 'eip155:84532' }),
    compileRoute({ path: '/reports/*', price: 1n, payTo, networks: ['base-sepolia'], methods: ['GET'] }),
  ]
  test('exact and prefix patterns', () => {
    expect(pathMatches(compilePath('/a/*'), '/a')).toBe(true)
    expect(pathMatches(compilePath('/a/*'), '/a/b/c')).toBe(true)
    expect(pathMatches(compilePath('/a/*'), '/ab')).toBe(false)
  })
  test('every method but OPTIONS is paid by default', () => {
    expect(findRoute(routes, 'GET', '/paid')).toBe(routes[0])
    expect(findRoute(routes, 'head', '/paid')).toBe(routes[0])
    expect(findRoute(routes, 'POST', '/paid')).toBe(routes[0])
    expect(findRoute(routes, 'OPTIONS', '/paid')).toBeUndefined()
  })
  test('a GET route also covers HEAD', () => {
    expect(findRoute(routes, 'HEAD', '/reports/1')).toBe(routes[1])
    expect(findRoute(routes, 'POST', '/reports/1')).toBeUndefined()
  })
  test('offers in both wire forms with the default USDC', () => {
    const [offer] = routes[0]!.offers
    expect(offer!.v2).toMatchObject({
      scheme: 'exact',
      network: 'eip155:84532',
      amount: '10',
      asset: '0x036CbD53842c5426634e7929541eC2318f3dCF7e',
      extra: { name: 'USDC', version: '2' },
    })
    expect(offer!.v1).toMatchObject({ network: 'base-sepolia', maxAmountRequired: '10' })
  })
  describe('errors', () => {
    test('unknown asset needs a domain', () => {
      expect(() => compileRoute({ path: '/x', price: '1', payTo, networks: 'eip155:31337' })).toThrow(/no default asset/)
    })
    test('price must be atomic', () => {
      expect(() => compileRoute({ path: '/x', price: '0.01', payTo, networks: 'eip155:84532' })).toThrow(/atomic/)
    })
  })
})
