import type { Address, Hex } from 'viem'
import type { Chain } from '../../src/chain/index.js'
import type { Version } from '../case.js'
import type { ServerOffer, Session } from '../context/context.js'
import { defaultFacilitatorHttp } from '../context/facilitatorHttp.js'
import type { FacilitatorHttp } from '../context/facilitatorHttp.js'
import { EnvironmentError } from '../context/failure.js'
import { isLoopback } from '../context/http.js'
import { sessionBasics } from '../context/session.js'
import type { TargetInfo } from '../context/types.js'
import { startEmbeddedFacilitator, startEmbeddedServer } from './embedded.js'
import type { EmbeddedVariant } from './embedded.js'
import { startExec } from './exec.js'
import type { TargetDeath } from './exec.js'
import { startHostileFacilitator } from './hostileFacilitator.js'
import { openChain } from './openChain.js'
import { startRpcProxy } from './rpcProxy.js'
import { probeFacilitator, probeServer } from './probe.js'

/** Where and what to test (the CLI's target flags). */
export type TargetOptions = {
  facilitator?: string | undefined
  servers?: readonly string[]
  exec?: string | undefined
  /** A paid URL of the server under test whose handler fails (`{PORT}` replaced under --exec). */
  failingRoute?: string | undefined
  /** Use this running anvil instead of starting one. */
  rpc?: string | undefined
  /** With `rpc`: a chain the harness does not own; this key funds the payers (cases needing chain control skip). */
  payerKey?: Hex | undefined
  /** With `payerKey`: the token payments use (default: the network's default USDC). */
  asset?: Address | undefined
  /** A hosted facilitator under test: extra headers and endpoint paths. */
  facilitatorHttp?: FacilitatorHttp | undefined
  /** Flags `reproduce` shows besides the target's, secrets hidden: `--header 'Authorization: env:KEY'`. */
  extraFlags?: readonly string[] | undefined
  /**
   * With `servers` (no `exec`): the server under test was started with its facilitator at
   * `http://127.0.0.1:<port>`; the harness listens there with its hostile proxy in front of a reference
   * facilitator on the harness chain, so the hostile-facilitator cases run against a plain server URL.
   */
  hostileFacilitatorPort?: number | undefined
  /** Mutation check only: a faulty variant of the embedded reference roles. */
  variant?: EmbeddedVariant
  seed: number
  runs: number
  strict: boolean
  log?: (line: string) => void
  /** `--exec`: no answer for this long is a hang (see `startExec`). */
  hangMs?: number | undefined
}

/** An opened target: the session cases run in, and how to tear it all down. */
export type OpenSession = {
  session: Session
  chain: Chain
  /** `--exec`: resolves once the target died after it answered (it exited or stopped answering). */
  died?: Promise<TargetDeath> | undefined
  close(): Promise<void>
}

/**
 * Starts the chain and whatever the target needs, probes what the target offers, and returns the
 * session. Throws {@link EnvironmentError} when the chain or the target cannot be reached.
 */
