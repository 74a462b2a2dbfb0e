// Child process of findings-bench.ts: imports one scanner report as the bench tester, through the same service the
// upload route calls (stream in, original stored encrypted, parsed, matched, drafts inserted), and prints the wall
// time of the import and the process's peak RSS as JSON.
import { createReadStream } from 'node:fs'
import { parseArgs } from 'node:util'
import { contextOf, openBenchPlatform } from './bench-setup'

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    data: { type: 'string' },
    campaign: { type: 'string' },
    tester: { type: 'string' },
    file: { type: 'string' },
  },
})

const platform = await openBenchPlatform(values.db!, values.data!)
try {
  const ctx = await contextOf(platform, values.tester!)
  const started = performance.now()
  const imported = await platform.services.scanImports.importReport(
    ctx,
    values.campaign!,
    createReadStream(values.file!),
    {
      fileName: 'bench-30k.nessus',
      tool: 'nessus',
    },
  )
  const seconds = (performance.now() - started) / 1000
  console.log(
    JSON.stringify({
      seconds,
      peakMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      findings: imported.findingCount,
      drafts: imported.draftCount,
      unmatched: imported.unmatchedDraftCount,
      organisations: imported.organisations.length,
    }),
  )
} finally {
  await platform.close()
}
