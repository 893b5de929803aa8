export * from './primitives.js'
export * from './exactEvm.js'
export * from './v1.js'
export * from './v2.js'
