import type { Permit2Authorization, WirePermit2Authorization } from './types.js'

/**
 * The wire form of an authorization: integers as decimal strings, addresses as given
 * (permit2.typed-data.payload); `witness.facilitator` only when the witness has one (upto).
 *
 * @example
 * const payload = { signature, permit2Authorization: toWirePermit2Authorization(authorization) }
 */
export function toWirePermit2Authorization(a: Permit2Authorization): WirePermit2Authorization {
  return {
    from: a.from,
    permitted: { token: a.permitted.token, amount: a.permitted.amount.toString() },
    spender: a.spender,
    nonce: a.nonce.toString(),
    deadline: a.deadline.toString(),
    witness: {
      to: a.witness.to,
      ...(a.witness.facilitator ? { facilitator: a.witness.facilitator } : {}),
      validAfter: a.witness.validAfter.toString(),
    },
  }
}
