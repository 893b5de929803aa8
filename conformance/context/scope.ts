import type { Address, Hex } from 'viem'
import type { Case, Version } from '../case.js'
import { derive, deriveSigner } from './builders.js'
import { freeControl } from './control.js'
import type { CaseControl } from './control.js'
import { harnessStep } from './errors.js'
import type { Exchange } from './http.js'
import type { CaseRecord, Session } from './session.js'
import type { HostileMode, Signer } from './types.js'

/** How many exchanges a case's transcript keeps (the first, then the latest). */
export const transcriptLimit = 60

/** The state the sections of one case's context share: who pays, which keys it holds, what it recorded. */
export type CaseScope = {
  readonly session: Session
  readonly kase: Case
  readonly version: Version
  /** True when no other case runs at the same time. */
  readonly exclusive: boolean
  /** Aborts when the case timed out: every request and chain read of the case stops at its next step. */
  readonly signal: AbortSignal
  /** Waits until this case may move money (held until the case ends); see {@link CaseControl}. */
  moneyTurn(): Promise<void>
  /** `<case id>@v<version>`: every key and nonce of the case is derived under it. */
  readonly label: string
  /** A fresh deterministic 32-byte value (nonce, salt): a new one at each call, the same in every run of a seed. */
  fresh(purpose: string): Hex
  /** A fresh deterministic key pair, like {@link CaseScope.fresh}. */
  freshSigner(purpose: string): Signer
  /** The key the case holds for an address (payers and smart-wallet owners), if any. */
  keyOf(address: string): Signer | undefined
  /** Makes `signer` a payer of this case (its key known, the hostile mode applied) and funds it with the asset. */
  adopt(signer: Signer, fund: bigint): Promise<Signer>
  /** Addresses of this case's payers, in order. */
  readonly payers: readonly Address[]
  /** Sets the harness facilitator proxy's mode for every payer of the case, present and future. */
  setHostileMode(mode: HostileMode): void
  /** Notes a fact for the report (once). */
  info(message: string): void
  /** Records a hygiene finding (once): the verdict stands, the runner reports it at SHOULD level. */
  warn(message: string): void
  /** Records an exchange in the transcript and returns it. */
  keep(exchange: Exchange): Exchange
}

/** Creates the scope of one case at one version; `record` receives its transcript, ledger and notes. */
export function createScope(
  session: Session,
  kase: Case,
  version: Version,
  record: CaseRecord,
  exclusive: boolean,
  control: CaseControl = freeControl,
): CaseScope {
  const label = `${kase.id}@v${version}`
  let counter = 0
  const payers: Address[] = []
  const keys = new Map<string, Signer>()
  let hostileMode: HostileMode | undefined
  return {
    session,
    kase,
    version,
    exclusive,
    signal: control.signal,
    moneyTurn: () => control.moneyTurn(),
    label,
    payers,
    fresh: (purpose) => derive(session.seed, `${session.salt ?? ''}${label}:${purpose}:${counter++}`),
    freshSigner: (purpose) => deriveSigner(session.seed, `${session.salt ?? ''}${label}:${purpose}:${counter++}`),
    keyOf: (address) => keys.get(address.toLowerCase()),
    async adopt(signer, fund) {
      payers.push(signer.address)
      keys.set(signer.address.toLowerCase(), signer)
      if (hostileMode) session.setHostile?.(signer.address, hostileMode)
      control.signal.throwIfAborted()
      if (fund > 0n) await harnessStep(`fund the payer ${signer.address}`, () => session.fund(signer.address, fund))
      return signer
    },
    setHostileMode(mode) {
      hostileMode = mode
      for (const p of payers) session.setHostile?.(p, mode)
    },
    info(message) {
      if (!record.info.includes(message)) record.info.push(message)
    },
    warn(message) {
      if (!record.warnings.includes(message)) record.warnings.push(message)
    },
    keep(exchange) {
      record.transcript.push(exchange)
      if (record.transcript.length > transcriptLimit) record.transcript.splice(1, 1)
      return exchange
    },
  }
}
