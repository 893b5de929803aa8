// A deliberately awkward facilitator for the harness's own tests: the reference facilitator behind a wrapper.
// Run by --exec (PORT, X402_RPC_URL, X402_FACILITATOR_PRIVATE_KEY from the harness). Behaviour by environment:
//   FIXTURE_AUTH        every request must carry `Authorization: <this>`, else 401 (a hosted facilitator)
//   FIXTURE_PREFIX      the endpoints live under this path (`/api/payments/verify`, …) instead of `/verify`
//   FIXTURE_DIE_AFTER   after this many POSTs, the next one makes it die, as FIXTURE_DIE_MODE says:
//                       `exit` (stderr line, exit code 7, a child left behind in its process group) or
//                       `hang` (no request is ever answered again, the process stays)
//   FIXTURE_CHILD_FILE  with `exit`: the pid of the child it leaves behind is written to this file
import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { Hex } from 'viem'
import { createFacilitator } from '../../src/facilitator/createFacilitator.js'

const env = (name: string) => process.env[name] || undefined
const facilitator = await createFacilitator({
  rpcUrl: process.env['X402_RPC_URL']!,
  privateKey: process.env['X402_FACILITATOR_PRIVATE_KEY'] as Hex,
})
const auth = env('FIXTURE_AUTH')
const prefix = env('FIXTURE_PREFIX') ?? '/'
const dieAfter = env('FIXTURE_DIE_AFTER') === undefined ? Number.POSITIVE_INFINITY : Number(env('FIXTURE_DIE_AFTER'))
const mode = env('FIXTURE_DIE_MODE') ?? 'exit'
let posts = 0
let hung = false

const server = createServer((req, res) => {
  if (hung) return
  if (req.method === 'POST' && ++posts > dieAfter) {
    process.stderr.write(`fixture: giving up at POST ${posts} (${req.url})\n`)
    if (mode === 'hang') {
      hung = true
      return
    }
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
    if (env('FIXTURE_CHILD_FILE')) writeFileSync(env('FIXTURE_CHILD_FILE')!, String(child.pid))
    process.stderr.write('fixture: exiting with code 7\n')
    process.exit(7)
  }
  if (auth !== undefined && req.headers.authorization !== auth) {
    res.writeHead(401, { 'content-type': 'application/json' })
    res.end('{"error":"unauthorized"}')
    return
  }
  const path = (req.url ?? '/').replace(/\?.*$/, '')
  if (!path.startsWith(prefix)) {
    res.writeHead(404, { 'content-type': 'application/json' })
    res.end('{"error":"not found"}')
    return
  }
  req.url = `/${path.slice(prefix.length)}`
  facilitator.handler(req, res)
})
server.listen(Number(process.env['PORT']), '127.0.0.1')
