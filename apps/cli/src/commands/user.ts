// wangan user create --role <role> --username <name> [--display-name <text>] [--region <id>] [--organisation <id>] [--password-stdin]
// wangan user disable --username <name>
// wangan user enable --username <name>
// wangan user reset-password --username <name> [--password-stdin]
import { parseArgs } from 'node:util'
import { systemContext } from '@wangan/server/context'
import { AppError } from '@wangan/server/http/errors'
import { CliError, info, printJson, readStdin } from '../io'
import { withPlatform } from '../platform'

const USAGE =
  'usage: wangan user create --role <role> --username <name> [--display-name <text>] [--region <id>] [--organisation <id>] [--team <id>] [--password-stdin]\n' +
  '       wangan user disable|enable --username <name>\n' +
  '       wangan user reset-password --username <name> [--password-stdin]'

export async function run(argv: string[]): Promise<void> {
  const [action, ...rest] = argv
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: {
      role: { type: 'string' },
      username: { type: 'string' },
      'display-name': { type: 'string' },
      region: { type: 'string' },
      organisation: { type: 'string' },
      team: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
    },
  })
  if (!action || !['create', 'disable', 'enable', 'reset-password'].includes(action))
    throw new CliError(USAGE)
  if (!values.username) throw new CliError(`missing --username\n${USAGE}`)
  const password = values['password-stdin'] ? (await readStdin()).replace(/\r?\n$/, '') : undefined
  const ctx = systemContext('cli')
  await withPlatform(async ({ services }) => {
    try {
      if (action === 'create') {
        if (!values.role) throw new CliError(`missing --role\n${USAGE}`)
        const { ZCreateUserRequest } = await import('@wangan/server/modules/users/users.schemas')
        const parsed = ZCreateUserRequest.safeParse({
          username: values.username,
          displayName: values['display-name'] ?? values.username,
          role: values.role,
          regionId: values.region ?? null,
          organisationId: values.organisation ?? null,
          teamId: values.team ?? null,
          ...(password !== undefined ? { password } : {}),
        })
        if (!parsed.success)
          throw new CliError(
            parsed.error.issues.map((i) => `--${String(i.path[0] ?? '')}: ${i.message}`).join('; '),
          )
        const { user, initialPassword } = await services.users.create(ctx, parsed.data, {
          mustChangePassword: password === undefined,
        })
        if (initialPassword) info(`generated password for ${user.username} (shown once): ${initialPassword}`)
        printJson({
          id: user.id,
          username: user.username,
          role: user.role,
          ...(initialPassword ? { password: initialPassword } : {}),
        })
        return
      }
      const user = await services.users.findByUsername(values.username!)
      if (!user) throw new CliError(`no user named ${values.username}`)
      if (action === 'disable' || action === 'enable') {
        const updated = await services.users.setDisabled(ctx, user.id, action === 'disable')
        printJson({ id: updated.id, username: updated.username, isDisabled: updated.isDisabled })
        return
      }
      const { temporaryPassword } = await services.users.resetPassword(ctx, user.id, {
        ...(password !== undefined ? { password } : {}),
        mustChangePassword: password === undefined,
      })
      if (password === undefined)
        info(`temporary password for ${user.username} (shown once): ${temporaryPassword}`)
      printJson({
        id: user.id,
        username: user.username,
        ...(password === undefined ? { password: temporaryPassword } : {}),
      })
    } catch (error) {
      if (error instanceof AppError) throw new CliError(error.message)
      throw error
    }
  })
}
