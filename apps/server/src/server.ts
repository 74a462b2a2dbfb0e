// `wangan serve`: the API and web UI (role api), background workers (role worker) and the testing gateway (role
// gateway), all in one process by default.
import type { Config } from './config'
import { buildApp, type WanganApp } from './http/app'
import { registerRoutes } from './http/routes'
import { scheduleRecurringJobs } from './jobs/registry'
import { ensureFirstAdmin, openPlatform, type Platform } from './platform'
import { startGatewayListeners } from './modules/gateway/gateway-runtime'
import type { Services } from './services'

export async function createHttpApp(
  services: Services,
  config: Config,
  options: { serveWeb?: boolean; logLevel?: string } = {},
): Promise<WanganApp> {
  const app = await buildApp({
    services,
    bodyLimitBytes: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    cookieSecure: config.cookieSecure,
    loginRatePerMinute: config.loginRatePerMinute,
    logLevel: options.logLevel ?? config.logLevel,
    serveWeb: options.serveWeb ?? true,
  })
  registerRoutes(app, services)
  await app.ready()
  return app
}

export type RunningServer = { platform: Platform; app: WanganApp; url: string; stop(): Promise<void> }

export async function startServer(
  config: Config,
  log: (line: string) => void = (line) => console.log(line),
): Promise<RunningServer> {
  const platform = await openPlatform(config)
  const { services } = platform
  const admin = await ensureFirstAdmin(services)
  if (admin) {
    log(
      [
        '',
        '================================================================',
        ' 首次启动：已创建平台管理员账户 (first start: administrator created)',
        `   用户名 username: ${admin.username}`,
        `   密码   password: ${admin.password}`,
        ' 此密码只显示这一次，首次登录后须修改。(Shown once; change it at first login.)',
        '================================================================',
        '',
      ].join('\n'),
    )
  }
  if (config.roles.includes('worker')) {
    await services.jobs.work()
    await scheduleRecurringJobs(services)
  }
  const app = await createHttpApp(services, config)
  await app.listen({ port: config.port, host: config.host })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`
  log(
    `Wangan 网安 listening on ${url} (database: ${platform.database.kind}${platform.database.kind === 'pglite' ? ` in ${config.dataDir}` : ''})`,
  )
  if (config.roles.includes('gateway')) log(await startGatewayListeners(services))
  let stopping: Promise<void> | undefined
  const stop = () => {
    stopping ??= (async () => {
      await services.gateway.stopRuntime()
      await app.close()
      await platform.close()
    })()
    return stopping
  }
  return { platform, app, url, stop }
}
