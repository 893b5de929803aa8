// express 5 ships without types and @types/express is not a dependency: this declares only what the
// interop helpers use to host the upstream middlewares (@x402/express, x402-express).
declare module 'express' {
  import type { IncomingMessage, Server, ServerResponse } from 'node:http'

  export interface Request extends IncomingMessage {
    path: string
    originalUrl: string
    protocol: string
    header(name: string): string | undefined
  }
  export interface Response extends ServerResponse {
    status(code: number): Response
    json(body: unknown): Response
    send(body: unknown): Response
  }
  export type NextFunction = (error?: unknown) => void
  export type RequestHandler = (req: Request, res: Response, next: NextFunction) => unknown

  export interface Express {
    (req: IncomingMessage, res: ServerResponse): void
    use(...handlers: RequestHandler[]): Express
    get(path: string, ...handlers: RequestHandler[]): Express
    listen(port: number, host: string, callback?: () => void): Server
  }

  export default function express(): Express
}
