// Starts the real server (`node bin/wangan.mjs serve`) as a child process on a free port with its own data directory,
// and creates users through the CLI before it starts (PGlite is single-process: the CLI and the server cannot share a
// data directory at the same time).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createExternalDatabase, type ExternalDatabase } from './external-database'
import { repoRoot, wanganBin } from './paths'

export type Role =
  | 'admin'
  | 'regulator'
  | 'reviewer'
  | 'retester'
  | 'team_lead'
  | 'tester'
  | 'org_liaison'
  | 'org_leader'
  | 'police'
  | 'expert'
  | 'auditor'

export type TestUser = {
  id: string
  username: string
  password: string
  role: Role
  /** True when the password was generated (the user must change it at first login). */
  mustChangePassword: boolean
  /** Set once the user has enrolled a second factor, so loginAs can answer the code prompt. */
  totpSecret?: string
  /** The last TOTP time step the server accepted from this user (see nextTotpCode). */
  totpLastStep?: number
}

/**
 * Where a server keeps its data: a temporary directory (PGlite), and with E2E_DATABASE_URL set, a fresh PostgreSQL
 * database created for it on that server. Create users in it before starting the server.
 */
export type ServerData = {
  dataDir: string
  databaseUrl: string | undefined
  /** Removes the directory and drops the database (after the server has stopped). */
  dispose(): Promise<void>
}

export async function createServerData(): Promise<ServerData> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wangan-e2e-'))
  let database: ExternalDatabase | undefined
  if (process.env.E2E_DATABASE_URL) database = await createExternalDatabase(process.env.E2E_DATABASE_URL)
  return {
    dataDir,
    databaseUrl: database?.url,
    async dispose() {
      await database?.drop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

function serverEnv(data: ServerData, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WANGAN_DATA_DIR: data.dataDir,
    WANGAN_SKIP_WEB_BUILD: '1',
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
    ...extra,
  }
  delete env.DATABASE_URL
  if (data.databaseUrl) env.DATABASE_URL = data.databaseUrl
  return env
}

export type CreateUserOptions = {
  role: Role
  username?: string
  /** Omit to let the CLI generate one (the user then has to change it at first login). */
  password?: string
  displayName?: string
  region?: string
  organisation?: string
  team?: string
}

/** A fresh username that satisfies the API's pattern. */
export function uniqueUsername(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`.toLowerCase()
}

/** Creates a user with `wangan user create` (the server must not be running on this data). */
export function createUser(data: ServerData, options: CreateUserOptions): TestUser {
  const username = options.username ?? uniqueUsername(options.role.replace('_', ''))
  const args = [wanganBin, 'user', 'create', '--role', options.role, '--username', username]
  if (options.displayName) args.push('--display-name', options.displayName)
  if (options.region) args.push('--region', options.region)
  if (options.organisation) args.push('--organisation', options.organisation)
  if (options.team) args.push('--team', options.team)
  if (options.password !== undefined) args.push('--password-stdin')
  const result = spawnSync(process.execPath, args, {
    cwd: repoRoot,
    env: serverEnv(data),
    input: options.password !== undefined ? `${options.password}\n` : undefined,
    encoding: 'utf8',
    timeout: 60_000,
  })
  if (result.status !== 0)
    throw new Error(`wangan user create failed (${result.status}): ${result.stderr || result.stdout}`)
  const created = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as {
    id?: string
    password?: string
  }
  const password = options.password ?? created.password
  if (!created.id || !password) throw new Error(`unexpected output of wangan user create: ${result.stdout}`)
  return {
    id: created.id,
    username,
    password,
    role: options.role,
    mustChangePassword: options.password === undefined,
  }
}

export type StartedServer = {
  url: string
  data: ServerData
  /** The first-start administrator (password parsed from the console), when the server created one. */
  firstAdmin: TestUser | null
  /** Everything the server printed so far (for failure messages). */
  output(): string
  stop(): Promise<void>
}

export type StartServerOptions = {
  /** Data prepared with createServerData (and users created in it); a fresh one by default. */
  data?: ServerData
  env?: Record<string, string>
  /** How long to wait for the "listening on" line. */
  timeoutMs?: number
}

const LISTENING = /listening on (http:\/\/\S+)/
const FIRST_ADMIN_USERNAME = /用户名 username:\s*(\S+)/
const FIRST_ADMIN_PASSWORD = /密码\s+password:\s*(\S+)/

export async function startServer(options: StartServerOptions = {}): Promise<StartedServer> {
  const data = options.data ?? (await createServerData())
  const child = spawn(process.execPath, [wanganBin, 'serve'], {
    cwd: repoRoot,
    // Port 0 everywhere: the OS picks free ports, so journeys never collide with each other or a developer's server.
    env: serverEnv(data, {
      PORT: '0',
      HOST: '127.0.0.1',
      GATEWAY_PORT: '0',
      SOCKS_PORT: '0',
      ...options.env,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start within ${options.timeoutMs ?? 90_000} ms:\n${output}`)),
      options.timeoutMs ?? 90_000,
    )
    const onData = () => {
      const match = LISTENING.exec(output)
      if (match?.[1]) {
        clearTimeout(timer)
        resolve(match[1])
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`server exited early (code ${code}, signal ${signal}):\n${output}`))
    })
  }).catch(async (error: unknown) => {
    await stopChild(child)
    if (!options.data) await data.dispose()
    throw error
  })

  const username = FIRST_ADMIN_USERNAME.exec(output)?.[1]
  const password = FIRST_ADMIN_PASSWORD.exec(output)?.[1]
  return {
    url,
    data,
    firstAdmin:
      username && password ? { id: '', username, password, role: 'admin', mustChangePassword: true } : null,
    output: () => output,
    async stop() {
      await stopChild(child)
      await data.dispose()
    },
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
  await exited
  clearTimeout(timer)
}
