import { generate } from 'otplib'

/**
 * The TOTP code of a secret, `stepsAhead` 30-second steps from now. The server accepts one step of drift and never
 * the same step twice, so a login right after enrolment uses the next step's code instead of waiting for it.
 */
export async function totpCode(secret: string, stepsAhead = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + stepsAhead * 30 })
}
