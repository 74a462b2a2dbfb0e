import { generate } from 'otplib'

const STEP_SECONDS = 30

/** The TOTP code of a secret for a 30-second time step (default: the current one). */
export async function totpCode(
  secret: string,
  step = Math.floor(Date.now() / 1000 / STEP_SECONDS),
): Promise<string> {
  return generate({ secret, epoch: step * STEP_SECONDS })
}

/** What the tests remember of a user's second factor. */
export type TotpHolder = { totpSecret?: string; totpLastStep?: number }

/**
 * The next code the server will accept for this user: it allows one step of drift either way but never a step at or
 * before the last one it accepted, so two logins within one step need the next step's code, and a third waits.
 */
export async function nextTotpCode(holder: TotpHolder): Promise<string> {
  if (!holder.totpSecret) throw new Error('this user has no second factor')
  for (;;) {
    const current = Math.floor(Date.now() / 1000 / STEP_SECONDS)
    const step = Math.max(current, (holder.totpLastStep ?? -1) + 1)
    if (step <= current + 1) {
      holder.totpLastStep = step
      return totpCode(holder.totpSecret, step)
    }
    const wait = (current + 1) * STEP_SECONDS * 1000 - Date.now() + 200
    await new Promise((resolve) => setTimeout(resolve, wait))
  }
}
