// The testing journey of issue 4: on the demo campaign (its window opens the day the demo is loaded), a tester submits
// a finding with a CVSS vector scored live and an evidence file, and a reviewer verifies it. Then a corpus of XSS
// payloads in every text a tester controls (title, target, Markdown description and steps, webshell paths, comments,
// evidence file names, and a scanner report's titles and descriptions) is shown to the team and the reviewer: nothing
// executes, and no element with a script, an event handler or a javascript: URL reaches the page.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { unwrap, type WanganClient } from '@wangan/sdk'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  artifactPath,
  createServerData,
  journeySteps,
  launchBrowser,
  loginAs,
  logout,
  openMenu,
  startServer,
  type LaunchedBrowser,
  type ServerData,
  type StartedServer,
  type TestUser,
  apiAs,
  demoUser,
  loadDemo,
  type DemoUser,
  type Role,
} from './harness'
import { SAMPLE_PNG } from './harness/sample-files'

const PNG = SAMPLE_PNG

/** Each payload reports itself through alert(n): the page's alert is replaced by a recorder before any script runs. */
const XSS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(2)>',
  '<svg/onload=alert(3)>',
  '"><img src=x onerror=alert(4)>',
  "'><svg onload=alert(5)>",
  '[click](javascript:alert(6))',
  '![x](javascript:alert(7))',
  '<a href="javascript:alert(8)">link</a>',
  '<iframe srcdoc="<script>alert(9)</script>"></iframe>',
  '<details open ontoggle=alert(10)>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(11)></style></mglyph></table></mtext></math>',
  '[x](JaVaScRiPt:alert(12))',
  '<javascript:alert(13)>',
  '<a href="data:text/html,<script>alert(14)</script>">d</a>',
  '<object data="javascript:alert(15)"></object>',
  '<body onload=alert(16)>',
  '`<img src=x onerror=alert(17)>`',
  '<img src="x" onerror="alert(18)" />',
  '{{constructor.constructor("alert(19)")()}}',
  '<form><button formaction=javascript:alert(20)>x</button></form>',
]
const CORPUS = XSS.join('\n\n')

/** A multipart upload with the client's session (the SDK types these routes without a body). */
async function uploadAs(client: WanganClient, path: string, name: string, content: Buffer): Promise<unknown> {
  const form = new FormData()
  form.append('file', new Blob([content]), name)
  const result = await client.POST(path as '/api/v1/findings/{id}/evidence', {
    params: { path: { id: '' } },
    body: form as never,
    bodySerializer: (body: unknown) => body as FormData,
  })
  return unwrap(result as { data?: unknown; error?: unknown; response: Response })
}

/** Nothing ran, and nothing that could run is in the page. */
async function assertInert(page: Page, where: string) {
  await page.waitForLoadState('networkidle')
  // A string script: the e2e project is compiled without the DOM types.
  const state = (await page.evaluate(`(() => {
    const dangerous = [...document.querySelectorAll('*')].filter((el) =>
      [...el.attributes].some((a) => /^on/i.test(a.name)) ||
      (['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED'].includes(el.tagName) && !String(el.src || '').startsWith(location.origin + '/')) ||
      (/^\\s*(javascript|data|vbscript):/i.test(el.getAttribute('href') || '')) ||
      (/javascript:/i.test(el.getAttribute('formaction') || '')))
    return { hits: window.__xssHits, dangerous: dangerous.map((el) => el.outerHTML.slice(0, 120)) }
  })()`)) as { hits: string[]; dangerous: string[] }
  expect(state.hits, `${where}: payloads ran`).toEqual([])
  expect(state.dangerous, `${where}: dangerous markup in the page`).toEqual([])
}

