// argon2id with OWASP's minimum parameters (19 MiB, 2 passes): slow for a guesser, ~30 ms for a login.
import { hash, verify } from '@node-rs/argon2'

// `algorithm: 2` is Algorithm.Argon2id (a const enum, which isolated modules cannot import).
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS)
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}

/** Verified against when the username does not exist, so the response time does not reveal which usernames exist. */
let dummyHash: Promise<string> | undefined
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hash('not-a-real-password-0!', OPTIONS)
  return dummyHash
}
