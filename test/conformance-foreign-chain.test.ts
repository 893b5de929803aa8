import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createPublicClient, createTestClient, createWalletClient, http } from 'viem'
import type { Address } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { MockUSDC } from '../contracts/artifacts/index.js'
import { run } from '../conformance/cli/commands/run.js'
import { anvilPrivateKeys, spawnAnvil } from '../src/chain/index.js'
import type { AnvilProcess } from '../src/chain/index.js'

// Any JSON-RPC chain: a plain anvil without the harness's contracts, a token the test deploys, a payer key.
const dir = mkdtempSync(join(tmpdir(), 'x402-foreign-'))
let anvil: AnvilProcess
let token: Address
const payerKey = generatePrivateKey()

beforeAll(async () => {
  anvil = await spawnAnvil({ chainId: 84532 })
  const transport = http(anvil.rpcUrl)
  const deployer = privateKeyToAccount(anvilPrivateKeys[0]!)
  const wallet = createWalletClient({ account: deployer, transport })
  const client = createPublicClient({ transport })
  const payer = privateKeyToAccount(payerKey).address
  const deploy = {
    abi: MockUSDC.abi,
    bytecode: MockUSDC.bytecode,
    args: ['USDC', '2', [payer], 10n ** 12n],
    chain: null,
  } as const
  const hash = await wallet.deployContract(deploy)
  token = (await client.waitForTransactionReceipt({ hash })).contractAddress!
  await createTestClient({ mode: 'anvil', transport }).setBalance({ address: payer, value: 10n ** 20n })
  process.env['X402_TEST_PAYER_KEY'] = payerKey
}, 60_000)
afterAll(async () => {
  await anvil?.stop()
  rmSync(dir, { recursive: true, force: true })
})

type Report = {
  exitCode: number
  cases: { id: string; control: boolean; status: string; message: string | null; ledger: { label: string; delta: string }[] }[]
}

const selection = '^facilitator\\.settle\\.(success-shape|transaction-named|receipt-before-answer|front-run-reverting)$'
async function runOnce(name: string): Promise<{ code: number; report: Report }> {
  const json = join(dir, `${name}.json`)
  const args = ['--quiet', '--rpc', anvil.rpcUrl, '--payer-key', 'env:X402_TEST_PAYER_KEY', '--asset', token]
  const code = await run([...args, '--grep', selection, '--seed', '21', '--json', json])
  return { code, report: JSON.parse(readFileSync(json, 'utf8')) as Report }
}

describe('--rpc with --payer-key (a chain the harness does not own)', () => {
  test('the ledger judges every payment; chain-control cases skip with the reason; the same seed runs twice', async () => {
    const client = createPublicClient({ transport: http(anvil.rpcUrl) })
    const blockBefore = await client.getBlockNumber({ cacheTime: 0 })
    for (const name of ['first', 'second']) {
      const { code, report } = await runOnce(name)
      expect(report.cases.filter((c) => c.status === 'fail' || c.status === 'error').map((c) => `${c.id}: ${c.message}`)).toEqual(
        [],
      )
      expect(code).toBe(0)
      const passed = report.cases.filter((c) => c.status === 'pass')
      expect(passed.filter((c) => c.control).length).toBe(6)
      expect(passed.some((c) => c.id === 'facilitator.settle.success-shape')).toBe(true)
      const settled = passed.filter((c) => c.id === 'facilitator.control.settle' || c.id === 'server.control.pay')
      expect(settled.length).toBeGreaterThan(0)
      for (const c of settled) expect(c.ledger.length, c.id).toBeGreaterThan(0)
      const held = report.cases.find((c) => c.id === 'facilitator.settle.receipt-before-answer')
      expect(held).toMatchObject({ status: 'skip', message: expect.stringMatching(/needs chain control/) })
      expect(report.cases.find((c) => c.id === 'facilitator.settle.front-run-reverting')).toMatchObject({ status: 'skip' })
    }
    // Nothing was planted: the network's default USDC address has no code on this chain.
    expect(await client.getCode({ address: '0x036CbD53842c5426634e7929541eC2318f3dCF7e' })).toBeUndefined()
    expect(await client.getBlockNumber({ cacheTime: 0 })).toBeGreaterThan(blockBefore)
  }, 300_000)

  describe('errors', () => {
    test('a payer that holds none of the asset is an environment failure (exit 3)', async () => {
      process.env['X402_TEST_EMPTY_KEY'] = generatePrivateKey()
      const code = await run([
        '--quiet',
        '--rpc',
        anvil.rpcUrl,
        '--payer-key',
        'env:X402_TEST_EMPTY_KEY',
        '--asset',
        token,
        '--grep',
        'control',
      ])
      expect(code).toBe(3)
    }, 60_000)
    test('--payer-key without --rpc is a usage error (exit 2)', async () => {
      expect(await run(['--payer-key', 'env:X402_TEST_PAYER_KEY'])).toBe(2)
    })
  })
})
