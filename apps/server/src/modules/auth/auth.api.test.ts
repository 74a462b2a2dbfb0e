import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { generate } from 'otplib'
import { MINUTE } from '../../clock'
import { createTestPlatform, TEST_PASSWORD, type TestPlatform } from '../../testing/test-platform'

let t: TestPlatform
beforeAll(async () => {
  t = await createTestPlatform()
})
afterAll(async () => {
  await t?.close()
})

type ErrorBody = { error: { code: string; message: string; details?: { path: string; code?: string }[] } }

describe('login and sessions', () => {
  test('a user logs in, sees their session, and logs out', async () => {
    const client = await t.as('regulator')
    const me = await client.get<{ user: { role: string }; stage: string; csrfToken: string }>(
      '/api/v1/auth/me',
    )
    expect(me.status).toBe(200)
    expect(me.body.user.role).toBe('regulator')
    expect(me.body.stage).toBe('full')
    const out = await client.post('/api/v1/auth/logout')
    expect(out.status).toBe(200)
    expect((await client.get('/api/v1/auth/me')).status).toBe(401)
  })

  test('the session cookie is HttpOnly and SameSite=Strict', async () => {
    await t.as('auditor', { username: 'cookie-check' })
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'cookie-check', password: TEST_PASSWORD },
    })
    const cookie = String([response.headers['set-cookie']].flat()[0])
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Strict/i)
    expect(cookie).not.toMatch(/Secure/)
    const https = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'cookie-check', password: TEST_PASSWORD },
      headers: { 'x-forwarded-proto': 'https' },
    })
    // Behind a TLS-terminating proxy (trustProxy off here) the protocol is not trusted; the config can force Secure.
    expect(https.statusCode).toBe(200)
  })

  test('wrong passwords are refused alike for unknown and known users, and audited', async () => {
    const anon = t.anonymous()
    const unknown = await anon.post<ErrorBody>('/api/v1/auth/login', {
      username: 'nobody',
      password: 'whatever',
    })
    expect(unknown.status).toBe(401)
    expect(unknown.body.error.code).toBe('INVALID_CREDENTIALS')
    await t.as('auditor', { username: 'known-user' })
    const known = await anon.post<ErrorBody>('/api/v1/auth/login', {
      username: 'known-user',
      password: 'wrong',
    })
    expect(known.status).toBe(401)
    expect(known.body.error.message).toBe(unknown.body.error.message)
    const events = await t.services.audit.list({ action: 'auth.login_failed', page: 1, pageSize: 50 })
    expect(events.items.some((e) => e.summary.username === 'nobody')).toBe(true)
  })

  test('five failures lock the account for 15 minutes, even against the right password', async () => {
    await t.as('reviewer', { username: 'lock-me' })
    const anon = t.anonymous()
    for (let i = 0; i < 4; i++)
      expect((await anon.post('/api/v1/auth/login', { username: 'lock-me', password: 'bad' })).status).toBe(
        401,
      )
    const fifth = await anon.post<ErrorBody>('/api/v1/auth/login', { username: 'lock-me', password: 'bad' })
    expect(fifth.status).toBe(423)
    expect(fifth.body.error.code).toBe('ACCOUNT_LOCKED')
    const right = await anon.post<ErrorBody>('/api/v1/auth/login', {
      username: 'lock-me',
      password: TEST_PASSWORD,
    })
    expect(right.status).toBe(423)
    t.clock.advance(15 * MINUTE + 1000)
    const later = await anon.post('/api/v1/auth/login', { username: 'lock-me', password: TEST_PASSWORD })
    expect(later.status).toBe(200)
    const locked = await t.services.audit.list({ action: 'auth.account_locked', page: 1, pageSize: 10 })
    expect(locked.total).toBeGreaterThan(0)
  })

  test('a session ends after 30 idle minutes but not while in use', async () => {
    const client = await t.as('regulator')
    t.clock.advance(29 * MINUTE)
    expect((await client.get('/api/v1/auth/me')).status).toBe(200)
    t.clock.advance(29 * MINUTE)
    expect((await client.get('/api/v1/auth/me')).status).toBe(200)
    t.clock.advance(31 * MINUTE)
    const expired = await client.get<ErrorBody>('/api/v1/auth/me')
    expect(expired.status).toBe(401)
    expect(expired.body.error.code).toBe('UNAUTHENTICATED')
  })

  test('state-changing requests without the CSRF token are refused', async () => {
    const client = await t.as('regulator')
    const noToken = await client.request<ErrorBody>('POST', '/api/v1/auth/logout', {}, { 'x-csrf-token': '' })
    expect(noToken.status).toBe(403)
    expect(noToken.body.error.code).toBe('CSRF_FAILED')
    const wrong = await client.request<ErrorBody>(
      'POST',
      '/api/v1/auth/logout',
      {},
      { 'x-csrf-token': 'x'.repeat(32) },
    )
    expect(wrong.body.error.code).toBe('CSRF_FAILED')
    expect((await client.get('/api/v1/auth/me')).status).toBe(200)
  })
})

