import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  createTestPlatform,
  TEST_PASSWORD,
  type TestPlatform,
} from '../../../apps/server/src/testing/test-platform'
import { createWanganClient, unwrap, ApiError } from './index'

// The generated client against a real listening server: cookie jar, CSRF token handling and typed errors.
let t: TestPlatform
let baseUrl: string
beforeAll(async () => {
  t = await createTestPlatform()
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  const address = t.app.server.address()
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
})
afterAll(async () => {
  await t?.close()
})

test('logs in, keeps the session and CSRF token, and reports errors by code', async () => {
  await t.as('admin', { username: 'sdk-admin' })
  const api = createWanganClient({ baseUrl, cookieJar: true })
  const session = unwrap(
    await api.POST('/api/v1/auth/login', { body: { username: 'sdk-admin', password: TEST_PASSWORD } }),
  )
  expect(session.user.role).toBe('admin')
  expect(api.csrfToken).toBe(session.csrfToken)
  const created = unwrap(
    await api.POST('/api/v1/users', { body: { username: 'via-sdk', displayName: 'SDK', role: 'auditor' } }),
  )
  expect(created.user.username).toBe('via-sdk')
  const failure = await api.POST('/api/v1/users', {
    body: { username: 'via-sdk', displayName: 'SDK', role: 'auditor' },
  })
  expect(() => unwrap(failure)).toThrow(ApiError)
  try {
    unwrap(failure)
  } catch (error) {
    expect((error as ApiError).code).toBe('CONFLICT')
  }
  unwrap(await api.POST('/api/v1/auth/logout'))
  expect(api.csrfToken).toBeNull()
  const after = await api.GET('/api/v1/auth/me')
  expect(after.response.status).toBe(401)
})
