// How an attempt failed decides what happens next:
// - `permanent`: the provider refused the message for a reason a retry cannot fix (bad number, wrong key or
//   template): the delivery fails at once, with the provider's code and message, and an admin may retry it later;
// - `retryable`: the provider did not take it (busy, throttled, down, unreachable): try again after a back-off;
// - `uncertain`: the request may have been acted on (time-out, lost answer): try again, but ask the provider first
//   whether it already has the message, where the provider can tell.
export type ProviderFailure = 'permanent' | 'retryable' | 'uncertain'

export class ProviderError extends Error {
  constructor(
    readonly failure: ProviderFailure,
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'ProviderError'
  }

  static permanent(code: string, message: string) {
    return new ProviderError('permanent', code, message)
  }
  static retryable(code: string, message: string) {
    return new ProviderError('retryable', code, message)
  }
  static uncertain(code: string, message: string) {
    return new ProviderError('uncertain', code, message)
  }

  /** `code: message`, as stored in the delivery's `last_error` and shown on the notice. */
  describe(): string {
    return `${this.code}: ${this.message}`.slice(0, 1000)
  }
}

export function asProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error
  return ProviderError.uncertain('internal', error instanceof Error ? error.message : String(error))
}
