import fc from 'fast-check'
import { createWalletClient, encodeAbiParameters, encodeFunctionData, http, parseAbi, parseAbiParameters } from 'viem'
import type { Address, Hex, PublicClient, TestClient } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { signAuthorization } from '../../src/evm/signAuthorization.js'
import type { Case, Version } from '../case.js'
import { authorizationWire, buildAuthorization, buildPayload, buildRequirements, derive, deriveSigner, domainFor, encodeHeaderValue, merge, overrideRequirements } from './builders.js'
import { expectRejected, expectSettled, expectValid } from './expect.js'
import { CaseFailure, CaseSkip } from './failure.js'
import { send } from './http.js'
import type { Exchange } from './http.js'
import { createLedger } from './ledger.js'
import type { LedgerDelta } from './ledger.js'
import { race } from './race.js'
import { readOutcome, validateResponse } from './responses.js'
import type { ChainInfo, HostileMode, Paid, Signer, TargetInfo, TestContext, Wire } from './types.js'

/** One server route the harness pays, per version: from its 402 challenge. */
export type ServerOffer = { url: string; requirements: Wire; resource: Wire | undefined; challenge: Exchange }

/** What every case of a run shares: chain, target, options. Built by the runner from a target. */
export type Session = {
  readonly seed: number
  readonly runs: number
  readonly strict: boolean
  readonly chain: ChainInfo
  readonly testClient: TestClient
  readonly target: TargetInfo
  /** Versions the facilitator advertises in /supported (facilitator role). */
  readonly facilitatorVersions: ReadonlySet<Version>
  /** Per version, the first server route offering it (server role). */
  readonly offers: ReadonlyMap<Version, ServerOffer>
  /** Funds an address with the asset, or another token (serialised by the session). */
  fund(to: Address, amount: bigint, token?: Address): Promise<void>
  /** A funded harness account that is neither a payer nor the facilitator (front-running, deployments). */
  readonly frontRunner: Signer
  /** Runs transactions of the harness account one at a time (its nonces never collide). */
  serialized<T>(send: () => Promise<T>): Promise<T>
  /** Sets the harness facilitator proxy's mode for one payer. */
  setHostile?(payer: Address, mode: HostileMode): void
  /** Cuts the facilitator under test off its chain (or restores it), when the harness controls its RPC. */
  setRpcDown?(down: boolean): void
  /** Calls the server made to the harness facilitator proxy for one payer. */
  facilitatorCalls?(payer: Address): { verify: number; settle: number }
  /** The reproduction command prefix (target flags). */
  readonly reproduce: string
}

/** What a case's run produced besides its verdict. */
export type CaseRecord = { transcript: Exchange[]; ledger: LedgerDelta[]; info: string[] }

const transcriptLimit = 60
const cancelAbi = parseAbi(['function cancelAuthorization(address authorizer, bytes32 nonce, uint8 v, bytes32 r, bytes32 s)'])
const erc6492Magic = '6492649264926492649264926492649264926492649264926492649264926492'
const factoryAbi = parseAbi(['function deploy(address owner, bytes32 salt) returns (address)', 'function predictAddress(address owner, bytes32 salt) view returns (address)'])
const transferWithAuthorizationVrs = parseAbi([
  'function transferWithAuthorization(address from, address to, uint256 value, uint256 validAfter, uint256 validBefore, bytes32 nonce, uint8 v, bytes32 r, bytes32 s)',
])

