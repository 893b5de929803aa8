import type { Case, Harm, Level } from '../case.js'
import { defineCase } from '../case.js'
import { paidReference } from '../cases/server/paid-content.js'
import type { ChainInfo, TestContext } from '../context/types.js'
import { runCampaign } from './campaign.js'
import type { CampaignResult } from './campaign.js'
import { facilitatorDriver } from './facilitator.js'
import { rssOf, targetPid } from './memory.js'
import type { OracleId } from './oracles.js'
import { serverDriver } from './server.js'

/** `--fuzz N`: inputs per role, half for each protocol version; 0 = fuzzing off (the cases skip). */
export type FuzzSettings = {
  inputs: number
  seed: number
  /** A status line every few seconds (omit under --quiet). */
  progress?: ((line: string) => void) | undefined
  /** The time limit of one answer (default 10 s). */
  answerMs?: number | undefined
}

type Memory = { pid: number; shared: boolean; before: number; after: number | undefined }
type Campaign = CampaignResult & { memory: Memory | undefined; oracles: readonly OracleId[] }

const fuzzRoles = ['facilitator', 'server'] as const
type FuzzRole = (typeof fuzzRoles)[number]

const oracleCases: readonly {
  oracle: OracleId | 'memory'
  clause: string
  level: Level
  harm: Harm
  title: string
  roles: readonly FuzzRole[]
}[] = [
  {
    oracle: 'no-crash',
    clause: 'fuzz.answers',
    level: 'MUST',
    harm: 'availability',
    roles: fuzzRoles,
    title: 'every generated input is answered and the target keeps answering',
  },
  {
    oracle: 'time',
    clause: 'fuzz.time',
    level: 'MUST',
    harm: 'availability',
    roles: fuzzRoles,
    title: 'every generated input is answered within the time limit',
  },
  {
    oracle: 'no-5xx',
    clause: 'fuzz.no-5xx',
    level: 'MUST',
    harm: 'availability',
    roles: fuzzRoles,
    title: 'no generated input is answered 5xx',
  },
  {
    oracle: 'invalid-not-accepted',
    clause: 'fuzz.invalid-not-accepted',
    level: 'MUST',
    harm: 'funds',
    roles: ['facilitator'],
    title: 'no generated payment the harness core finds invalid is verified or settled',
  },
  {
    oracle: 'paid-content',
    clause: 'fuzz.paid-content',
    level: 'MUST',
    harm: 'access',
    roles: ['server'],
    title: 'no generated request gets the paid content without the price settled once',
  },
  {
    oracle: 'chain',
    clause: 'fuzz.chain',
    level: 'MUST',
    harm: 'funds',
    roles: fuzzRoles,
    title: 'funds move only as the settlement of a valid generated payment, exactly once',
  },
  {
    oracle: 'memory',
    clause: 'fuzz.memory',
    level: 'SHOULD',
    harm: 'hygiene',
    roles: fuzzRoles,
    title: "the target's resident memory stays bounded over the generated inputs",
  },
]

/** The inputs of one version's campaign: half of `--fuzz N` (rounded up). */
export const perVersion = (settings: FuzzSettings) => Math.ceil(settings.inputs / 2)

const campaigns = new WeakMap<ChainInfo, Map<string, Promise<Campaign>>>()

const mib = (bytes: number | undefined) => (bytes === undefined ? '?' : `${(bytes / 2 ** 20).toFixed(0)} MiB`)

