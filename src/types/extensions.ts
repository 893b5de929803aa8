/** The `payment-identifier` extension's key in a challenge's and a payment's `extensions` (spec/11-extensions.md). */
export const paymentIdentifierKey = 'payment-identifier'
