// Test support for the gateway module: a campaign (made through the API, as a regulator would) whose targets own
// assets on loopback, the gateway runtime listening on free ports with a fixed name table, and real clients run as
// child processes — asynchronously, because the gateway runs in the test's own process.
import { execFile } from 'node:child_process'
import { setUpCampaign, type CampaignSetup } from '../../campaigns/campaign-test-setup'
import { startLoopbackTarget, type LoopbackTarget } from '../../../gateway/testing/loopback-target'
import type { TestClient, TestPlatform } from '../../../testing/test-platform'
import type { GatewayRuntime } from '../gateway-runtime'

export type GatewaySetup = CampaignSetup & {
  target: LoopbackTarget
  runtime: GatewayRuntime
  http: number
  socks: number
  /** Names registered as orgA's and orgB's assets, all resolving to the loopback target. */
  names: { orgA: string; orgB: string; rebind: string; outside: string }
  tokens: { teamA: string; teamB: string }
  close(): Promise<void>
}

function must<T>(response: { status: number; body: unknown }, status: number, what: string): T {
  if (response.status !== status)
    throw new Error(`${what}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`)
  return response.body as T
}

export async function issueToken(client: TestClient): Promise<string> {
  return must<{ token: string }>(await client.post('/api/v1/gateway/tokens'), 201, 'issue token').token
}

export async function setUpGateway(
  t: TestPlatform,
  options: { audit?: { capacity?: number; batchSize?: number }; thread?: boolean } = {},
): Promise<GatewaySetup> {
  const setup = await setUpCampaign(t)
  const target = await startLoopbackTarget('127.0.0.1')
  const names = {
    orgA: 'www.gw.jyj.test.gov.cn',
    orgB: 'www.gw.tnq.test.gov.cn',
    rebind: 'rebind.apps.gw.jyj.test.gov.cn',
    outside: 'www.not-a-target.gov.cn',
  }
  for (const [organisationId, type, identifier] of [
    [t.basics.orgA.id, 'ip', '127.0.0.1'],
    [t.basics.orgA.id, 'website', `http://${names.orgA}`],
    [t.basics.orgA.id, 'domain', '*.apps.gw.jyj.test.gov.cn'],
    [t.basics.orgB.id, 'website', `http://${names.orgB}`],
  ] as const)
    must(
      await setup.regulator.post('/api/v1/assets', { organisationId, type, identifier }),
      201,
      `asset ${identifier}`,
    )
  const hosts = {
    [names.orgA]: '127.0.0.1',
    [names.orgB]: '127.0.0.1',
    [names.rebind]: '127.0.0.2',
    [names.outside]: '127.0.0.1',
  }
  const { runtime, ports } = await t.services.gateway.startRuntime(t.services, {
    host: '127.0.0.1',
    httpPort: 0,
    socksPort: 0,
    hosts,
    ...(options.thread !== undefined ? { thread: options.thread } : {}),
    controlPollMs: 100,
    refreshMs: 200,
    heartbeatMs: 200,
    audit: { flushIntervalMs: 20, retryMinMs: 20, retryMaxMs: 200, ...options.audit },
  })
  const tokens = { teamA: await issueToken(setup.teamA.tester), teamB: await issueToken(setup.teamB.tester) }
  return {
    ...setup,
    target,
    runtime,
    http: ports.http,
    socks: ports.socks!,
    names,
    tokens,
    async close() {
      await t.services.gateway.stopRuntime(5_000)
      await target.close()
    },
  }
}

export type RunResult = { code: number | null; stdout: string; stderr: string }

/** Runs a real client; never throws for a non-zero exit (the caller looks at it). */
export function run(
  command: string,
  args: string[],
  timeoutMs = 60_000,
  env: NodeJS.ProcessEnv = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0
        resolve({ code, stdout: String(stdout), stderr: String(stderr) })
      },
    )
  })
}

/** curl with the answer's body in `body` and its status in `status` (0 when there was no HTTP answer). */
export async function curl(
  args: string[],
  timeoutMs = 20_000,
): Promise<RunResult & { status: number; body: string }> {
  const result = await run('curl', ['-s', '-w', '\n%{http_code}', ...args], timeoutMs)
  const cut = result.stdout.lastIndexOf('\n')
  return { ...result, body: result.stdout.slice(0, cut), status: Number(result.stdout.slice(cut + 1)) }
}

/**
 * The Debian packages of the real-client tests, installed when missing (as CI installs its own system packages);
 * fails with what to install when that is not possible.
 */
export async function ensureDebianTools(tools: Record<string, string>): Promise<void> {
  const missing: string[] = []
  for (const [command, pkg] of Object.entries(tools))
    if ((await run('sh', ['-c', `command -v ${command}`], 5_000)).code !== 0) missing.push(pkg)
  if (missing.length === 0) return
  const root = process.getuid?.() === 0
  const sudo = root ? [] : ['sudo', '-n']
  const install = [
    ...sudo,
    'env',
    'DEBIAN_FRONTEND=noninteractive',
    'apt-get',
    'install',
    '-y',
    '-qq',
    '--no-install-recommends',
    ...missing,
  ]
  let result = await run(install[0]!, install.slice(1), 600_000)
  if (result.code !== 0) {
    const update = [...sudo, 'apt-get', 'update', '-qq']
    await run(update[0]!, update.slice(1), 300_000)
    result = await run(install[0]!, install.slice(1), 600_000)
  }
  if (result.code !== 0)
    throw new Error(
      `the gateway's client tests need: apt-get install ${missing.join(' ')} (${result.stderr.slice(-500)})`,
    )
}
