import type { Address } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { signAuthorization } from '../../src/evm/signAuthorization.js'
import {
  authorizationWire,
  buildAuthorization,
  buildPayload,
  buildRequirements,
  deriveSigner,
  domainFor,
  encodeHeaderValue,
  merge,
  overrideRequirements,
} from './builders.js'
import { SuiteError } from './errors.js'
import { CaseSkip } from './failure.js'
import type { CaseScope } from './scope.js'
import type { TestContext, Wire } from './types.js'

/** The payment section of the context: payers, requirements, signatures, payments. */
export type Payments = Pick<TestContext, 'now' | 'payer' | 'payTo' | 'resourceUrl' | 'requirements' | 'sign' | 'pay' | 'encode'>

/** Where a case's payments go: the server's offer (server role), or a fresh recipient and resource (facilitator role). */
export function paymentTarget(scope: CaseScope): { payTo: Address; resourceUrl: string; resource: Wire | undefined } {
  const { session, kase, version } = scope
  if (kase.role === 'server') {
    const offer = session.offers.get(version)
    return {
      payTo: String(offer?.requirements['payTo'] ?? '') as Address,
      resourceUrl: offer?.url ?? '',
      resource: offer?.resource,
    }
  }
  const resourceUrl = `http://127.0.0.1/conformance/${kase.id}`
  return {
    payTo: deriveSigner(session.seed, `${scope.label}:payTo`).address,
    resourceUrl,
    resource: { url: resourceUrl, description: 'x402 conformance resource', mimeType: 'application/json' },
  }
}

/** Builds the payment section of one case's context. */
export function createPayments(scope: CaseScope): Payments {
  const { session, kase, version } = scope
  const { chain } = session
  const offer = session.offers.get(version)
  const { payTo, resourceUrl, resource } = paymentTarget(scope)
  const now = () => Math.floor(Date.now() / 1000)

  const requirements: Payments['requirements'] = (o = {}) => {
    if (kase.role === 'server') {
      if (!offer) throw new CaseSkip(`the server offers no v${version} route`)
      return overrideRequirements(version, offer.requirements, o)
    }
    if (version === 1 && chain.networkV1 === null) throw new CaseSkip(`chain ${chain.chainId} has no v1 network name`)
    const base = { network: chain.network, networkV1: chain.networkV1, asset: chain.asset, payTo, resourceUrl }
    return buildRequirements(version, base, o)
  }

  const payer: Payments['payer'] = (fund = 1_000_000n) => scope.adopt(scope.freshSigner('payer'), fund)

  return {
    now,
    payTo,
    resourceUrl,
    payer,
    requirements,
    encode: encodeHeaderValue,
    sign(authorization, o = {}) {
      const signer = o.signer ?? scope.keyOf(authorization.from)
      if (signer === undefined) {
        throw new SuiteError({
          shortMessage: `t.sign: the case holds no key for ${authorization.from}`,
          details: 'pass options.signer',
        })
      }
      const asset = chain.asset
      const domain = {
        name: asset.name,
        version: asset.version,
        chainId: chain.chainId,
        verifyingContract: asset.address,
        ...o.domain,
      }
      return signAuthorization({ account: privateKeyToAccount(signer.privateKey), domain, authorization })
    },
    async pay(o = {}) {
      const paying = o.requirements ?? requirements()
      const from = o.payer ?? (await payer())
      const nonce = scope.fresh('nonce')
      const authorization = { ...buildAuthorization(paying, from.address, now(), nonce), ...o.authorization }
      const domain = { ...domainFor(paying, chain.chainId, chain.asset), ...o.domain }
      const account = privateKeyToAccount((o.signWith ?? from).privateKey)
      const signature = o.signature ?? (await signAuthorization({ account, domain, authorization }))
      const inner = { signature, authorization: authorizationWire(authorization) }
      const payload = merge(buildPayload(version, paying, inner, resource), o.wire)
      return {
        version,
        requirements: paying,
        payload,
        authorization,
        domain,
        signature,
        payer: from,
        amount: authorization.value,
      }
    },
  }
}