export async function openSession(options: TargetOptions): Promise<OpenSession> {
  const closers: (() => Promise<void>)[] = []
  const close = async () => {
    for (const c of closers.reverse()) await c().catch(() => undefined)
  }
  try {
    const embeddedOrExec = (!options.facilitator && (options.servers ?? []).length === 0) || options.exec !== undefined
    const hostilePort = options.exec === undefined ? options.hostileFacilitatorPort : undefined
    const { chain, salt } = await openChain({
      rpc: options.rpc,
      payerKey: options.payerKey,
      asset: options.asset,
      facilitatorNeedsGas: embeddedOrExec || hostilePort !== undefined,
    })
    closers.push(() => chain.stop())
    const servers = [...(options.servers ?? [])]
    let facilitatorUrl = options.facilitator
    let kind: TargetInfo['kind'] = facilitatorUrl ? 'facilitator' : 'server'
    let signer: string | undefined
    let hostile: import('./hostileFacilitator.js').HostileFacilitator | undefined
    let failingUrl: string | undefined = options.failingRoute
    const embedded = !options.facilitator && servers.length === 0 && !options.exec

    let died: Promise<TargetDeath> | undefined
    let rpc: import('./rpcProxy.js').RpcProxy | undefined
    if (embedded || options.exec) {
      // The implementation under test reaches the chain through a proxy the harness can cut off.
      rpc = await startRpcProxy(chain.rpcUrl)
      closers.push(() => rpc!.close())
    }
    if (embedded || options.exec) {
      const { facilitator, proxy } = await startHostile(
        chain,
        closers,
        embedded ? { rpcUrl: rpc!.url, variant: options.variant } : {},
      )
      hostile = proxy
      signer = chain.facilitator.address
      if (embedded) {
        kind = 'embedded'
        facilitatorUrl = facilitator.url
        const server = await startEmbeddedServer(chain, proxy.url, options.variant ?? {})
        closers.push(() => server.close())
        servers.push(server.paidUrl, server.otherUrl)
        failingUrl = server.failingUrl
      } else {
        kind = 'exec'
        const env = { ...chain.env(), X402_RPC_URL: rpc!.url, X402_FACILITATOR_URL: proxy.url }
        const urls = { facilitator: options.facilitator, servers }
        const exec = await startExec(options.exec!, env, urls, {
          log: options.log,
          hangMs: options.hangMs,
          held: () => proxy.pending() > 0,
        })
        closers.push(() => exec.stop())
        died = exec.died
        facilitatorUrl = exec.facilitatorUrl
        servers.splice(0, servers.length, ...exec.serverUrls)
        if (failingUrl !== undefined) failingUrl = exec.fill(failingUrl)
        if (!facilitatorUrl) signer = chain.facilitator.address
        else signer = undefined
      }
    }

    if (hostilePort !== undefined && servers.length > 0) {
      hostile = (await startHostile(chain, closers, { port: hostilePort })).proxy
      signer = chain.facilitator.address
    }

    let facilitatorVersions = new Set<Version>()
    if (facilitatorUrl) {
      const http = options.facilitatorHttp ?? defaultFacilitatorHttp
      const probed = await probeFacilitator(facilitatorUrl, chain.network, chain.networkV1, http)
      const where = `the facilitator at ${facilitatorUrl}`
      if (!probed) throw new EnvironmentError({ shortMessage: `${where} is unreachable (GET ${http.paths.supported} failed)` })
      if (probed.status === 401 || probed.status === 403) {
        const shortMessage = `${where} answers ${probed.status} to GET ${http.paths.supported}: give its credentials with --header`
        throw new EnvironmentError({ shortMessage })
      }
      facilitatorVersions = probed.versions
      signer ??= probed.signer
    }
    const offers = new Map<Version, ServerOffer>()
    for (const url of servers) {
      const probed = await probeServer(url, chain.network, chain.networkV1)
      if (!probed) throw new EnvironmentError({ shortMessage: `the resource server at ${url} is unreachable` })
      for (const [v, offer] of probed) if (!offers.has(v)) offers.set(v, offer)
    }

    const target: TargetInfo = {
      kind,
      facilitatorUrl,
      serverUrls: servers,
      loopback: [facilitatorUrl, ...servers].every((u) => u === undefined || isLoopback(u)),
      signer: signer as Address | undefined,
      hostile: hostile !== undefined && servers.length > 0,
      failingUrl,
    }
    let funding = Promise.resolve()
    let harnessTx: Promise<unknown> = Promise.resolve()
    const session: Session = {
      ...sessionBasics(options, chain),
      target,
      facilitatorVersions,
      offers,
      serialized(send) {
        const next = harnessTx.then(send)
        harnessTx = next.catch(() => undefined)
        return next
      },
      fund(to, amount, token) {
        const next = funding.then(() => (token === undefined ? chain.mint(to, amount) : chain.mint(to, amount, token)))
        funding = next.catch(() => undefined)
        return next
      },
      ...(hostile
        ? {
            setHostile: (payer: Address, mode: import('../context/types.js').HostileMode) => hostile.set(payer, mode),
            facilitatorCalls: (payer: Address) => hostile.calls(payer),
          }
        : {}),
      ...(rpc && facilitatorUrl ? { setRpcDown: (down: boolean) => rpc.setDown(down) } : {}),
      facilitatorHttp: options.facilitatorHttp,
      salt,
      reproduce: [
        options.rpc ? `--rpc ${options.rpc} ` : '',
        ...(options.extraFlags ?? []).map((f) => `${f} `),
        options.facilitator && !options.exec ? `--facilitator ${options.facilitator} ` : '',
        ...(options.exec ? [`--exec ${JSON.stringify(options.exec)} `] : (options.servers ?? []).map((s) => `--server ${s} `)),
        hostilePort !== undefined ? `--hostile-facilitator-port ${hostilePort} ` : '',
      ].join(''),
    }
    return { session, chain, died, close }
  } catch (error) {
    await close()
    throw error
  }
}

/** How many more chains the exclusive cases of an embedded run get (docs/decisions.md, issue 17). */
export const exclusiveLanes = 2

/** An opened target and the sessions its exclusive cases run on (`runCases`' `exclusiveSessions`). */
export type OpenSessionWithLanes = OpenSession & { readonly lanes: readonly Session[] }

/**
 * {@link openSession}; with `lanes`, when the target is the embedded reference on a chain the harness starts,
 * {@link exclusiveLanes} more sessions of the same target, each its own chain and reference stack. Every
 * session opens or none does (the started ones are closed and the first error thrown); `close` closes all.
 */
export async function openSessionWithLanes(options: TargetOptions, lanes: boolean): Promise<OpenSessionWithLanes> {
  const embedded = !options.facilitator && (options.servers ?? []).length === 0 && !options.exec && !options.rpc
  const count = lanes && embedded ? 1 + exclusiveLanes : 1
  const settled = await Promise.allSettled(Array.from({ length: count }, () => openSession(options)))
  const opened = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))
  const close = async () => {
    await Promise.all(opened.map((o) => o.close()))
  }
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected')
  if (failed !== undefined) {
    await close()
    throw failed.reason
  }
  return { ...opened[0]!, lanes: opened.slice(1).map((o) => o.session), close }
}

/**
 * A reference facilitator on the harness chain (through `rpcUrl` when given, as `variant` when given) behind the
 * hostile proxy, the one place both start. The proxy listens on `port` of 127.0.0.1 when given (where the server
 * under test was told its facilitator is); a taken port is an environment failure.
 */
async function startHostile(
  chain: Chain,
  closers: (() => Promise<void>)[],
  o: { rpcUrl?: string; variant?: EmbeddedVariant | undefined; port?: number },
): Promise<{ facilitator: { url: string }; proxy: import('./hostileFacilitator.js').HostileFacilitator }> {
  const facilitator = await startEmbeddedFacilitator(
    o.rpcUrl === undefined ? chain : { ...chain, rpcUrl: o.rpcUrl },
    o.variant ?? {},
  )
  closers.push(() => facilitator.close())
  try {
    const proxy = await startHostileFacilitator(facilitator.url, chain.network, o.port)
    closers.push(() => proxy.close())
    return { facilitator, proxy }
  } catch (error) {
    if (o.port === undefined) throw error
    const shortMessage = `cannot listen on 127.0.0.1:${o.port} for --hostile-facilitator-port`
    throw new EnvironmentError({ shortMessage, details: (error as Error).message, cause: error })
  }
}
