import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync, closeSync, openSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateNessusReport } from '../../../../bench/scanners/generate-nessus'
import { sharedPath } from '../../../../test-support/shared-dir'

const root = fileURLToPath(new URL('../../../../', import.meta.url))
const fixtures = `${sharedPath('fixtures', 'scans')}/`
const scratch = mkdtempSync(join(tmpdir(), 'wangan-import-scan-'))

function wangan(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['bin/wangan.mjs', 'import-scan', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 256 * 1024 * 1024,
  })
}

function expectOneLineError(result: ReturnType<typeof wangan>, pattern: RegExp): void {
  expect(result.status).toBe(2)
  expect(result.stdout).toBe('')
  expect(result.stderr).toMatch(/^wangan import-scan: .+\n$/)
  expect(result.stderr.trim().split('\n')).toHaveLength(1)
  expect(result.stderr).not.toMatch(/\n\s+at /)
  expect(result.stderr).toMatch(pattern)
}

beforeAll(() => {
  // The first call may rebuild the CLI bundle.
  wangan(['--tool', 'nuclei', '--file', `${fixtures}nuclei/empty.jsonl`, '--json'])
}, 60_000)

afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe('wangan import-scan', () => {
  it('prints the contract JSON on one line for a fixture', () => {
    const result = wangan([
      '--tool',
      'nuclei',
      '--file',
      `${fixtures}nuclei/many_findings_new.json`,
      '--json',
    ])
    expect(result.status).toBe(0)
    expect(result.stderr).toBe('')
    expect(result.stdout.endsWith('\n')).toBe(true)
    expect(result.stdout.trim().split('\n')).toHaveLength(1)
    const output = JSON.parse(result.stdout) as { tool: string; findings: Record<string, unknown>[] }
    expect(Object.keys(output)).toEqual(['tool', 'findings'])
    expect(output.tool).toBe('nuclei')
    expect(output.findings).toHaveLength(2)
    expect(output.findings[0]).toMatchObject({
      title: 'OpenSSH Username Enumeration v7.7',
      severity: 'medium',
      endpoints: [{ protocol: null, host: 'nuclei-example.com', port: 22, path: null }],
      cve: ['CVE-2018-15473'],
      cwe: 362,
      cvss: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N',
    })
    expect(typeof output.findings[0]?.description).toBe('string')
    expect(typeof output.findings[0]?.solution).toBe('string')
  })

  it('detects the tool when --tool is left out', () => {
    const result = wangan(['--file', `${fixtures}burp/issue4399.xml`, '--json'])
    expect(result.status).toBe(0)
    const output = JSON.parse(result.stdout) as { tool: string; findings: unknown[] }
    expect(output.tool).toBe('burp')
    expect(output.findings).toHaveLength(20)
  })

  it('gives the manifest count for a CSV fixture', () => {
    const result = wangan(['--tool', 'nessus', '--file', `${fixtures}nessus/nessus_new.csv`, '--json'])
    expect(result.status).toBe(0)
    expect((JSON.parse(result.stdout) as { findings: unknown[] }).findings).toHaveLength(99)
  })

  it('refuses an unknown tool', () => {
    expectOneLineError(
      wangan(['--tool', 'xray', '--file', 'x.xml', '--json']),
      /unknown tool "xray": expected one of nuclei/,
    )
  })

  it('refuses a missing --file and a missing file', () => {
    expectOneLineError(wangan(['--tool', 'zap', '--json']), /missing --file/)
    expectOneLineError(
      wangan(['--tool', 'zap', '--file', join(scratch, 'nope.xml'), '--json']),
      /nope\.xml: no such file/,
    )
  })

  it('refuses a report of another tool, naming what it found', () => {
    expectOneLineError(
      wangan(['--tool', 'zap', '--file', `${fixtures}burp/one_finding.xml`, '--json']),
      /one_finding\.xml: not a ZAP report: root element is <issues>/,
    )
  })

  it('refuses a truncated file naming the line', () => {
    const file = join(scratch, 'truncated.xml')
    const text = readFileSync(`${fixtures}zap/juicy2.xml`, 'utf8')
    writeFileSync(file, text.slice(0, Math.floor(text.length / 2)))
    expectOneLineError(
      wangan(['--tool', 'zap', '--file', file, '--json']),
      /truncated\.xml: invalid XML at line \d+, column \d+/,
    )
  })

  it('refuses entity declarations (billion laughs, XXE)', () => {
    const file = join(scratch, 'xxe.xml')
    writeFileSync(
      file,
      '<?xml version="1.0"?><!DOCTYPE nmaprun [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><nmaprun>&xxe;</nmaprun>',
    )
    expectOneLineError(wangan(['--file', file, '--json']), /DOCTYPE declares entities/)
  })

  it('refuses a 1 GiB file at once, and binary data without reading it through', () => {
    const file = join(scratch, 'huge.nessus')
    closeSync(openSync(file, 'w'))
    truncateSync(file, 1024 ** 3) // sparse: takes no disk space
    const started = Date.now()
    expectOneLineError(
      wangan(['--tool', 'nessus', '--file', file, '--json']),
      /is 1 GiB, larger than the maximum of 512 MiB/,
    )
    expectOneLineError(
      wangan(['--tool', 'nessus', '--file', file, '--json', '--max-bytes', '2GiB']),
      /binary data, not a Nessus report/,
    )
    expect(Date.now() - started).toBeLessThan(10_000)
  })

  it('refuses a bad --max-bytes', () => {
    expectOneLineError(wangan(['--file', 'x', '--max-bytes', 'lots']), /--max-bytes: cannot read "lots"/)
  })

  it('parses a 150 MB report within a 48 MB JavaScript heap (streamed, no DOM)', async () => {
    const file = join(scratch, 'large.nessus')
    const report = await generateNessusReport(file, { findings: 2000, pluginOutputBytes: 40_000 })
    expect(report.bytes).toBeGreaterThan(140 * 1024 * 1024)
    const result = wangan(['--tool', 'nessus', '--file', file, '--json'], {
      NODE_OPTIONS: '--max-old-space-size=48',
    })
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    expect((JSON.parse(result.stdout) as { findings: unknown[] }).findings).toHaveLength(2000)
  }, 120_000)
})
