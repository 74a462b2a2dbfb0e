// Hostile and broken input: entity expansion, external entities, truncation, garbage, oversize.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readXml } from './formats/xml-stream'
import { parseScan } from './parse-scan'
import { ScanParseError } from './scan-parse-error'
import type { ScanTool } from './scan-types'
import { fixturePath, loadManifest } from './test-fixtures'

const scratch = mkdtempSync(join(tmpdir(), 'wangan-scanners-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

async function failure(promise: Promise<unknown>): Promise<ScanParseError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(ScanParseError)
    return error as ScanParseError
  }
  throw new Error('expected the parse to fail')
}

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE NessusClientData_v2 [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<NessusClientData_v2><Report name="x"><ReportHost name="10.0.0.1"><ReportItem port="0" severity="0" pluginID="1" pluginName="&lol9;"><synopsis>&lol9;</synopsis></ReportItem></ReportHost></Report></NessusClientData_v2>`

const XXE = `<?xml version="1.0"?>
<!DOCTYPE OWASPZAPReport [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<OWASPZAPReport version="2.11"><site name="http://x" host="x" port="80" ssl="false"><alerts><alertitem>
<pluginid>1</pluginid><alert>&xxe;</alert><riskcode>3</riskcode><desc>&xxe;</desc>
<instances><instance><uri>http://x/</uri></instance></instances></alertitem></alerts></site></OWASPZAPReport>`

const PARAMETER_ENTITY = `<?xml version="1.0"?>
<!DOCTYPE issues [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>
<issues></issues>`

describe('entity attacks', () => {
  it('refuses billion laughs without expanding it, quickly', async () => {
    const started = Date.now()
    const error = await failure(parseScan({ tool: 'nessus', source: Buffer.from(BILLION_LAUGHS) }))
    expect(error.kind).toBe('hostile')
    expect(error.message).toMatch(/entit/i)
    expect(error.message).not.toMatch(/lollol/)
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('refuses billion laughs also when the tool is detected', async () => {
    const error = await failure(parseScan({ source: Buffer.from(BILLION_LAUGHS) }))
    expect(error.kind).toBe('hostile')
  })

  it('refuses an external entity pointing at /etc/passwd and never reads it', async () => {
    const error = await failure(parseScan({ tool: 'zap', source: Buffer.from(XXE) }))
    expect(error.kind).toBe('hostile')
    expect(error.message).toMatch(/DOCTYPE declares entities/)
    expect(error.message).not.toMatch(/root:/)
  })

  it('refuses a parameter entity', async () => {
    const error = await failure(parseScan({ tool: 'burp', source: Buffer.from(PARAMETER_ENTITY) }))
    expect(error.kind).toBe('hostile')
  })

  it('refuses a reference to an undeclared entity', async () => {
    const xml =
      '<OWASPZAPReport><site><alerts><alertitem><alert>&xxe;</alert></alertitem></alerts></site></OWASPZAPReport>'
    const error = await failure(parseScan({ tool: 'zap', source: Buffer.from(xml) }))
    expect(error.kind).toBe('hostile')
    expect(error.line).toBe(1)
  })

  it('accepts a DOCTYPE with an external DTD id but never fetches it', async () => {
    let requests = 0
    const server = createServer((_request, response) => {
      requests += 1
      response.end('<!ENTITY x "fetched">')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const address = server.address()
    const port = typeof address === 'object' && address ? address.port : 0
    const xml = `<?xml version="1.0"?><!DOCTYPE nmaprun SYSTEM "http://127.0.0.1:${port}/nmap.dtd">
<nmaprun start="1"><host><address addr="10.0.0.1" addrtype="ipv4"/><ports><port protocol="tcp" portid="80"><state state="open"/></port></ports></host></nmaprun>`
    try {
      const report = await parseScan({ tool: 'nmap', source: Buffer.from(xml) })
      expect(report.findings.map((finding) => finding.title)).toEqual(['Open port: 80/tcp'])
      expect(requests).toBe(0)
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it('refuses a text node larger than the limit instead of buffering it', async () => {
    async function* chunks() {
      yield '<a><b>'
      for (let i = 0; i < 100; i++) yield 'x'.repeat(1000)
      yield '</b></a>'
    }
    const error = await failure(
      readXml(
        chunks(),
        { root() {}, capture: () => false, element() {} },
        { maxNodeChars: 20_000, maxElementText: 100, maxSubtreeElements: 10 },
      ),
    )
    expect(error.kind).toBe('hostile')
    expect(error.message).toMatch(/exceeds 20000 characters/)
  })
})

const truncatable = loadManifest().filter((entry) => entry.count > 0)

describe('truncated reports', () => {
  it.each(truncatable.filter((entry) => !entry.file.endsWith('.csv')))(
    '$file cut at 60 % is refused with a position',
    async (entry) => {
      const bytes = readFileSync(fixturePath(entry.file))
      const cut = bytes.subarray(0, Math.floor(bytes.byteLength * 0.6))
      const error = await failure(parseScan({ tool: entry.tool, source: cut }))
      expect(error.kind).toBe('malformed')
      expect(error.line).toBeGreaterThan(0)
      expect(error.message).toMatch(/line \d+/)
    },
  )

  it.each(truncatable.filter((entry) => entry.file.endsWith('.csv')))(
    '$file cut inside a quoted field is refused as truncated',
    async (entry) => {
      const text = readFileSync(fixturePath(entry.file), 'utf8')
      // Cut just after an opening quote in the second half of the file.
      const half = Math.floor(text.length / 2)
      const quote = half + text.slice(half).search(/[,;]"[^",;]{2}/)
      expect(quote).toBeGreaterThan(half)
      const error = await failure(
        parseScan({ tool: entry.tool, source: Buffer.from(text.slice(0, quote + 3)) }),
      )
      expect(error.kind).toBe('malformed')
      expect(error.message).toMatch(/truncated/)
      expect(error.line).toBeGreaterThan(1)
    },
  )

  it('a JSON Lines file cut mid-record names the line', async () => {
    const text = readFileSync(fixturePath('nuclei/many_findings.json'), 'utf8')
    const lines = text.split('\n')
    const cut = `${lines.slice(0, 5).join('\n')}\n${(lines[5] ?? '').slice(0, 40)}`
    const error = await failure(parseScan({ tool: 'nuclei', source: Buffer.from(cut) }))
    expect(error.line).toBe(6)
  })
})

const TOOLS: ScanTool[] = ['nuclei', 'openvas', 'nessus', 'zap', 'burp', 'acunetix', 'nmap', 'qualys']

describe('garbage and oversize', () => {
  const garbage = join(scratch, 'random.bin')
  beforeAll(() => writeFileSync(garbage, randomBytes(50 * 1024 * 1024)))

  it('50 MB of random bytes: "not a report", without reading the file', async () => {
    const started = Date.now()
    const error = await failure(parseScan({ source: garbage }))
    expect(error.kind).toBe('not_a_report')
    expect(error.message).toMatch(/binary data, not a scanner report/)
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it.each(TOOLS)('50 MB of random bytes given as %s: "not a <tool> report"', async (tool) => {
    const error = await failure(parseScan({ tool, source: garbage }))
    expect(error.kind).toBe('not_a_report')
    expect(error.message).toMatch(/not an? .* report/)
  })

  it('text that is no report: cannot tell the tool', async () => {
    const error = await failure(parseScan({ source: Buffer.from('hello world\nthis is not a report\n') }))
    expect(error.kind).toBe('not_a_report')
    expect(error.message).toMatch(/cannot tell which scanner/)
  })

  it('a report of another tool: names the root element found', async () => {
    const error = await failure(parseScan({ tool: 'nessus', source: fixturePath('zap/juicy2.xml') }))
    expect(error.kind).toBe('not_a_report')
    expect(error.message).toMatch(/<OWASPZAPReport>/)
  })

  it('a CSV of another tool: names the missing column', async () => {
    const error = await failure(
      parseScan({ tool: 'openvas', source: fixturePath('nessus/tenable_many_vuln.csv') }),
    )
    expect(error.message).toMatch(/NVT Name/)
  })

  it('a file larger than maxBytes is refused before it is read', async () => {
    const error = await failure(
      parseScan({ tool: 'burp', source: fixturePath('burp/issue4399.xml'), maxBytes: 1024 }),
    )
    expect(error.kind).toBe('too_large')
    expect(error.message).toMatch(/larger than the maximum of 1 KiB/)
  })

  it('a stream larger than maxBytes is cut off', async () => {
    const bytes = readFileSync(fixturePath('burp/issue4399.xml'))
    const error = await failure(
      parseScan({ tool: 'burp', source: Readable.from([bytes]), maxBytes: 100_000 }),
    )
    expect(error.kind).toBe('too_large')
  })

  it('a missing file is unreadable', async () => {
    const error = await failure(parseScan({ tool: 'zap', source: join(scratch, 'nope.xml') }))
    expect(error.kind).toBe('unreadable')
    expect(error.message).toMatch(/no such file/)
  })

  it('an empty file is no report, except for nuclei', async () => {
    expect((await parseScan({ tool: 'nuclei', source: new Uint8Array() })).findings).toEqual([])
    const error = await failure(parseScan({ tool: 'zap', source: new Uint8Array() }))
    expect(error.message).toMatch(/empty/)
  })

  it('an unknown tool name is refused', async () => {
    const error = await failure(parseScan({ tool: 'xray' as ScanTool, source: new Uint8Array([1]) }))
    expect(error.message).toMatch(/unknown scanner tool "xray"/)
  })
})

describe('early refusal of large inputs', () => {
  it('a large CSV of another tool is refused at its header without waiting for the rest', async () => {
    const header = readFileSync(fixturePath('openvas/one_vuln.csv'), 'utf8')
    const body = header.slice(header.indexOf('\n') + 1)
    const big = Buffer.from(header + body.repeat(Math.ceil((8 * 1024 * 1024) / body.length)))
    const started = Date.now()
    const error = await failure(
      parseScan({ tool: 'nessus', source: Readable.from([big.subarray(0, 4096), big.subarray(4096)]) }),
    )
    expect(error.message).toMatch(/not a Nessus CSV report/)
    const fromFile = join(scratch, 'openvas-big.csv')
    writeFileSync(fromFile, big)
    const again = await failure(parseScan({ tool: 'qualys', source: fromFile }))
    expect(again.kind).toBe('not_a_report')
    expect(Date.now() - started).toBeLessThan(5000)
  })
})
