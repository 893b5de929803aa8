// `node --import tsx bench/verify-worker.ts '{"rounds":7,"perRound":2000}'` with X402_SECP256K1 set:
// runs the offline-verify rounds under that backend and prints them as JSON on stdout.
import { verifyFixtures } from './verifyFixtures.js'
import { verifyRounds } from './verifyRounds.js'

const { rounds, perRound } = JSON.parse(process.argv[2] ?? '{}') as { rounds: number; perRound: number }
process.stdout.write(`${JSON.stringify(verifyRounds(await verifyFixtures(), rounds, perRound))}\n`)
