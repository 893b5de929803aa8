import type { Harm, Role } from '../case.js'

/**
 * The level, harm, role and versions of a case that applies to both protocol versions and fails the run
 * at MUST because a failure costs `harm` (DESIGN §10).
 *
 * @example
 * defineCase({ ...must('server', 'funds'), id: 'server.challenge.client-price-ignored', clause, title, run })
 */
export const must = <H extends Exclude<Harm, 'hygiene'>, R extends Role>(role: R, harm: H) =>
  ({ level: 'MUST', harm, role, versions: [1, 2] }) as const

/** The same for a SHOULD case of both versions whose failure costs no one (hygiene). */
export const should = <R extends Role>(role: R) => ({ level: 'SHOULD', harm: 'hygiene', role, versions: [1, 2] }) as const
