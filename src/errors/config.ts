import { X402Error } from './X402Error.js'

// Errors of configuring the reference roles: thrown at start-up, never for a request.

/** A reference role was asked to listen on an address that is not loopback. */
export class LoopbackOnlyError extends X402Error {
  override name = 'LoopbackOnlyError' as const
  constructor({ who, host }: { who: string; host: string }) {
    super({ shortMessage: `${who} binds to loopback only`, details: host })
  }
}

/** A paid route of the resource server is not usable (path, price, payTo, networks). */
export class RouteConfigError extends X402Error {
  override name = 'RouteConfigError' as const
  constructor({ path, problem }: { path: string; problem: string }) {
    super({ shortMessage: `invalid paid route ${path}`, details: problem })
  }
}

/** The paywall's options contradict each other or name an unknown version. */
export class PaywallConfigError extends X402Error {
  override name = 'PaywallConfigError' as const
  constructor({ problem, details }: { problem: string; details?: string | undefined }) {
    super({ shortMessage: problem, details })
  }
}