/** One campaign per chain, role, version and settings: the first fuzz case runs it, the others read it. */
function campaignFor(t: TestContext, role: FuzzRole, settings: FuzzSettings, budgetMs: number): Promise<Campaign> {
  const byKey = campaigns.get(t.chain) ?? new Map<string, Promise<Campaign>>()
  campaigns.set(t.chain, byKey)
  const key = `${role}@${t.version}:${settings.inputs}:${settings.seed}`
  let campaign = byKey.get(key)
  if (campaign === undefined) {
    campaign = (async () => {
      const answerMs = settings.answerMs ?? 10_000
      const payers = { funded: await t.payer(10n ** 15n), empty: await t.payer(0n) }
      const url = role === 'facilitator' ? (t.target.facilitatorUrl ?? '') : t.resourceUrl
      const reference = role === 'server' && t.target.kind !== 'embedded' ? await paidReference(t) : undefined
      const pid = targetPid(url)
      const before = pid === undefined ? undefined : rssOf(pid)
      const oracles = oracleCases.filter((c) => c.oracle !== 'memory' && c.roles.includes(role)).map((c) => c.oracle as OracleId)
      const options = {
        inputs: perVersion(settings),
        seed: settings.seed,
        oracles,
        budgetMs,
        progress: settings.progress,
        label: `fuzz ${role} v${t.version}`,
      }
      const result =
        role === 'facilitator'
          ? await runCampaign(facilitatorDriver(t, payers, answerMs), options)
          : await runCampaign(serverDriver(t, payers, answerMs, reference), options)
      const memory =
        pid === undefined || before === undefined ? undefined : { pid, shared: pid === process.pid, before, after: rssOf(pid) }
      return { ...result, memory, oracles }
    })()
    byKey.set(key, campaign)
  }
  return campaign
}

function figures(c: Campaign): string {
  const s = c.stats
  const m =
    c.memory === undefined
      ? 'RSS not measurable'
      : `RSS ${mib(c.memory.before)} → ${mib(c.memory.after)}${c.memory.shared ? ' (the harness process, which the embedded target shares)' : ` (pid ${c.memory.pid})`}`
  return (
    `${s.generated} inputs, ${s.requests} requests in ${(s.durationMs / 1000).toFixed(1)} s (slowest ${s.slowestMs} ms): ` +
    `${s.answered5xx} answered 5xx, ${s.acceptedInvalid} invalid payments accepted, ${s.noAnswer} without answer, ` +
    `${s.chainMoves} inputs moved funds (${s.settlements} of them valid settlements); ${m}`
  )
}

function memoryVerdict(t: TestContext, c: Campaign): void {
  const m = c.memory
  if (m === undefined || m.after === undefined) t.skip('the target is not a process on this machine whose memory can be read')
  if (m.shared) t.skip(`the embedded target shares the harness process (RSS ${mib(m.before)} → ${mib(m.after)})`)
  const grew = m.after - m.before
  t.check(grew <= 256 * 2 ** 20 || m.after <= 2 * m.before, `resident memory grew from ${mib(m.before)} to ${mib(m.after)}`, {
    memory: m,
  })
}

/**
 * The fuzz cases of `role`, one per oracle. They share one campaign per version; without inputs
 * (`settings.inputs` 0, no `--fuzz`) they skip.
 */
export function fuzzCases(role: FuzzRole, settings: FuzzSettings = { inputs: 0, seed: 0 }): Case[] {
  const timeoutMs = 180_000 + perVersion(settings) * 250
  return oracleCases
    .filter((c) => c.roles.includes(role))
    .map((c) =>
      defineCase({
        id: `${role}.fuzz.${c.oracle}`,
        clause: c.clause,
        level: c.level,
        harm: c.harm,
        role,
        versions: [1, 2],
        title: c.title,
        tags: ['fuzz'],
        exclusive: true,
        timeoutMs,
        run: async (t) => {
          if (settings.inputs === 0) t.skip('fuzzing runs only with --fuzz N')
          const campaign = await campaignFor(t, role, settings, timeoutMs - 60_000)
          t.info(figures(campaign))
          if (campaign.interrupted) t.info('the time ran out before every input was sent')
          if (c.oracle === 'memory') return memoryVerdict(t, campaign)
          const f = campaign.findings.get(c.oracle)
          if (f === undefined) return
          const grep = `'^${role}\\.fuzz\\.'`
          const reproduction = `npx x402-conformance <target flags> --fuzz ${settings.inputs} --seed ${settings.seed} --grep ${grep} --version ${t.version}`
          t.fail(`${f.message} (minimal input after ${f.shrinks} shrink(s))`, { finding: f, reproduction })
        },
      }),
    )
}

/** The cases with the fuzz cases given `settings` (or dropped when fuzzing is off). */
export function withFuzz(cases: readonly Case[], settings: FuzzSettings | undefined): Case[] {
  if (settings === undefined) return cases.filter((c) => !c.tags?.includes('fuzz'))
  const configured = new Map(fuzzRoles.flatMap((r) => fuzzCases(r, settings)).map((c) => [c.id, c]))
  return cases.map((c) => configured.get(c.id) ?? c)
}
