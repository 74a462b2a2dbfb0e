// The API from the test process, through the same generated SDK the web app uses: handy to prepare data quickly
// (regions, organisations, settings) before a journey drives the UI.
import { createWanganClient, unwrap, type WanganClient } from '@wangan/sdk'
import type { StartedServer, TestUser } from './server'
import { nextTotpCode } from './totp'

/** An SDK client logged in as `user` (answering the second-factor step when the user has one). */
export async function apiAs(server: StartedServer, user: TestUser): Promise<WanganClient> {
  const client = createWanganClient({ baseUrl: server.url, cookieJar: true })
  const session = unwrap(
    await client.POST('/api/v1/auth/login', { body: { username: user.username, password: user.password } }),
  )
  if (session.stage === 'totp_pending')
    unwrap(await client.POST('/api/v1/auth/totp/verify', { body: { code: await nextTotpCode(user) } }))
  return client
}
