// Child process of findings-bench.ts: the real HTTP application (the same routes, session check, CSRF, role check and
// error handling as `wangan serve`) plus one no-op route behind the same access check, as the baseline the review
// queue is compared with. Prints the port it listens on.
import { buildApp } from '@wangan/server/http/app'
import { roles } from '@wangan/server/http/access'
import { registerRoutes } from '@wangan/server/http/routes'
import { parseArgs } from 'node:util'
import { openBenchPlatform } from './bench-setup'

const { values } = parseArgs({ options: { db: { type: 'string' }, data: { type: 'string' } } })

const platform = await openBenchPlatform(values.db!, values.data!)
const app = await buildApp({
  services: platform.services,
  bodyLimitBytes: 1024 * 1024,
  trustProxy: false,
  cookieSecure: 'never',
  loginRatePerMinute: 100_000,
  logLevel: 'silent',
  serveWeb: false,
})
registerRoutes(app, platform.services)
app.route({
  method: 'GET',
  url: '/api/v1/bench/noop',
  config: { access: roles('reviewer') },
  schema: { hide: true },
  handler: () => ({ ok: true }),
})
await app.ready()
await app.listen({ host: '127.0.0.1', port: 0 })
const address = app.server.address()
console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }))

const stop = async () => {
  await app.close()
  await platform.close()
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())
