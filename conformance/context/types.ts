import type { Address, Hex, PublicClient } from 'viem'
import type { ReasonCategory } from '../../src/errors/reasons.js'
import type { Version } from '../case.js'
import type { LedgerOracle } from './ledger.js'
import type { Exchange } from './http.js'

/** A raw wire object (requirements, payload, request body): plain JSON, may be deliberately invalid. */
export type Wire = Record<string, unknown>

/** A key pair that signs authorizations. */
export type Signer = { readonly address: Address; readonly privateKey: Hex }

/** EIP-3009 authorization values as signed (bigints); the wire form is decimal strings. */
export type AuthorizationValues = {
  from: Address
  to: Address
  value: bigint
  validAfter: bigint
  validBefore: bigint
  nonce: Hex
}

/** The EIP-712 domain of TransferWithAuthorization. */
export type Domain = { name: string; version: string; chainId: number; verifyingContract: Address }

/** Common requirement fields, mapped to the version's wire names (`amount` → v1 `maxAmountRequired`). */
export type RequirementsOptions = {
  amount?: bigint | string
  asset?: string
  payTo?: string
  network?: string
  scheme?: string
  maxTimeoutSeconds?: number
  extra?: Record<string, unknown> | undefined
  /** Raw fields merged last; a value of `undefined` deletes the field. */
  wire?: Record<string, unknown>
}

/** Options of {@link TestContext.pay}: everything defaults to a correct payment. */
export type PayOptions = {
  /** Requirements to pay (default: `t.requirements()`). */
  requirements?: Wire
  /** The payer (default: a fresh funded payer of this case). */
  payer?: Signer
  /** Overrides of the signed authorization values (signed as given). */
  authorization?: Partial<AuthorizationValues>
  /** Overrides of the EIP-712 domain used to sign. */
  domain?: Partial<Domain>
  /** Sign with another key than the payer's (the authorization still names `from`). */
  signWith?: Signer
  /** The signature to put on the wire instead of a real one. */
  signature?: Hex | string
  /** Raw fields merged into the payload last (`undefined` deletes). v2: also `accepted` etc. */
  wire?: Record<string, unknown>
}

/** A payment built by the harness: the wire objects plus what it was built from. */
export type Paid = {
  readonly version: Version
  requirements: Wire
  payload: Wire
  readonly authorization: AuthorizationValues
  readonly domain: Domain
  readonly signature: Hex | string
  readonly payer: Signer
  readonly amount: bigint
}

/** A facilitator's answer to /verify or /settle, with the fields read leniently. */
export type Outcome = Exchange & {
  readonly kind: 'verify' | 'settle'
  /** `isValid` (verify) or `success` (settle) when the body carries a boolean there. */
  readonly ok: boolean | undefined
  readonly reason: string | undefined
  readonly payer: string | undefined
  readonly transaction: string | undefined
}

/** Options of the facilitator calls. */
export type FacilitatorCallOptions = {
  /** Requirements to send instead of `paid.requirements`. */
  requirements?: Wire
  /** The top-level `x402Version` (default: the payment's version). */
  x402Version?: unknown
  /** Send exactly this body (object is JSON-encoded; a string is sent as is). */
  body?: unknown
}

/** What the target offers, read from `/supported` or the 402 challenge. */
export type TargetInfo = {
  readonly kind: 'embedded' | 'facilitator' | 'server' | 'exec' | 'client'
  readonly facilitatorUrl: string | undefined
  readonly serverUrls: readonly string[]
  /** True when every target URL is on loopback (transcripts keep signatures). */
  readonly loopback: boolean
  /** The facilitator signer, when known (embedded, exec, or `/supported` signers). */
  readonly signer: Address | undefined
  /** Present when the server under test settles through the harness's facilitator proxy. */
  readonly hostile: boolean
  /** A paid route of the server whose handler fails (embedded only). */
  readonly failingUrl: string | undefined
}

/** Harness chain facts a case may read. */
export type ChainInfo = {
  readonly rpcUrl: string
  readonly chainId: number
  readonly network: `eip155:${number}`
  readonly networkV1: string | null
  readonly asset: { address: Address; name: string; version: string; decimals: number }
  readonly contracts: Readonly<Record<string, Address>>
  readonly client: PublicClient
}

/**
 * How the harness's facilitator proxy answers for one payer: `pass` forwards; `down` drops the
 * connection; `slow` holds the request until the caller gives up (bounded); `garbage` answers 200 with
 * non-JSON; `error-500` answers 500; `success-without-transaction` answers a settle with success but no
 * transaction (nothing is broadcast); `lie-valid` answers a verify with isValid true without asking;
 * `refuse` answers a settle with a well-formed failure (nothing is broadcast); `redirect` answers 307 to
 * a host that vouches for anything (valid, settled with a made-up hash); `huge` answers a well-formed
 * refusal padded with 16 MiB of JSON whitespace (nothing is forwarded).
 */
export type HostileBehaviour =
  | 'pass'
  | 'down'
  | 'slow'
  | 'garbage'
  | 'error-500'
  | 'success-without-transaction'
  | 'lie-valid'
  | 'refuse'
  | 'valid-as-string'
  | 'success-as-number'
  | 'settled-as-string'
  | 'redirect'
  | 'huge'
/**
 * The proxy's behaviour per endpoint (`valid-as-string`: verify answers `"isValid": "true"` without asking;
 * `success-as-number`: settle answers `"success": 1` with a made-up hash, nothing broadcast;
 * `settled-as-string`: settle is forwarded, then its `"success": true` is sent as `"true"`). `beforeSettle`
 * runs before a settle is handled (the payer's move between verify and settle).
 */
