// The e2e harness: start a server, create users, drive Chromium. See docs/interpretations/web.md ("The e2e harness").
export { launchBrowser, saveScreenshot, screenshotOnFailure, type LaunchedBrowser } from './browser'
export { apiAs } from './api'
export { demoUser, loadDemo, type DemoUser } from './demo'
export { artifactPath, repoRoot } from './paths'
export {
  createServerData,
  createUser,
  startServer,
  uniqueUsername,
  type Role,
  type ServerData,
  type StartedServer,
  type TestUser,
} from './server'
export { glyphReport, type GlyphReport } from './glyphs'
export { journeySteps } from './journey'
export { nextTotpCode, totpCode, type TotpHolder } from './totp'
export {
  changeInitialPassword,
  chooseOption,
  loginAs,
  logout,
  menuKeys,
  menuLabels,
  openMenu,
  switchLanguage,
} from './ui'
