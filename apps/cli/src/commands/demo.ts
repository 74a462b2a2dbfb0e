// wangan demo load — loads the demo region 常州市 (83 organisations of seed 001 and one user per role) and prints the
// generated credentials. Never runs unless asked for; refuses to load twice.
import { parseArgs } from 'node:util'
import { systemContext } from '@wangan/server/context'
import { AppError } from '@wangan/server/http/errors'
import { loadDemo } from '@wangan/server/modules/demo/demo.service'
import { CliError, info, printJson } from '../io'
import { withPlatform } from '../platform'

export async function run(argv: string[]): Promise<void> {
  const [action, ...rest] = argv
  parseArgs({ args: rest, options: {}, strict: true })
  if (action !== 'load') throw new CliError('usage: wangan demo load')
  await withPlatform(async ({ services }) => {
    try {
      const result = await loadDemo(services, systemContext('cli:demo'))
      info(
        `演示数据已加载 (demo loaded): ${result.region.name}, ${result.organisations} 家单位 organisations`,
      )
      info('演示账户 demo accounts (passwords shown once):')
      for (const u of result.users)
        info(`  ${u.role.padEnd(12)} ${u.username.padEnd(16)} ${u.password}  ${u.displayName}`)
      printJson(result)
    } catch (error) {
      if (error instanceof AppError) throw new CliError(error.message)
      throw error
    }
  })
}
