export {
  evmNetworks,
  findEvmNetwork,
  getEvmNetwork,
  chainIdOf,
  defaultAssetOf,
  findDefaultAsset,
  type EvmNetwork,
  type DefaultAsset,
} from './registry.js'
