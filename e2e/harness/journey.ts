import type { Page } from 'playwright-core'
import { beforeEach } from 'vitest'
import { screenshotOnFailure, type LaunchedBrowser } from './browser'

/**
 * For a describe block whose tests are the steps of one journey: a failing step saves a screenshot of the page, and
 * the steps after it fail at once (naming the step that broke) instead of each waiting for its own timeout. With the
 * browser, the page's uncaught and console errors and its last API calls are printed too.
 */
export function journeySteps(
  getPage: () => Page | undefined,
  getBrowser?: () => LaunchedBrowser | undefined,
): void {
  let broken: string | null = null
  beforeEach((ctx) => {
    if (broken) throw new Error(`not run: the earlier step "${broken}" failed`)
    ctx.onTestFailed(async () => {
      broken = ctx.task.name
      const browser = getBrowser?.()
      await screenshotOnFailure(getPage, ctx.task.name, browser?.pageErrors, browser?.recentApiCalls())()
    })
  })
}
