// Steps of the UI that many journeys share: logging in (answering the second-factor prompt and, optionally, the
// forced password change), logging out, navigating by the menu, switching the language.
import type { Locator, Page } from 'playwright-core'
import type { TestUser } from './server'
import { nextTotpCode } from './totp'

export type LandedOn = 'app' | 'password-change' | 'totp-enrolment'

export type LoginOptions = {
  /** When the user must change their password, set this new one and continue (the user object is updated). */
  newPassword?: string
}

/** Logs in through the login page and returns where the user landed. */
export async function loginAs(page: Page, user: TestUser, options: LoginOptions = {}): Promise<LandedOn> {
  await page.goto('/login')
  await page.getByTestId('login-username').fill(user.username)
  await page.getByTestId('login-password').fill(user.password)
  await page.getByTestId('login-submit').click()

  const app = page.getByTestId('main-nav')
  const totpPrompt = page.getByTestId('totp-code')
  const passwordChange = page.getByTestId('password-current')
  const enrolment = page.getByTestId('totp-enrol-code')
  const screen = async (): Promise<LandedOn | 'totp' | null> =>
    (await app.isVisible())
      ? 'app'
      : (await totpPrompt.isVisible())
        ? 'totp'
        : (await passwordChange.isVisible())
          ? 'password-change'
          : (await enrolment.isVisible())
            ? 'totp-enrolment'
            : null
  await app.or(totpPrompt).or(passwordChange).or(enrolment).first().waitFor()
  let landed = await screen()

  if (landed === 'totp') {
    if (!user.totpSecret) throw new Error(`${user.username} was asked for a TOTP code but has no secret`)
    await totpPrompt.fill(await nextTotpCode(user))
    await page.getByRole('button', { name: /验\s*证|Verify/ }).click()
    await app.or(passwordChange).or(enrolment).first().waitFor()
    landed = await screen()
  }
  if (landed === 'password-change' && options.newPassword) {
    await changeInitialPassword(page, user, options.newPassword)
    landed = 'app'
  }
  if (landed === null || landed === 'totp') throw new Error(`login of ${user.username} ended nowhere known`)
  return landed
}

/** On the forced password change page: sets a new password and waits for the application. */
export async function changeInitialPassword(page: Page, user: TestUser, newPassword: string): Promise<void> {
  await page.getByTestId('password-current').fill(user.password)
  await page.getByTestId('password-new').fill(newPassword)
  await page.getByTestId('password-confirm').fill(newPassword)
  await page.getByTestId('password-submit').click()
  await page.getByTestId('main-nav').waitFor()
  user.password = newPassword
  user.mustChangePassword = false
}

export async function logout(page: Page): Promise<void> {
  await page.getByTestId('logout').click()
  await page.getByTestId('login-username').waitFor()
}

/** The keys of the menu items shown (from their data-testid="nav-<key>"). */
export async function menuKeys(page: Page): Promise<string[]> {
  const ids = await page
    .getByTestId('main-nav')
    .locator('[data-testid^="nav-"]')
    .evaluateAll((links) => links.map((link) => link.getAttribute('data-testid') ?? ''))
  return ids.map((id) => id.replace(/^nav-/, ''))
}

/** The visible labels of the menu items, in order. */
export async function menuLabels(page: Page): Promise<string[]> {
  return (await page.getByTestId('main-nav').locator('[data-testid^="nav-"]').allInnerTexts()).map((t) =>
    t.trim(),
  )
}

export async function openMenu(page: Page, key: string): Promise<void> {
  await page.getByTestId(`nav-${key}`).click()
}

export async function switchLanguage(page: Page, language: '中文' | 'English'): Promise<void> {
  await page.getByTestId('language-switch').getByText(language, { exact: true }).click()
}

/**
 * Picks an option in the antd Select or TreeSelect of the form item labelled `label` inside `scope` (a dialog, a
 * card). Options are matched by their title, which antd sets to the option's text.
 */
export async function chooseOption(page: Page, scope: Locator, label: string, option: string): Promise<void> {
  const item = scope
    .locator('.ant-form-item')
    .filter({ has: page.locator('.ant-form-item-label label').getByText(label, { exact: true }) })
  await item.locator('.ant-select-selector').click()
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
    .getByTitle(option, { exact: true })
    .click()
}
