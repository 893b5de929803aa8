import { assetDomain, contract, payerHolding, payInToken, tokenDomain } from './attack-moves.js'
import { mismatchCase } from './outcomes.js'

/**
 * Second token at the resource server (http.server.match-offer): the server offers one asset; a
 * payment whose requirements or signature name the chain's second token is judged by its consequence
 * (mismatchCase): served only if the ledger shows the offer paid, refused with nothing charged.
 */

export const cases = [
  mismatchCase({
    id: 'server.attack-token.accepted-b-signed-asset',
    harm: 'funds',
    // v1 payments carry no requirements: only the v2 `accepted` can name token B
    versions: [2],
    title: 'a payment whose requirements name token B but whose signature is for the offered asset is not served unpaid',
    make: (t) => payInToken(t, contract(t, 'tokenB'), assetDomain(t)),
  }),
  mismatchCase({
    id: 'server.attack-token.offer-signed-b',
    harm: 'funds',
    versions: [1, 2],
    title: "a payment for the offer signed in token B's domain is not served unpaid and moves nothing",
    make: async (t) => {
      const tokenB = contract(t, 'tokenB')
      return t.pay({
        payer: await payerHolding(t, tokenB),
        domain: { verifyingContract: tokenB, ...(await tokenDomain(t, tokenB)) },
      })
    },
  }),
]