export type HostileMode = { verify?: HostileBehaviour; settle?: HostileBehaviour; beforeSettle?: () => Promise<void> }

/** The context handed to a case's `run`. */
export type TestContext = {
  readonly caseId: string
  readonly version: Version
  readonly target: TargetInfo
  readonly chain: ChainInfo
  /** Unix seconds (wall clock, like the target's). */
  now(): number

  /** A fresh payer for this case, funded with `fund` atomic units of the asset (default 1 USDC). */
  payer(fund?: bigint): Promise<Signer>
  /** This case's recipient: a fresh address (facilitator role) or the server's payTo (server role). */
  readonly payTo: Address
  /** Raw requirements of this version (facilitator role: built; server role: from the 402 challenge). */
  requirements(options?: RequirementsOptions): Wire
  /** Signs any authorization with any domain (also deliberately wrong ones). */
  sign(authorization: AuthorizationValues, options?: { domain?: Partial<Domain>; signer?: Signer }): Promise<Hex>
  /** A correct payment (or one altered as `options` says), as raw wire objects. */
  pay(options?: PayOptions): Promise<Paid>
  /** Base64 of the JSON of `value` (standard alphabet, padded), as headers carry it. */
  encode(value: unknown): string

  /** Facilitator role: POST /verify. */
  verify(paid: Paid, options?: FacilitatorCallOptions): Promise<Outcome>
  /** Facilitator role: POST /settle. */
  settle(paid: Paid, options?: FacilitatorCallOptions): Promise<Outcome>
  /** Facilitator role: GET /supported. */
  supported(): Promise<Exchange>
  /** Any HTTP request, recorded in the transcript. `url` may be a path on the facilitator. */
  request(url: string, init?: { method?: string; headers?: Record<string, string>; body?: unknown }): Promise<Exchange>

  /** Server role: the paid URL of this version (first server offering it). */
  readonly resourceUrl: string
  /** Server role: requests the paid resource with `paid` in the version's payment header. */
  fetchPaid(
    paid: Paid | undefined,
    options?: { url?: string; method?: string; header?: string; headerName?: string },
  ): Promise<Exchange>
  /** Server role: sets the harness facilitator proxy's behaviour for this case's payers (skips if the server does not use it). */
  hostile(mode: HostileMode): void
  /** Server role: how many /verify and /settle calls the server made for this case's payers (skips if unobservable). */
  facilitatorCalls(): { verify: number; settle: number }

  readonly ledger: LedgerOracle
  /**
   * Runs `requests` together with automine off, then mines until all have answered. `minPending`:
   * wait for that many transactions in the mempool before mining (or 2 s of quiet).
   */
  race<T>(requests: readonly (() => Promise<T>)[], options?: { minPending?: number }): Promise<PromiseSettledResult<T>[]>
  /**
   * Submits the payment's `transferWithAuthorization` from a harness account (not the facilitator)
   * with a high priority fee, as a front-runner would; resolves to the hash once it is in the mempool.
   */
  frontRun(paid: Paid): Promise<Hex>
  /**
   * A fresh smart-wallet payer (the chain's ERC-1271 wallet, made by its ERC-6492 factory), funded with
   * `fund` of the asset: `payer.address` is the wallet, `payer.privateKey` its owner's key (so `t.pay({ payer })`
   * signs as the owner). `deployed: false` leaves it counterfactual; wrap signatures with `wrap6492`.
   */
  smartWallet(options: { deployed: boolean; fund?: bigint }): Promise<{ payer: Signer; wrap6492(signature: Hex): Hex }>
  /** Runs `run` while the facilitator under test cannot reach its chain (exclusive cases; skips when not controllable). */
  rpcOutage<T>(run: () => Promise<T>): Promise<T>
  /**
   * Has the payer cancel the payment's nonce on the token (EIP-3009 cancelAuthorization, sent by a harness
   * account); waits for it.
   */
  cancelAuthorization(paid: Paid): Promise<void>
  /** Funds an address with a token other than the asset (the chain's variant tokens). */
  fundToken(token: Address, to: Address, amount: bigint): Promise<void>
  /** Property-based check with the run's seed and run count; shrinks and reports a reproduction. */
  property<T>(
    arbitrary: import('fast-check').Arbitrary<T>,
    predicate: (value: T) => Promise<void>,
    options?: { runs?: number },
  ): Promise<void>

  expectValid(outcome: Outcome): void
  /**
   * The verify refused the payment (fails on a success, a 5xx or no answer). A reason outside `category`, no
   * reason or a bare 4xx is a hygiene warning of the case, never its failure: the ledger check that follows runs.
   */
  expectInvalid(outcome: Outcome, category: ReasonCategory | readonly ReasonCategory[]): void
  expectSettled(outcome: Outcome): void
  /** The settle refused the payment; the reason is judged as in {@link TestContext.expectInvalid}. */
  expectNotSettled(outcome: Outcome, category?: ReasonCategory | readonly ReasonCategory[]): void
  /** Fails with evidence. */
  fail(message: string, evidence?: Record<string, unknown>): never
  /** Checks `condition`, else fails with `message`. */
  check(condition: unknown, message: string, evidence?: Record<string, unknown>): void
  /** Notes a fact in the report (exact reason spellings, optional behaviours). */
  info(message: string): void
  /** Marks the case not applicable to this target. */
  skip(reason: string): never
}
