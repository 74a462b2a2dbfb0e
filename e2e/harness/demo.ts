// The demo region loaded into a test server's data the way a user would (`wangan demo load`), and its users.
import { spawnSync } from 'node:child_process'
import type { Role, ServerData, TestUser } from './server'
import { repoRoot, wanganBin } from './paths'

/** A demo account as `wangan demo load` prints it. */
export type DemoUser = { role: string; username: string; password: string }

/** Loads the demo region into the server's data (before the server starts) and answers the demo accounts. */
export function loadDemo(data: ServerData): DemoUser[] {
  const env: NodeJS.ProcessEnv = { ...process.env, WANGAN_DATA_DIR: data.dataDir, LOG_LEVEL: 'warn' }
  delete env.DATABASE_URL
  if (data.databaseUrl) env.DATABASE_URL = data.databaseUrl
  const result = spawnSync(process.execPath, [wanganBin, 'demo', 'load'], {
    cwd: repoRoot,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  })
  if (result.status !== 0) throw new Error(`wangan demo load failed: ${result.stderr}`)
  return (JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as { users: DemoUser[] }).users
}

/** The demo account of a role, as a test user (demo passwords need no change at first login). */
export function demoUser(users: readonly DemoUser[], role: Role): TestUser {
  const user = users.find((u) => u.role === role)
  if (!user) throw new Error(`the demo has no ${role} account`)
  return { id: '', username: user.username, password: user.password, role, mustChangePassword: false }
}
