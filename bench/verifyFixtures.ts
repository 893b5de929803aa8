// Payments shared by the offline-verify benchmark and its worker: 256 distinct v2 payments signed by ten
// accounts, with what a bare libsecp256k1 loop needs (domain, authorization, signature bytes, signer bytes).
import type { Hex } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import { fromRequirementsV2 } from '../src/codecs/normalize.js'
import { createPayment } from '../src/evm/createPayment.js'
import { getTransferTypedData } from '../src/evm/getTransferTypedData.js'
import { toTransferAuthorization } from '../src/evm/toTransferAuthorization.js'
import type { ExactEvmPayload } from '../src/types/exactEvm.js'

export const now = 1_800_000_000
const distinctPayments = 256

export async function verifyFixtures() {
  const requirements = {
    scheme: 'exact',
    network: 'eip155:84532',
    amount: '10000',
    asset: '0x036CbD53842c5426634e7929541eC2318f3dCF7e',
    payTo: '0x209693Bc6afc0C5328bA36FaF03C514EF312287C',
    maxTimeoutSeconds: 60,
    extra: { name: 'USDC', version: '2' },
  }
  const mnemonic = 'test test test test test test test test test test test junk'
  const accounts = Array.from({ length: 10 }, (_, i) => mnemonicToAccount(mnemonic, { addressIndex: i }))
  const payments = []
  for (let i = 0; i < distinctPayments; i++) {
    const nonce = `0x${i.toString(16).padStart(64, '0')}` as Hex
    const paymentPayload = await createPayment({
      account: accounts[i % accounts.length]!,
      requirements: fromRequirementsV2(requirements),
      now: () => now,
      nonce: () => nonce,
    })
    const exact = paymentPayload.payload as ExactEvmPayload
    const authorization = toTransferAuthorization(exact.authorization)
    const asset = requirements.asset as Hex
    const typedData = getTransferTypedData({ chainId: 84532, asset, name: 'USDC', version: '2', authorization })
    const signature = exact.signature as Hex
    payments.push({
      paymentPayload,
      typedData: { ...typedData, signature },
      domain: typedData.domain,
      authorization,
      signatureBytes: Buffer.from(signature.slice(2, 130), 'hex'),
      recoveryId: Number.parseInt(signature.slice(130), 16) - 27,
      signerBytes: Buffer.from(authorization.from.slice(2), 'hex'),
    })
  }
  return { requirements, payments }
}

export type VerifyFixtures = Awaited<ReturnType<typeof verifyFixtures>>
