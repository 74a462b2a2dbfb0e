import { parseArgs } from 'node:util'
import { loadConfig } from '@wangan/server/config'
import { startServer } from '@wangan/server/server'
import { CliError } from '../io'

export async function run(argv: string[]): Promise<void> {
  parseArgs({ args: argv, options: {}, strict: true })
  let config
  try {
    config = loadConfig()
  } catch (error) {
    throw new CliError((error as Error).message)
  }
  const server = await startServer(config)
  const shutdown = (signal: string) => {
    console.log(`received ${signal}, shutting down…`)
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error)
        process.exit(1)
      },
    )
  }
  process.once('SIGINT', () => shutdown('SIGINT'))
  process.once('SIGTERM', () => shutdown('SIGTERM'))
  // Keep running until a signal arrives.
  await new Promise<never>(() => undefined)
}
