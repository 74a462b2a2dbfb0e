import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { sharedPath } from '../../../../../test-support/shared-dir'
import { createTestPlatform, type TestClient, type TestPlatform } from '../../testing/test-platform'
import { setUpCampaign, type CampaignSetup } from '../campaigns/campaign-test-setup'
import type { TFindingDetail } from '../findings/findings.schemas'
import type { TFindingDraft, TScanImport } from './scan-imports.schemas'

type ErrorBody = { error: { code: string; message: string; details?: { path: string; message: string }[] } }
type Manifest = { files: { tool: string; file: string; count: number }[] }

let t: TestPlatform
let s: CampaignSetup

beforeAll(async () => {
  t = await createTestPlatform()
  t.clock.set('2022-05-16T02:00:00Z')
  s = await setUpCampaign(t)
})
afterAll(async () => {
  await t?.close()
})

async function upload(client: TestClient, name: string, content: Buffer, tool?: string) {
  const boundary = '----wangan-scan-boundary'
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  const response = await t.app.inject({
    method: 'POST',
    url: `/api/v1/campaigns/${s.campaign.id}/scan-imports${tool ? `?tool=${tool}` : ''}`,
    headers: {
      cookie: client.cookie!,
      'x-csrf-token': client.csrfToken!,
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
    payload,
  })
  return { status: response.statusCode, body: JSON.parse(response.body) as TScanImport & ErrorBody }
}

function nessusReport(hosts: { name: string; fqdn?: string }[]): Buffer {
  const item = (severity: number, id: number, name: string, extra: string) =>
    `<ReportItem port="443" svc_name="www" protocol="tcp" severity="${severity}" pluginID="${id}" pluginName="${name}" pluginFamily="CGI abuses">` +
    `<description>${name} allows remote code execution.</description><solution>Upgrade.</solution>${extra}</ReportItem>`
  const body = hosts
    .map(
      (h) =>
        `<ReportHost name="${h.name}"><HostProperties>${h.fqdn ? `<tag name="host-fqdn">${h.fqdn}</tag>` : ''}</HostProperties>` +
        item(
          4,
          1001,
          'Apache Struts 2 RCE',
          '<cvss3_base_score>9.8</cvss3_base_score><cvss3_vector>CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H</cvss3_vector><cve>CVE-2017-5638</cve><cwe>20</cwe>',
        ) +
        item(0, 1002, 'HTTP Server Type and Version', '') +
        '</ReportHost>',
    )
    .join('')
  return Buffer.from(
    `<?xml version="1.0" ?><NessusClientData_v2><Report name="scan">${body}</Report></NessusClientData_v2>`,
  )
}

describe('a report becomes drafts split per organisation', () => {
  let imported: TScanImport

  test('each endpoint is matched to an asset: one draft per organisation and one for what matched nothing', async () => {
    const report = nessusReport([
      { name: '203.0.113.250', fqdn: s.assets.orgAWeb },
      { name: '198.51.100.7', fqdn: s.assets.orgBWeb },
      { name: '192.0.2.99' },
    ])
    const res = await upload(s.teamA.tester, 'scan.nessus', report)
    expect(res.status).toBe(201)
    imported = res.body
    expect(imported).toMatchObject({
      tool: 'nessus',
      format: 'xml',
      findingCount: 2,
      draftCount: 6,
      unmatchedDraftCount: 2,
      pendingCount: 6,
    })
    expect(imported.fileId).not.toBeNull()
    const byOrganisation = Object.fromEntries(
      imported.organisations.map((o) => [o.organisationId ?? 'none', o.drafts]),
    )
    expect(byOrganisation).toEqual({ [t.basics.orgA.id]: 2, [t.basics.orgB.id]: 2, none: 2 })
    const drafts = await s.teamA.tester.get<{ items: TFindingDraft[]; total: number }>(
      `/api/v1/scan-imports/${imported.id}/drafts?organisationId=${t.basics.orgA.id}&severity=critical`,
    )
    expect(drafts.body.total).toBe(1)
    expect(drafts.body.items[0]).toMatchObject({
      title: 'Apache Struts 2 RCE',
      severity: 'critical',
      cve: ['CVE-2017-5638'],
      organisationName: '市教育局',
      // Nessus names the service `www`: DefectDojo (and so the parser) calls it http, whatever the port.
      target: `http://${s.assets.orgAWeb}:443`,
    })
    expect(drafts.body.items[0]!.assetId).not.toBeNull()
  })

  test('the tester submits drafts: informational ones are skipped, the rest become findings of their organisation', async () => {
    const all = await s.teamA.tester.get<{ items: TFindingDraft[] }>(
      `/api/v1/scan-imports/${imported.id}/drafts?pageSize=50`,
    )
    const ids = all.body.items.map((d) => d.id)
    const res = await s.teamA.tester.post<{
      submitted: { draftId: string; findingId: string }[]
      skipped: { draftId: string; reason: string }[]
    }>(`/api/v1/scan-imports/${imported.id}/submit`, { draftIds: ids })
    expect(res.status).toBe(200)
    expect(res.body.submitted).toHaveLength(3)
    expect(res.body.skipped).toHaveLength(3)
    expect(res.body.skipped.every((x) => /信息级/.test(x.reason))).toBe(true)
    const findings = await Promise.all(
      res.body.submitted.map(
        async (x) => (await s.reviewer.get<TFindingDetail>(`/api/v1/findings/${x.findingId}`)).body,
      ),
    )
    expect(findings.map((f) => f.organisationId).sort()).toEqual(
      [t.basics.orgA.id, t.basics.orgB.id, null].sort(),
    )
    expect(
      findings.every((f) => f.cvssBase === 9.8 && f.severity === 'critical' && f.cve[0] === 'CVE-2017-5638'),
    ).toBe(true)
    // Submitting again changes nothing.
    const again = await s.teamA.tester.post<{ submitted: unknown[] }>(
      `/api/v1/scan-imports/${imported.id}/submit`,
      { draftIds: ids },
    )
    expect(again.body.submitted).toHaveLength(0)
    const summary = await s.teamA.tester.get<TScanImport>(`/api/v1/scan-imports/${imported.id}`)
    expect(summary.body).toMatchObject({ submittedCount: 3, pendingCount: 3 })
  })

  test('a draft opened in the form is submitted once, then it is no longer pending', async () => {
    const res = await upload(
      s.teamA.tester,
      'again.nessus',
      nessusReport([{ name: '203.0.113.250', fqdn: s.assets.orgAWeb }]),
    )
    const [draft] = (
      await s.teamA.tester.get<{ items: TFindingDraft[] }>(
        `/api/v1/scan-imports/${res.body.id}/drafts?severity=critical`,
      )
    ).body.items
    const submit = () =>
      s.teamA.tester.post<{ finding: TFindingDetail } & ErrorBody>(
        `/api/v1/campaigns/${s.campaign.id}/findings`,
        {
          kind: 'vulnerability',
          title: `${draft!.title}（已人工确认）`,
          descriptionMd: draft!.description,
          target: draft!.target,
          cvssVector: draft!.cvssVector!,
          fromDraftId: draft!.id,
        },
      )
    const first = await submit()
    expect(first.status).toBe(201)
    expect(first.body.finding.organisationId).toBe(t.basics.orgA.id)
    const second = await submit()
    expect(second.status).toBe(409)
  })

  test('drafts are the importing team’s: another team sees nothing, reviewers read but cannot submit', async () => {
    expect((await s.teamB.tester.get(`/api/v1/scan-imports/${imported.id}`)).status).toBe(404)
    expect(
      (await s.teamB.tester.get<TScanImport[]>(`/api/v1/campaigns/${s.campaign.id}/scan-imports`)).body,
    ).toEqual([])
    expect((await s.reviewer.get(`/api/v1/scan-imports/${imported.id}/drafts`)).status).toBe(200)
    const other = await t.as('reviewer', { regionId: t.basics.otherCity.id })
    expect((await other.get(`/api/v1/scan-imports/${imported.id}`)).status).toBe(404)
    const pending = (
      await s.teamA.tester.get<{ items: TFindingDraft[] }>(
        `/api/v1/scan-imports/${imported.id}/drafts?status=pending`,
      )
    ).body.items
    expect(
      (
        await s.teamB.tester.post(`/api/v1/scan-imports/${imported.id}/discard`, {
          draftIds: [pending[0]!.id],
        })
      ).status,
    ).toBe(404)
    const discarded = await s.teamA.tester.post<{ discarded: number }>(
      `/api/v1/scan-imports/${imported.id}/discard`,
      {
        draftIds: pending.map((d) => d.id),
      },
    )
    expect(discarded.body.discarded).toBe(pending.length)
  })
})

describe('every fixture report imports with DefectDojo’s count', () => {
  const manifest = JSON.parse(
    readFileSync(sharedPath('fixtures', 'scans', 'manifest.json'), 'utf8'),
  ) as Manifest
  test.each(manifest.files.map((f) => [f.file, f] as const))('%s', async (_name, entry) => {
    const content = readFileSync(sharedPath('fixtures', 'scans', entry.file))
    const res = await upload(s.teamA.lead, entry.file.split('/').pop()!, content, entry.tool)
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(res.body.findingCount).toBe(entry.count)
    expect(res.body.tool).toBe(entry.tool)
    // Every finding became at least one draft (fixture hosts are nobody's assets here: all unmatched).
    expect(res.body.draftCount).toBeGreaterThanOrEqual(entry.count)
    expect(res.body.unmatchedDraftCount).toBe(res.body.draftCount)
  })
})

describe('hostile and broken reports', () => {
  test('entity expansion (billion laughs) is refused in bounded memory', async () => {
    const laughs = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE lolz [<!ENTITY lol "lol">',
      ...Array.from(
        { length: 9 },
        (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
      ),
      ']>',
      '<NessusClientData_v2><Report name="x"><ReportHost name="h"><ReportItem port="1" severity="1" pluginID="1" pluginName="&lol9;"/></ReportHost></Report></NessusClientData_v2>',
    ].join('\n')
    const before = process.memoryUsage().rss
    const res = await upload(s.teamA.tester, 'lol.nessus', Buffer.from(laughs), 'nessus')
    expect(res.status).toBe(400)
    expect(res.body.error.message).toMatch(/entit|DOCTYPE|DTD/i)
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024)
  })

  test('an external entity is refused, and nothing of the file it names is read', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><NessusClientData_v2><Report name="x"><ReportHost name="h"><ReportItem port="1" severity="1" pluginID="1" pluginName="&xxe;"/></ReportHost></Report></NessusClientData_v2>`
    const res = await upload(s.teamA.tester, 'xxe.nessus', Buffer.from(xxe), 'nessus')
    expect(res.status).toBe(400)
    expect(JSON.stringify(res.body)).not.toContain('root:')
  })

  test('a truncated report gives a clear error naming where it ends', async () => {
    const content = readFileSync(sharedPath('fixtures', 'scans', 'nessus', 'nessus_many_vuln.xml'))
    const res = await upload(
      s.teamA.tester,
      'cut.nessus',
      content.subarray(0, Math.floor(content.length / 2)),
      'nessus',
    )
    expect(res.status).toBe(400)
    expect(res.body.error.message).toMatch(/line \d+/)
    expect(res.body.error.details?.[0]?.path).toBe('file')
  })

  test('something that is not a report is refused; nothing is imported', async () => {
    const before = (
      await s.teamA.tester.get<TScanImport[]>(`/api/v1/campaigns/${s.campaign.id}/scan-imports`)
    ).body.length
    const res = await upload(
      s.teamA.tester,
      'x.png',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 0xff, 0xfe]),
    )
    expect(res.status).toBe(400)
    const after = (await s.teamA.tester.get<TScanImport[]>(`/api/v1/campaigns/${s.campaign.id}/scan-imports`))
      .body.length
    expect(after).toBe(before)
  })

  test('outside the testing window nothing is read', async () => {
    t.clock.advance(10 * 24 * 3_600_000)
    const late = await t.login(s.teamA.tester.username!)
    const res = await upload(late, 'late.nessus', nessusReport([{ name: '192.0.2.1' }]))
    expect(res.status).toBe(409)
    t.clock.advance(-10 * 24 * 3_600_000)
  })
})