/** Builds the context `t` for one case at one version. */
export function createContext(session: Session, kase: Case, version: Version, record: CaseRecord, exclusive: boolean): TestContext {
  const { chain, target } = session
  const label = `${kase.id}@v${version}`
  let counter = 0
  const payers: Address[] = []
  const keys = new Map<string, Signer>()
  let hostileMode: HostileMode | undefined
  const info = (m: string) => {
    if (!record.info.includes(m)) record.info.push(m)
  }
  const keep = (x: Exchange) => {
    record.transcript.push(x)
    if (record.transcript.length > transcriptLimit) record.transcript.splice(1, 1)
    return x
  }
  const opts = { strict: session.strict, info }
  const offer = session.offers.get(version)
  const payTo: Address = kase.role === 'server' ? (String(offer?.requirements['payTo'] ?? '') as Address) : deriveSigner(session.seed, `${label}:payTo`).address
  const facilitatorUrl = target.facilitatorUrl
  const resourceUrl = kase.role === 'server' ? (offer?.url ?? '') : `http://127.0.0.1/conformance/${kase.id}`
  const resource: Wire | undefined = kase.role === 'server' ? offer?.resource : { url: resourceUrl, description: 'x402 conformance resource', mimeType: 'application/json' }

  const requireFacilitator = () => {
    if (!facilitatorUrl) throw new CaseSkip('no facilitator under test')
    return facilitatorUrl
  }

  const call = async (kind: 'verify' | 'settle', paid: Paid, o: { requirements?: Wire; x402Version?: unknown; body?: unknown } = {}) => {
    const url = new URL(kind, requireFacilitator().replace(/\/?$/, '/')).href
    const body = o.body !== undefined ? o.body : { x402Version: o.x402Version ?? paid.version, paymentPayload: paid.payload, paymentRequirements: o.requirements ?? paid.requirements }
    const x = keep(await send(url, { method: 'POST', body }))
    const outcome = readOutcome(kind, x)
    const problems = validateResponse(kind, paid.version, x)
    if (problems.length > 0) throw new CaseFailure(`the /${kind} answer does not match its schema: ${problems.join('; ')}`, { status: x.status, body: x.body })
    return outcome
  }

  const t: TestContext = {
    caseId: kase.id,
    version,
    target,
    chain,
    now: () => Math.floor(Date.now() / 1000),
    payTo,
    resourceUrl,

    async payer(fund = 1_000_000n) {
      const signer = deriveSigner(session.seed, `${label}:payer:${counter++}`)
      payers.push(signer.address)
      keys.set(signer.address.toLowerCase(), signer)
      if (hostileMode) session.setHostile?.(signer.address, hostileMode)
      if (fund > 0n) await session.fund(signer.address, fund)
      return signer
    },

    requirements(o = {}) {
      if (kase.role === 'server') {
        if (!offer) throw new CaseSkip(`the server offers no v${version} route`)
        return overrideRequirements(version, offer.requirements, o)
      }
      if (version === 1 && chain.networkV1 === null) throw new CaseSkip(`chain ${chain.chainId} has no v1 network name`)
      return buildRequirements(version, { network: chain.network, networkV1: chain.networkV1, asset: chain.asset, payTo, resourceUrl }, o)
    },

    sign: (authorization, o = {}) => {
      const signer = o.signer ?? keys.get(authorization.from.toLowerCase())
      if (signer === undefined) throw new CaseFailure(`t.sign: no key for ${authorization.from}; pass options.signer`)
      const domain = { name: chain.asset.name, version: chain.asset.version, chainId: chain.chainId, verifyingContract: chain.asset.address, ...o.domain }
      return signAuthorization({ account: privateKeyToAccount(signer.privateKey), domain, authorization })
    },

    async pay(o = {}) {
      const requirements = o.requirements ?? t.requirements()
      const payer = o.payer ?? (await t.payer())
      const nonce = derive(session.seed, `${label}:nonce:${counter++}`)
      const authorization = { ...buildAuthorization(requirements, payer.address, t.now(), nonce), ...o.authorization }
      const domain = { ...domainFor(requirements, chain.chainId, chain.asset), ...o.domain }
      const signature = o.signature ?? (await signAuthorization({ account: privateKeyToAccount((o.signWith ?? payer).privateKey), domain, authorization }))
      const inner = { signature, authorization: authorizationWire(authorization) }
      const payload = merge(buildPayload(version, requirements, inner, resource), o.wire)
      return { version, requirements, payload, authorization, domain, signature, payer, amount: authorization.value }
    },

    encode: encodeHeaderValue,
    verify: (paid, o) => call('verify', paid, o),
    settle: (paid, o) => call('settle', paid, o),
    supported: async () => keep(await send(new URL('supported', requireFacilitator().replace(/\/?$/, '/')).href)),
    request: async (url, init = {}) => {
      const absolute = /^https?:/.test(url) ? url : new URL(url.replace(/^\//, ''), (facilitatorUrl ?? resourceUrl).replace(/\/?$/, '/')).href
      return keep(await send(absolute, init))
    },

    async fetchPaid(paid, o = {}) {
      if (kase.role === 'server' && !offer) throw new CaseSkip(`the server offers no v${version} route`)
      const headerName = o.headerName ?? (version === 1 ? 'X-PAYMENT' : 'PAYMENT-SIGNATURE')
      const headers: Record<string, string> = {}
      const value = o.header ?? (paid ? encodeHeaderValue(paid.payload) : undefined)
      if (value !== undefined) headers[headerName] = value
      return keep(await send(o.url ?? resourceUrl, { method: o.method ?? 'GET', headers }))
    },

    hostile(mode) {
      if (!target.hostile || !session.setHostile) throw new CaseSkip('the server does not settle through the harness facilitator')
      hostileMode = mode
      for (const p of payers) session.setHostile(p, mode)
    },

    facilitatorCalls() {
      if (!target.hostile || !session.facilitatorCalls) throw new CaseSkip('the server does not settle through the harness facilitator')
      const total = { verify: 0, settle: 0 }
      for (const p of payers) {
        const c = session.facilitatorCalls(p)
        total.verify += c.verify
        total.settle += c.settle
      }
      return total
    },

    ledger: createLedger({ client: chain.client as PublicClient, signer: target.signer, exclusive, payToShared: kase.role === 'server', record: (d) => record.ledger.push(d) }),
    race: (requests, o = {}) => race(session.testClient, chain.client as PublicClient, requests, o.minPending ?? 1),
    async frontRun(paid) {
      await session.testClient.setBalance({ address: session.frontRunner.address, value: 10n ** 21n })
      const wallet = createWalletClient({ account: privateKeyToAccount(session.frontRunner.privateKey), transport: http(chain.rpcUrl) })
      const sig = paid.signature as Hex
      const a = paid.authorization
      const data = encodeFunctionData({
        abi: transferWithAuthorizationVrs,
        functionName: 'transferWithAuthorization',
        args: [a.from, a.to, a.value, a.validAfter, a.validBefore, a.nonce, Number(BigInt(`0x${sig.slice(130, 132)}`)), `0x${sig.slice(2, 66)}`, `0x${sig.slice(66, 130)}`],
      })
      return session.serialized(() => wallet.sendTransaction({ chain: null, to: String(paid.requirements['asset']) as Address, data, gas: 200_000n, maxFeePerGas: 200_000_000_000n, maxPriorityFeePerGas: 100_000_000_000n }))
    },
    async cancelAuthorization(paid) {
      const account = privateKeyToAccount(paid.payer.privateKey)
      const sig = await account.signTypedData({
        domain: paid.domain,
        types: { CancelAuthorization: [{ name: 'authorizer', type: 'address' }, { name: 'nonce', type: 'bytes32' }] },
        primaryType: 'CancelAuthorization',
        message: { authorizer: paid.authorization.from, nonce: paid.authorization.nonce },
      })
      const data = encodeFunctionData({
        abi: cancelAbi,
        functionName: 'cancelAuthorization',
        args: [paid.authorization.from, paid.authorization.nonce, Number(BigInt(`0x${sig.slice(130, 132)}`)), `0x${sig.slice(2, 66)}`, `0x${sig.slice(66, 130)}`],
      })
      await session.testClient.setBalance({ address: session.frontRunner.address, value: 10n ** 21n })
      const wallet = createWalletClient({ account: privateKeyToAccount(session.frontRunner.privateKey), transport: http(chain.rpcUrl) })
      const hash = await session.serialized(() => wallet.sendTransaction({ chain: null, to: paid.domain.verifyingContract, data }))
      const receipt = await chain.client.waitForTransactionReceipt({ hash, pollingInterval: 50 })
      if (receipt.status !== 'success') throw new CaseFailure('the harness could not cancel the authorization on the token')
    },
    async rpcOutage(run) {
      if (!session.setRpcDown) throw new CaseSkip('the harness does not control the facilitator\'s RPC (only embedded and --exec targets)')
      if (!exclusive) throw new CaseFailure('t.rpcOutage needs an exclusive case')
      session.setRpcDown(true)
      try {
        return await run()
      } finally {
        session.setRpcDown(false)
      }
    },
    fundToken: (token, to, amount) => session.fund(to, amount, token),
    async smartWallet({ deployed, fund = 1_000_000n }) {
      const factory = (chain.contracts['factory6492'] ?? t.skip('the chain has no ERC-6492 factory')) as Address
      const owner = deriveSigner(session.seed, `${label}:wallet-owner:${counter++}`)
      const salt = derive(session.seed, `${label}:wallet-salt:${counter++}`)
      const address = await chain.client.readContract({ address: factory, abi: factoryAbi, functionName: 'predictAddress', args: [owner.address, salt] })
      const deployCall = encodeFunctionData({ abi: factoryAbi, functionName: 'deploy', args: [owner.address, salt] })
      if (deployed) {
        await session.testClient.setBalance({ address: session.frontRunner.address, value: 10n ** 21n })
        const wallet = createWalletClient({ account: privateKeyToAccount(session.frontRunner.privateKey), transport: http(chain.rpcUrl) })
        const hash = await session.serialized(() => wallet.sendTransaction({ chain: null, to: factory, data: deployCall }))
        await chain.client.waitForTransactionReceipt({ hash, pollingInterval: 50 })
      }
      payers.push(address)
      keys.set(address.toLowerCase(), { address, privateKey: owner.privateKey })
      if (hostileMode) session.setHostile?.(address, hostileMode)
      if (fund > 0n) await session.fund(address, fund)
      const wrap6492 = (signature: Hex): Hex =>
        `${encodeAbiParameters(parseAbiParameters('address, bytes, bytes'), [factory, deployCall, signature])}${erc6492Magic}` as Hex
      return { payer: { address, privateKey: owner.privateKey }, wrap6492 }
    },

    async property(arbitrary, predicate, o = {}) {
      const numRuns = o.runs ?? session.runs
      const result = await fc.check(fc.asyncProperty(arbitrary, predicate), { seed: session.seed, numRuns, endOnFailure: false })
      if (!result.failed) return
      const cause = result.errorInstance
      const repro = `npx x402-conformance ${session.reproduce}--grep '^${kase.id.replace(/\./g, '\\.')}$' --version ${version} --seed ${session.seed} --runs ${numRuns}`
      throw new CaseFailure(`property failed after ${result.numRuns} run(s), shrunk ${result.numShrinks} time(s): ${cause instanceof Error ? (cause as CaseFailure).shortMessage ?? cause.message : String(cause)}`, {
        seed: session.seed,
        path: result.counterexamplePath,
        counterexample: JSON.parse(JSON.stringify(result.counterexample, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as unknown,
        reproduction: repro,
        ...(cause instanceof CaseFailure ? cause.evidence : {}),
      })
    },

    expectValid: (o) => expectValid(o, opts),
    expectSettled: (o) => expectSettled(o, opts),
    expectInvalid: (o, category) => expectRejected(o, category, opts),
    expectNotSettled: (o, category) => expectRejected(o, category, opts),
    fail(message, evidence = {}): never {
      throw new CaseFailure(message, evidence)
    },
    check(condition, message, evidence = {}) {
      if (!condition) throw new CaseFailure(message, evidence)
    },
    info,
    skip(reason): never {
      throw new CaseSkip(reason)
    },
  }
  return t
}