describe('findings journey: submit with CVSS and evidence, review, and hostile text that stays inert', () => {
  let data: ServerData
  let server: StartedServer
  let browser: LaunchedBrowser
  let page: Page
  let users: DemoUser[]
  let tester: TestUser
  let reviewer: TestUser
  let campaignId: string
  let findingTitle: string
  const dialogs: string[] = []
  const files = mkdtempSync(join(tmpdir(), 'wangan-e2e-findings-'))

  beforeAll(async () => {
    data = await createServerData()
    users = loadDemo(data)
    server = await startServer({ data })
    const as = (role: Role): TestUser => demoUser(users, role)
    tester = as('tester')
    reviewer = as('reviewer')
    // The regulator registers 市教育局's portal, so the tester's target matches an asset of the registry.
    const regulator = await apiAs(server, demoUser(users, 'regulator'))
    const orgs = unwrap(
      await regulator.GET('/api/v1/organisations', { params: { query: { q: '市教育局', pageSize: 5 } } }),
    )
    const education = orgs.items.find((o) => o.name === '市教育局')!
    unwrap(
      await regulator.POST('/api/v1/assets', {
        body: { organisationId: education.id, type: 'website', identifier: 'https://www.jyj.example.gov.cn' },
      }),
    )
    const campaigns = unwrap(await regulator.GET('/api/v1/campaigns', { params: { query: {} } }))
    campaignId = campaigns.items[0]!.id
    browser = await launchBrowser({ serverUrl: server.url })
    // Before any script of the page: alert, confirm and prompt record instead of opening dialogs.
    await browser.context.addInitScript({
      content: `window.__xssHits = [];
        const record = (m) => { window.__xssHits.push(String(m)) };
        window.alert = record;
        window.confirm = (m) => { record(m); return false };
        window.prompt = (m) => { record(m); return null };`,
    })
    page = await browser.newPage()
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message())
      void dialog.dismiss()
    })
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  journeySteps(
    () => page,
    () => browser,
  )

  it('the tester finds the open demo campaign and its workspace', async () => {
    await loginAs(page, tester)
    await openMenu(page, 'campaigns')
    await page.getByTestId('campaign-list').getByRole('link').first().click()
    await page.getByTestId('campaign-title').waitFor()
    await page.getByTestId('phase-timeline').getByText('远程技术检测').waitFor()
    await page.getByTestId('open-workspace').click()
    await page.getByTestId('workspace-new-finding').click()
    await page.getByTestId('finding-title').waitFor()
  })

  it('the CVSS calculator scores live and names a bad metric', async () => {
    const vector = page.getByTestId('cvss-vector')
    await vector.fill('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:Q')
    await expect(page.getByTestId('cvss-error').innerText()).resolves.toMatch(/\bA\b/)
    await vector.fill('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N')
    for (const metric of ['C', 'I', 'A'])
      await page.getByTestId(`cvss-metric-${metric}`).getByText('H', { exact: true }).click()
    await expect(vector.inputValue()).resolves.toBe('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')
    await expect(page.getByTestId('cvss-severity').innerText()).resolves.toBe('超危')
    await expect(page.getByTestId('cvss-calculator').innerText()).resolves.toContain('9.8')
    await page.getByTestId('cvss-version').getByText('4.0').click()
    await expect(vector.inputValue()).resolves.toMatch(/^CVSS:4\.0\//)
    await vector.fill('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N')
    await expect(page.getByTestId('cvss-calculator').innerText()).resolves.toContain('9.3')
    await vector.fill('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')
  })

  it('the tester submits a finding with an evidence screenshot', async () => {
    findingTitle = `门户网站 SQL 注入 ${Date.now()}`
    await page.getByTestId('finding-title').fill(findingTitle)
    await page.getByTestId('finding-target').fill('https://www.jyj.example.gov.cn/news/list?id=1')
    await page.getByTestId('finding-description').fill('参数 `id` 存在**布尔盲注**。')
    await page.getByTestId('finding-reproduction').fill("1. 访问 `/news/list?id=1' and '1'='1`")
    const screenshot = join(files, '注入截图.png')
    writeFileSync(screenshot, PNG)
    await page.locator('input[type=file]').setInputFiles(screenshot)
    await page.getByTestId('finding-submit').click()
    await page.getByTestId('finding-status').getByText('待审核').waitFor()
    await expect(page.getByTestId('finding-title').innerText()).resolves.toBe(findingTitle)
    await page.getByTestId('evidence-list').getByText('注入截图.png').waitFor()
    await expect(page.getByTestId('finding-severity-tag').innerText()).resolves.toContain('9.8')
    // Markdown rendered (sanitised): the bold text is bold.
    await page.getByTestId('finding-description-view').locator('strong').getByText('布尔盲注').waitFor()
    await page.screenshot({ path: artifactPath('finding-submitted.png'), fullPage: true })
  })

  it('the reviewer finds it in the queue and verifies it', async () => {
    await logout(page)
    await loginAs(page, reviewer)
    await openMenu(page, 'findings')
    await page.getByTestId('finding-table').getByText(findingTitle).click()
    await page.getByTestId('action-verify').click()
    await page.getByTestId('review-confirm').click()
    await page.getByTestId('finding-status').getByText('已确认').waitFor()
    await page.getByTestId('finding-timeline').getByTestId('event-verify').waitFor()
    await page.getByTestId('evidence-image').waitFor()
    await page.screenshot({ path: artifactPath('finding-verified.png'), fullPage: true })
  })

  it('hostile text in every tester-controlled field is shown inert to the team and to the reviewer', async () => {
    const testerApi = await apiAs(server, demoUser(users, 'tester'))
    const submitted = unwrap(
      await testerApi.POST('/api/v1/campaigns/{id}/findings', {
        params: { path: { id: campaignId } },
        body: {
          kind: 'vulnerability',
          title: `XSS 语料 <img src=x onerror=alert(100)> <script>alert(101)</script>`,
          target: 'https://www.jyj.example.gov.cn/"><svg/onload=alert(102)>',
          descriptionMd: CORPUS,
          reproductionMd: CORPUS,
          cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N',
          webshellPaths: ['/upload/<img src=x onerror=alert(103)>.jsp', '/x/"><script>alert(104)</script>'],
        },
      }),
    )
    const id = submitted.finding.id
    unwrap(
      await testerApi.POST('/api/v1/findings/{id}/comments', {
        params: { path: { id } },
        body: { body: CORPUS },
      }),
    )
    await uploadAs(testerApi, `/api/v1/findings/${id}/evidence`, '<img src=x onerror=alert(105)>.png', PNG)
    // A scanner report whose titles and descriptions carry the payloads.
    const nuclei = XSS.map((payload, n) =>
      JSON.stringify({
        'template-id': `xss-${n}`,
        info: { name: `nuclei ${payload}`, severity: 'high', description: payload, remediation: payload },
        type: 'http',
        host: 'https://www.jyj.example.gov.cn',
        'matched-at': 'https://www.jyj.example.gov.cn/x',
        timestamp: '2022-05-16T10:00:00Z',
      }),
    ).join('\n')
    const imported = await uploadAs(
      testerApi,
      `/api/v1/campaigns/${campaignId}/scan-imports`,
      'x<svg onload=alert(106)>.jsonl',
      Buffer.from(nuclei),
    )
    const importId = (imported as { id: string }).id

    const visit = async (path: string, ready: () => Promise<void>, where: string) => {
      await page.goto(path)
      await ready()
      await assertInert(page, where)
    }
    // The reviewer: queue, detail (Markdown, timeline, comments, evidence names), drafts.
    await visit(
      '/findings',
      () => page.getByTestId('finding-table').getByText('XSS 语料', { exact: false }).waitFor(),
      'review queue',
    )
    await visit(
      `/findings/${id}`,
      () => page.getByTestId('comment-list').getByText('alert(1)', { exact: false }).first().waitFor(),
      'finding detail (reviewer)',
    )
    // Raw HTML in Markdown is shown as text, not parsed.
    await expect(page.getByTestId('finding-description-view').innerText()).resolves.toContain(
      '<img src=x onerror=alert(2)>',
    )
    await visit(
      `/scan-imports/${importId}`,
      () => page.getByTestId('draft-table').getByText('nuclei', { exact: false }).first().waitFor(),
      'drafts (reviewer)',
    )
    // The team sees the same texts.
    await logout(page)
    await loginAs(page, tester)
    await visit(
      `/findings/${id}`,
      () =>
        page
          .getByTestId('finding-reproduction-view')
          .getByText('alert(1)', { exact: false })
          .first()
          .waitFor(),
      'finding detail (tester)',
    )
    await visit(
      `/campaigns/${campaignId}/workspace`,
      () => page.getByTestId('finding-table').getByText('XSS 语料', { exact: false }).waitFor(),
      'workspace',
    )
    await visit(
      `/scan-imports/${importId}`,
      () => page.getByTestId('draft-table').getByText('nuclei', { exact: false }).first().waitFor(),
      'drafts (tester)',
    )
    // A draft opened in the form shows its hostile description in the Markdown preview, inert.
    const draftLink = page.getByTestId('draft-table').getByRole('link').first()
    await draftLink.click()
    await page.getByTestId('finding-title').waitFor()
    await page.getByRole('tab', { name: '预览' }).first().click()
    await assertInert(page, 'draft in the form')
    expect(dialogs).toEqual([])
    expect(browser.outsideRequests).toEqual([])
    await page.screenshot({ path: artifactPath('finding-xss-inert.png'), fullPage: true })
  })
})
