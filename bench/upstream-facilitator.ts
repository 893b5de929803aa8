// The upstream facilitator baseline of `npm run bench -- facilitator`: @x402/core's x402Facilitator with
// @x402/evm's exact scheme behind a minimal node:http wrapper, on the same chain as ours.
export { startUpstreamFacilitator } from '../test/interop/upstream/facilitator.js'
export type { StartUpstreamFacilitatorOptions, UpstreamFacilitator } from '../test/interop/upstream/facilitator.js'
