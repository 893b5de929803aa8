import { X402Error } from './X402Error.js'

// Errors of the installed package itself: its files are missing or asked for by a wrong name.

/** The package's own files (schemas/, package.json) cannot be found. */
export class PackageFilesError extends X402Error {
  override name = 'PackageFilesError' as const
  constructor({ problem, details }: { problem: string; details?: string | undefined }) {
    super({ shortMessage: problem, details })
  }
}

/** A JSON Schema id that is not one of this package's schemas. */
export class UnknownSchemaError extends X402Error {
  override name = 'UnknownSchemaError' as const
  constructor({ schemaId }: { schemaId: string }) {
    super({ shortMessage: `unknown schema id: ${schemaId}` })
  }
}
