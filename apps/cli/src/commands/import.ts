// wangan import organisations|assets <file> [--region <code|id>]
// Imports a registry spreadsheet (XLSX, or CSV in UTF-8/GBK) exactly as the web import does: every row validated,
// every problem reported with its row and column, nothing written unless the whole file is good. Progress goes to
// stderr as it happens; the outcome is one JSON line on stdout. Exit 0 imported, 2 refused (the report is in the
// JSON and its first problems on stderr), 1 failed.
import { existsSync, statSync } from 'node:fs'
import { basename } from 'node:path'
import { parseArgs } from 'node:util'
import { CliError, info, printJson } from '../io'
import { withPlatform } from '../platform'

const USAGE = 'usage: wangan import organisations|assets <file.xlsx|file.csv> [--region <6-digit code or id>]'

type Progress = { phase: string; percent: number; rowsRead: number }

const PHASES: Record<string, string> = {
  reading: '读取与校验 reading',
  checking: '核对 checking',
  writing: '写入 writing',
  finished: '完成 finished',
}

/** One progress line: rewritten in place on a terminal, a new line every 10 % otherwise (logs, CI). */
function progressPrinter(): (p: Progress) => void {
  const tty = process.stderr.isTTY
  let lastDecile = -1
  let lastPhase = ''
  return (p) => {
    const line = `导入进度 progress: ${String(p.percent).padStart(3)}%  ${PHASES[p.phase] ?? p.phase}  ${p.rowsRead.toLocaleString('en')} 行 rows`
    if (tty) {
      process.stderr.write(`\r${line}`)
      if (p.phase === 'finished') process.stderr.write('\n')
      return
    }
    const decile = Math.floor(p.percent / 10)
    if (decile === lastDecile && p.phase === lastPhase) return
    lastDecile = decile
    lastPhase = p.phase
    info(line)
  }
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: { region: { type: 'string' } },
  })
  const [kind, file, extra] = positionals
  if ((kind !== 'organisations' && kind !== 'assets') || !file || extra !== undefined)
    throw new CliError(USAGE)
  if (!existsSync(file) || !statSync(file).isFile()) throw new CliError(`cannot read ${file}: no such file`)
  const [{ systemContext }, { regions }, { eq, or }] = await Promise.all([
    import('@wangan/server/context'),
    import('@wangan/server/db/schema/index'),
    import('drizzle-orm'),
  ])
  return withPlatform(async ({ services, database }) => {
    let regionId: string | undefined
    if (values.region) {
      const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(values.region)
      const [region] = await database.db
        .select({ id: regions.id })
        .from(regions)
        .where(
          uuid
            ? or(eq(regions.id, values.region), eq(regions.code, values.region))
            : eq(regions.code, values.region),
        )
      if (!region) throw new CliError(`--region: no region with code or id ${values.region}`)
      regionId = region.id
    }
    const job = await services.registryImport.run(
      systemContext('cli:import'),
      kind,
      { path: file, fileName: basename(file), deleteAfter: false },
      { regionId, onProgress: progressPrinter() },
    )
    printJson(job)
    if (job.status === 'done') {
      info(`已导入 ${job.insertedRows} 条 (imported ${job.insertedRows} rows)`)
      return 0
    }
    if (job.status === 'rejected') {
      const first = job.errors
        .slice(0, 3)
        .map(
          (e) =>
            `${e.row !== null ? `row ${e.row}` : 'file'}${e.column ? `, column ${e.column}` : ''}: ${e.message}`,
        )
        .join(' | ')
      info(`未导入：${job.errorCount} 处错误 (nothing imported: ${job.errorCount} problems) — ${first}`)
      return 2
    }
    info(job.message ?? 'import failed')
    return 1
  })
}
