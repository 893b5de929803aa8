import { CaseDefinitionError } from './errors.js'
import type { TestContext } from './context/types.js'

/** How much a case's failure weighs: MUST fails the run, SHOULD only with `--strict`, INFO never. */
export type Level = 'MUST' | 'SHOULD' | 'INFO'
/**
 * What a failure of the case means (DESIGN §10). `funds`, `access`, `availability` and `interop` earn
 * MUST; `hygiene` (stricter than needed, no consequence shown) is SHOULD or INFO.
 */
export type Harm = 'funds' | 'access' | 'availability' | 'interop' | 'hygiene'
export const harms: readonly Harm[] = ['funds', 'access', 'availability', 'interop', 'hygiene']
/** Which role of the target a case exercises. */
export type Role = 'facilitator' | 'server' | 'client'
/** Protocol versions. */
export type Version = 1 | 2

/** A conformance case as written in conformance/cases/: one behaviour, one clause. */
export type CaseDefinition = {
  /** Stable, descriptive, dot-separated: `facilitator.verify.amount-overpay`. Never positional. */
  readonly id: string
  /** The clause id in spec/ this case checks. */
  readonly clause: string
  readonly level: Level
  /** What the failure costs someone; MUST only for funds, access, availability and interop. */
  readonly harm?: Harm
  readonly role: Role
  /** The protocol versions the case applies to; the runner runs it once per version the target offers. */
  readonly versions: readonly Version[]
  /** What happens, stated as a fact: "an overpaying authorization is rejected". */
  readonly title: string
  readonly tags?: readonly string[]
  /** A control case: runs first; if it fails the run is invalid (exit 4). */
  readonly control?: boolean
  /** Runs alone (no other case at the same time): races, automine off, hostile facilitator modes. */
  readonly exclusive?: boolean
  /** Per-case timeout in milliseconds (default: the runner's). */
  readonly timeoutMs?: number
  run(t: TestContext): Promise<void>
}

/** A registered case (frozen). */
export type Case = Readonly<CaseDefinition>

const idPattern = /^(facilitator|server|client)\.[a-z0-9-]+(\.[a-z0-9-]+)+$/

/**
 * Declares a conformance case; checks the id, versions and title are well formed.
 *
 * @example
 * export const cases = [defineCase({ id: 'facilitator.verify.valid', clause: 'facilitator.verify.valid',
 *   level: 'MUST', role: 'facilitator', versions: [1, 2], title: 'a correct payment verifies',
 *   run: async (t) => t.expectValid(await t.verify(await t.pay())) })]
 */
export function defineCase(definition: CaseDefinition): Case {
  const problems: string[] = []
  if (!idPattern.test(definition.id)) problems.push(`id '${definition.id}' must look like '<role>.<area>.<name>' (a-z, 0-9, -)`)
  else if (!definition.id.startsWith(`${definition.role}.`))
    problems.push(`id '${definition.id}' must start with its role '${definition.role}.'`)
  if (definition.versions.length === 0) problems.push('versions must not be empty')
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(definition.clause)) problems.push(`clause '${definition.clause}' is not a clause id`)
  if (definition.harm === 'hygiene' && definition.level === 'MUST')
    problems.push(`a MUST case must name a harm other than hygiene (DESIGN §10)`)
  if (/\bshould\b/i.test(definition.title)) problems.push(`title '${definition.title}' must state what happens, not "should"`)
  if (problems.length > 0)
    throw new CaseDefinitionError({ shortMessage: `invalid conformance case ${definition.id}`, metaMessages: problems })
  return Object.freeze({ ...definition, versions: Object.freeze([...definition.versions]) })
}

/** The area of a case id, for summaries: `facilitator.verify.amount-overpay` → `facilitator.verify`. */
export function areaOf(id: string): string {
  return id.split('.').slice(0, 2).join('.')
}
