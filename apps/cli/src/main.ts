// Entry point of the `wangan` command line. Each command lives in its own module under ./commands and is
// imported only when called, so pure commands (cvss, grade, score …) start without loading the server.
import { CliError, type CommandModule } from './io'

type CommandEntry = { summary: string; load: () => Promise<CommandModule> }

export const commands: Record<string, CommandEntry> = {
  serve: {
    summary: 'start the server (API, web UI, workers, testing gateway)',
    load: () => import('./commands/serve'),
  },
  migrate: { summary: 'apply database migrations', load: () => import('./commands/migrate') },
  user: { summary: 'user create|disable|reset-password', load: () => import('./commands/user') },
  demo: { summary: 'demo load — load the demo region 常州市', load: () => import('./commands/demo') },
  audit: { summary: 'audit verify — check the audit hash chain', load: () => import('./commands/audit') },
  backup: { summary: 'backup <file> — write every table to a file', load: () => import('./commands/backup') },
  restore: {
    summary: 'restore <file> — load a backup into an empty database',
    load: () => import('./commands/restore'),
  },
  cvss: { summary: 'cvss <vector> — base score and severity', load: () => import('./commands/cvss') },
  grade: {
    summary: 'grade --business o:d --service o:d — GB/T 22240-2020 level',
    load: () => import('./commands/grade'),
  },
  import: {
    summary: 'import organisations|assets <file> [--region code] — import a registry spreadsheet (XLSX/CSV)',
    load: () => import('./commands/import'),
  },
  'import-scan': {
    summary: 'import-scan --tool T --file F --json — parse a scanner report',
    load: () => import('./commands/import-scan'),
  },
  score: {
    summary: 'score --input snapshot.json — score organisations',
    load: () => import('./commands/score'),
  },
  'score-teams': {
    summary: 'score-teams --input snapshot.json — score testing companies',
    load: () => import('./commands/score-teams'),
  },
  'evaluate-city': {
    summary: 'evaluate-city --input ratings.json — city evaluation',
    load: () => import('./commands/evaluate-city'),
  },
}

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length))
  const lines = Object.entries(commands).map(([name, entry]) => `  ${name.padEnd(width)}  ${entry.summary}`)
  return `usage: wangan <command> [options]\n\n${lines.join('\n')}\n`
}

export async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage())
    return
  }
  const entry = commands[name]
  if (!entry) {
    process.stderr.write(`wangan: unknown command "${name}"\n${usage()}`)
    process.exitCode = 2
    return
  }
  try {
    const module = await entry.load()
    const code = await module.run(rest)
    if (typeof code === 'number') process.exitCode = code
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`wangan ${name}: ${error.message}\n`)
      process.exitCode = error.exitCode
      return
    }
    process.stderr.write(`wangan ${name}: ${error instanceof Error ? error.message : String(error)}\n`)
    if (process.env.WANGAN_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`)
    process.exitCode = 1
  }
}
