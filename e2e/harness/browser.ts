// Debian's Chromium driven by playwright-core. Every page gets a guard that refuses and records any request to a host
// other than the server's, so a journey also proves the UI loads nothing from outside (no CDN, fonts, icons).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext, type Page, type Request } from 'playwright-core'
import { artifactPath, slug } from './paths'

export const CHROMIUM_PATH = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium'

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
]

export type LaunchedBrowser = {
  context: BrowserContext
  /** Requests the pages tried to make to any other host (refused). Should stay empty. */
  outsideRequests: string[]
  /** Uncaught errors and console errors of the pages, printed with a failure screenshot. */
  pageErrors: string[]
  /** The last API calls of the pages (method, path, status or "still waiting", time), printed on a failure. */
  recentApiCalls(): string[]
  newPage(): Promise<Page>
  close(): Promise<void>
}

export type LaunchOptions = {
  /** Origin of the server under test; requests anywhere else are refused and recorded. */
  serverUrl: string
  locale?: string
  viewport?: { width: number; height: number }
}

/** Launches Chromium with a fresh profile (user-data-dir) and one browser context bound to the server. */
export async function launchBrowser(options: LaunchOptions): Promise<LaunchedBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'wangan-chromium-'))
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    locale: options.locale ?? 'zh-CN',
    timezoneId: 'UTC',
    // Charts skip their animations: screenshots show the final picture.
    reducedMotion: 'reduce',
    viewport: options.viewport ?? { width: 1366, height: 860 },
    baseURL: options.serverUrl,
  })
  const serverOrigin = new URL(options.serverUrl).origin
  const outsideRequests: string[] = []
  const pageErrors: string[] = []
  const apiCalls = new ApiCallLog()
  context.on('request', (request) => apiCalls.started(request))
  context.on('requestfinished', (request) => void apiCalls.finished(request))
  context.on('requestfailed', (request) => apiCalls.failed(request))
  const watch = (page: Page) => {
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.stack ?? error.message}`))
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(`${page.url()}: console: ${message.text()}`)
    })
  }
  context.pages().forEach(watch)
  context.on('page', watch)
  await context.route('**/*', async (route) => {
    const url = route.request().url()
    const parsed = new URL(url)
    const isNetwork = ['http:', 'https:', 'ws:', 'wss:'].includes(parsed.protocol)
    if (isNetwork && parsed.origin !== serverOrigin) {
      outsideRequests.push(url)
      await route.abort('blockedbyclient')
      return
    }
    await route.continue()
  })
  return {
    context,
    outsideRequests,
    pageErrors,
    recentApiCalls: () => apiCalls.recent(),
    // A persistent context opens with one blank page; use it first.
    async newPage() {
      const blank = context.pages().find((page) => page.url() === 'about:blank')
      return blank ?? (await context.newPage())
    },
    async close() {
      await context.close()
      rmSync(userDataDir, { recursive: true, force: true })
    },
  }
}

/** Saves a full-page screenshot under e2e/artifacts/ and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const path = artifactPath(`${slug(name)}.png`)
  await page.screenshot({ path, fullPage: true })
  return path
}

/**
 * For beforeEach: `onTestFailed(screenshotOnFailure(() => page, ctx.task.name))`. Never throws (a failed screenshot
 * must not hide the test's own error).
 */
export function screenshotOnFailure(
  getPage: () => Page | undefined,
  testName: string,
  pageErrors?: readonly string[],
  apiCalls?: readonly string[],
): () => Promise<void> {
  return async () => {
    if (pageErrors?.length) console.error(`errors in the page:\n${pageErrors.slice(-10).join('\n')}`)
    if (apiCalls?.length) console.error(`the page's last API calls:\n${apiCalls.join('\n')}`)
    const page = getPage()
    if (!page || page.isClosed()) return
    try {
      const path = await saveScreenshot(page, `failed-${testName}`)
      console.error(`screenshot of the failure: ${path}`)
    } catch (error) {
      console.error('could not take a failure screenshot:', error)
    }
    // CI keeps the log, not the screenshot: say in words what the page showed.
    try {
      console.error(`the page at the failure (${page.url()}):\n${await describePage(page)}`)
    } catch (error) {
      console.error('could not describe the page:', error)
    }
  }
}

/** The open dialogs, form errors, messages and the start of the main content's text, for a failure log. */
async function describePage(page: Page): Promise<string> {
  const texts = async (selector: string) =>
    (
      await page
        .locator(selector)
        .evaluateAll((els) => els.map((el) => (el as unknown as { innerText: string }).innerText))
    )
      .map((text) => text.replace(/\s+/g, ' ').trim())
      .filter(Boolean)
  const parts = [
    ...(await texts('.ant-modal-wrap:not([style*="display: none"]) .ant-modal')).map((t) => `dialog: ${t}`),
    ...(await texts('.ant-form-item-explain-error')).map((t) => `form error: ${t}`),
    ...(await texts('.ant-message-notice, .ant-notification-notice, .ant-alert')).map((t) => `message: ${t}`),
  ]
  const main = (await texts('main, body')).at(0) ?? ''
  parts.push(`content: ${main.slice(0, 1500)}`)
  return parts.join('\n')
}

/** The pages' calls to /api/, the last ones kept: enough to tell a refused save from one never sent or still waiting. */
class ApiCallLog {
  private readonly calls = new Map<Request, { line: string; at: number; outcome: string | null }>()

  started(request: Request): void {
    const url = new URL(request.url())
    if (!url.pathname.startsWith('/api/')) return
    this.calls.set(request, {
      line: `${request.method()} ${url.pathname}${url.search}`,
      at: Date.now(),
      outcome: null,
    })
    if (this.calls.size > 40) this.calls.delete(this.calls.keys().next().value!)
  }

  async finished(request: Request): Promise<void> {
    const call = this.calls.get(request)
    if (!call) return
    const response = await request.response().catch(() => null)
    call.outcome = `${response?.status() ?? '?'} after ${Date.now() - call.at} ms`
  }

  failed(request: Request): void {
    const call = this.calls.get(request)
    if (call)
      call.outcome = `failed (${request.failure()?.errorText ?? 'unknown'}) after ${Date.now() - call.at} ms`
  }

  recent(): string[] {
    const now = Date.now()
    return [...this.calls.values()]
      .slice(-15)
      .map((c) => `${c.line} → ${c.outcome ?? `still waiting after ${now - c.at} ms`}`)
  }
}