describe('passwords', () => {
  test('weak passwords are refused with the rule named', async () => {
    const client = await t.as('regulator')
    const cases: [string, string][] = [
      ['Ab1!', 'min_length'],
      ['abcdefgh1', 'symbols'],
      ['abcdefgh!', 'digits'],
      ['12345678!', 'letters'],
    ]
    for (const [password, rule] of cases) {
      const response = await client.post<ErrorBody>('/api/v1/auth/password', {
        currentPassword: TEST_PASSWORD,
        newPassword: password,
      })
      expect(response.status).toBe(400)
      expect(response.body.error.code).toBe('VALIDATION_FAILED')
      expect(response.body.error.details?.map((d) => d.code)).toContain(rule)
    }
  })

  test('a password change ends the other sessions and the new password works', async () => {
    const first = await t.as('police', { username: 'changer' })
    const second = await t.login('changer')
    const changed = await first.post('/api/v1/auth/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'N3w-secret!x',
    })
    expect(changed.status).toBe(200)
    expect((await second.get('/api/v1/auth/me')).status).toBe(401)
    expect((await first.get('/api/v1/auth/me')).status).toBe(200)
    await t.login('changer', 'N3w-secret!x')
  })

  test('a user created with a generated password must change it before anything else', async () => {
    const admin = await t.as('admin')
    const created = await admin.post<{ user: { id: string }; initialPassword: string }>('/api/v1/users', {
      username: 'fresh-user',
      displayName: '新用户',
      role: 'auditor',
    })
    expect(created.status).toBe(201)
    const fresh = await t.login('fresh-user', created.body.initialPassword)
    const blocked = await fresh.get<ErrorBody>('/api/v1/audit-events')
    expect(blocked.status).toBe(403)
    expect(blocked.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED')
    expect(
      (
        await fresh.post('/api/v1/auth/password', {
          currentPassword: created.body.initialPassword,
          newPassword: 'Brand-n3w-pass',
        })
      ).status,
    ).toBe(200)
    expect((await fresh.get('/api/v1/audit-events')).status).toBe(200)
  })
})

describe('second factor (TOTP)', () => {
  test('enrolment, then login needs the code; a code is not accepted twice', async () => {
    const client = await t.as('reviewer', { username: 'totp-user' })
    const setup = await client.post<{ secret: string; otpauthUri: string }>('/api/v1/auth/totp/setup')
    expect(setup.status).toBe(200)
    expect(setup.body.otpauthUri).toMatch(/^otpauth:\/\/totp\//)
    const epoch = Math.floor(t.clock.now().getTime() / 1000)
    const code = await generate({ secret: setup.body.secret, epoch })
    expect(
      (
        await client.post('/api/v1/auth/totp/enable', {
          code: code === '000000' ? '000001' : String((Number(code) + 1) % 1_000_000).padStart(6, '0'),
        })
      ).status,
    ).toBe(400)
    expect((await client.post('/api/v1/auth/totp/enable', { code })).status).toBe(200)

    t.clock.advance(60_000)
    const pending = await t.login('totp-user')
    const me = await pending.get<{ stage: string }>('/api/v1/auth/me')
    expect(me.body.stage).toBe('totp_pending')
    const blocked = await pending.get<ErrorBody>('/api/v1/regions')
    expect(blocked.body.error.code).toBe('TOTP_REQUIRED')
    const now = Math.floor(t.clock.now().getTime() / 1000)
    const loginCode = await generate({ secret: setup.body.secret, epoch: now })
    const verified = await pending.post<{ stage: string }>('/api/v1/auth/totp/verify', { code: loginCode })
    expect(verified.status).toBe(200)
    expect(verified.body.stage).toBe('full')
    expect((await pending.get('/api/v1/regions')).status).toBe(200)

    const again = await t.login('totp-user')
    const replay = await again.post<ErrorBody>('/api/v1/auth/totp/verify', { code: loginCode })
    expect(replay.status).toBe(400)
  })

  test('a role that must use TOTP is sent to enrolment first', async () => {
    const admin = await t.as('admin')
    expect((await admin.put('/api/v1/settings/security', { totpRequiredRoles: ['expert'] })).status).toBe(200)
    const expert = await t.as('expert')
    const me = await expert.get<{ stage: string }>('/api/v1/auth/me')
    expect(me.body.stage).toBe('totp_enrol')
    const blocked = await expert.get<ErrorBody>('/api/v1/regions')
    expect(blocked.body.error.code).toBe('TOTP_ENROLMENT_REQUIRED')
    const setup = await expert.post<{ secret: string }>('/api/v1/auth/totp/setup')
    const code = await generate({
      secret: setup.body.secret,
      epoch: Math.floor(t.clock.now().getTime() / 1000),
    })
    expect((await expert.post('/api/v1/auth/totp/enable', { code })).status).toBe(200)
    expect((await expert.get('/api/v1/regions')).status).toBe(200)
    expect((await admin.put('/api/v1/settings/security', { totpRequiredRoles: [] })).status).toBe(200)
  })
})

describe('admin account management', () => {
  test('an admin disables a user (sessions end) and resets a password', async () => {
    const admin = await t.as('admin')
    const victim = await t.as('regulator', { username: 'to-disable' })
    const disabled = await admin.post<{ isDisabled: boolean }>(`/api/v1/users/${victim.userId}/disable`)
    expect(disabled.body.isDisabled).toBe(true)
    expect((await victim.get('/api/v1/auth/me')).status).toBe(401)
    const refused = await t
      .anonymous()
      .post<ErrorBody>('/api/v1/auth/login', { username: 'to-disable', password: TEST_PASSWORD })
    expect(refused.status).toBe(403)
    await admin.post(`/api/v1/users/${victim.userId}/enable`)
    const reset = await admin.post<{ temporaryPassword: string }>(
      `/api/v1/users/${victim.userId}/reset-password`,
    )
    expect(reset.status).toBe(200)
    const back = await t.login('to-disable', reset.body.temporaryPassword)
    expect((await back.get<ErrorBody>('/api/v1/regions')).body.error.code).toBe('PASSWORD_CHANGE_REQUIRED')
  })
})
