import type { Address, PublicClient, TestClient } from 'viem'
import type { Chain } from '../../src/chain/index.js'
import type { Version } from '../case.js'
import type { FacilitatorHttp } from './facilitatorHttp.js'
import type { Exchange } from './http.js'
import type { LedgerDelta } from './ledger.js'
import type { ChainInfo, HostileMode, Signer, TargetInfo, Wire } from './types.js'

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
  /** A hosted facilitator's extra headers and endpoint paths (default: none, `verify`, `settle`, `supported`). */
  readonly facilitatorHttp?: FacilitatorHttp | undefined
  /**
   * Mixed into every derived key and nonce when the chain outlives the run (`--rpc`): its tokens remember
   * the nonces of an earlier run with the same seed. Empty on a fresh chain, where the seed alone reproduces.
   */
  readonly salt?: string | undefined
  /** The reproduction command prefix (target flags). */
  readonly reproduce: string
}

/**
 * What a case's run produced besides its verdict. `warnings`: hygiene findings of a case whose verdict
 * stands (a refusal with a reason of another category): the runner reports them at SHOULD level.
 */
export type CaseRecord = { transcript: Exchange[]; ledger: LedgerDelta[]; info: string[]; warnings: string[] }

/** The chain facts a session gives its cases, read from the harness chain. */
export function chainInfo(chain: Chain): ChainInfo {
  return {
    rpcUrl: chain.rpcUrl,
    chainId: chain.chainId,
    network: chain.network,
    networkV1: chain.networkV1,
    asset: chain.asset,
    contracts: chain.contracts,
    client: chain.publicClient as PublicClient,
  }
}

/** The target of a run with no URL to call (all on loopback, no hostile proxy, no failing route). */
export function localTarget(kind: TargetInfo['kind'], signer: Address | undefined): TargetInfo {
  return { kind, facilitatorUrl: undefined, serverUrls: [], loopback: true, signer, hostile: false, failingUrl: undefined }
}

/** `Session.fund` on a chain the harness started: mints the asset, or another token. */
export function mintOn(chain: Chain): Session['fund'] {
  return (to, amount, token) => (token === undefined ? chain.mint(to, amount) : chain.mint(to, amount, token))
}

/** The members of a session that come from the run's options and the harness chain alone. */
export function sessionBasics(
  options: { seed: number; runs: number; strict: boolean },
  chain: Chain,
): Pick<Session, 'seed' | 'runs' | 'strict' | 'chain' | 'testClient' | 'frontRunner'> {
  return {
    seed: options.seed,
    runs: options.runs,
    strict: options.strict,
    chain: chainInfo(chain),
    testClient: chain.testClient,
    frontRunner: chain.payers[chain.payers.length - 1]!,
  }
}
