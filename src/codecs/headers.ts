/** HTTP header names of x402 (case-insensitive on the wire; these are the canonical spellings). */
export const headers = {
  v1: {
    /** Client → server: base64 JSON of a v1 PaymentPayload. */
    payment: 'X-PAYMENT',
    /** Server → client: base64 JSON of a v1 settlement response. */
    paymentResponse: 'X-PAYMENT-RESPONSE',
  },
  v2: {
    /** Server → client, with 402: base64 JSON of a v2 PaymentRequired. */
    paymentRequired: 'PAYMENT-REQUIRED',
    /** Client → server: base64 JSON of a v2 PaymentPayload. */
    paymentSignature: 'PAYMENT-SIGNATURE',
    /** Server → client: base64 JSON of a v2 settlement response. */
    paymentResponse: 'PAYMENT-RESPONSE',
  },
} as const

/**
 * Largest header value (in bytes of its base64 text) a decoder accepts: 16 KiB
 * (clause `http.header.size-limit`).
 */
export const maxHeaderBytes = 16 * 1024

/** Largest v1 402 body (in UTF-8 bytes) the body decoder accepts: 64 KiB. */
export const maxBodyBytes = 64 * 1024
