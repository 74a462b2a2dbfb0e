// Bad input: malformed JSON, oversized bodies, unknown fields and hostile strings get a 4xx with a clear message, and
// nothing is written.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestPlatform, type TestClient, type TestPlatform } from '../testing/test-platform'

type ErrorBody = { error: { code: string; message: string; details?: { path: string }[]; requestId: string } }

let t: TestPlatform
let admin: TestClient
beforeAll(async () => {
  t = await createTestPlatform({ env: { WANGAN_BODY_LIMIT_BYTES: '4096' } })
  admin = await t.as('admin')
})
afterAll(async () => {
  await t?.close()
})

async function userCount(): Promise<number> {
  return (await admin.get<{ total: number }>('/api/v1/users?pageSize=1')).body.total
}

describe('error bodies', () => {
  test('malformed JSON → 400 INVALID_JSON with a request id', async () => {
    const response = await admin.request<ErrorBody>('POST', '/api/v1/users', '{"username": "x",', {
      'content-type': 'application/json',
    })
    expect(response.status).toBe(400)
    expect(response.body.error.code).toBe('INVALID_JSON')
    expect(response.body.error.requestId).toBe(response.headers['x-request-id'])
  })

  test('an oversized body → 413', async () => {
    const response = await admin.post<ErrorBody>('/api/v1/users', {
      username: 'big',
      displayName: 'x'.repeat(10_000),
      role: 'auditor',
    })
    expect(response.status).toBe(413)
    expect(response.body.error.code).toBe('PAYLOAD_TOO_LARGE')
  })

  test('unknown fields are refused, naming the field', async () => {
    const before = await userCount()
    const response = await admin.post<ErrorBody>('/api/v1/users', {
      username: 'extra',
      displayName: 'x',
      role: 'auditor',
      isAdmin: true,
    })
    expect(response.status).toBe(400)
    expect(response.body.error.code).toBe('VALIDATION_FAILED')
    expect(response.body.error.message).toMatch(/isAdmin/)
    expect(await userCount()).toBe(before)
  })

  test('validation errors name the field path', async () => {
    const response = await admin.post<ErrorBody>('/api/v1/users', {
      username: 'ok-name',
      displayName: '',
      role: 'nobody',
      mobile: '12345',
    })
    expect(response.status).toBe(400)
    const paths = response.body.error.details?.map((d) => d.path)
    expect(paths).toEqual(expect.arrayContaining(['body.displayName', 'body.role', 'body.mobile']))
  })

  test('wrong content type → 415', async () => {
    const response = await admin.request<ErrorBody>('POST', '/api/v1/users', 'username=x', {
      'content-type': 'application/x-www-form-urlencoded',
    })
    expect(response.status).toBe(415)
  })

  test('an unknown API path → 404 in the same shape', async () => {
    const response = await admin.get<ErrorBody>('/api/v1/nothing-here')
    expect(response.status).toBe(404)
    expect(response.body.error.code).toBe('NOT_FOUND')
  })
})

describe('hostile strings in every field of the user form', () => {
  const payloads = [
    "' OR '1'='1",
    "admin'--",
    '"; DROP TABLE users; --',
    '1; SELECT pg_sleep(5); --',
    "') UNION SELECT password_hash FROM users --",
    '<script>alert(1)</script>',
    '${7*7}',
    '\u0000nul',
  ]
  // Structured fields: every hostile string is invalid there. (displayName is free text, tested below; a password may
  // legitimately contain anything the policy accepts.)
  const fields = ['username', 'role', 'email', 'mobile', 'regionId', 'organisationId', 'teamId'] as const

  test('each payload in each structured field → 4xx, nothing written', async () => {
    const before = await userCount()
    for (const field of fields) {
      for (const payload of payloads) {
        const body: Record<string, unknown> = {
          username: 'valid-name',
          displayName: '有效名称',
          role: 'auditor',
          [field]: payload,
        }
        const response = await admin.post<ErrorBody>('/api/v1/users', body)
        expect(response.status, `${field} = ${JSON.stringify(payload)}`).toBeGreaterThanOrEqual(400)
        expect(response.status).toBeLessThan(500)
        expect(response.body.error.message.length).toBeGreaterThan(0)
      }
    }
    // A NUL or other control character in free text is refused, not a 500 from the database.
    const nul = await admin.post<ErrorBody>('/api/v1/users', {
      username: 'valid-name',
      displayName: 'a\u0000b',
      role: 'auditor',
    })
    expect(nul.status).toBe(400)
    expect(nul.body.error.details?.[0]?.path).toBe('body.displayName')
    expect(await userCount()).toBe(before)
  })

  test('free-text fields keep hostile text verbatim and it is never executed as SQL', async () => {
    const created: string[] = []
    for (const [i, payload] of payloads.filter((p) => !p.includes('\u0000')).entries()) {
      const response = await admin.post<{ user: { id: string; displayName: string } }>('/api/v1/users', {
        username: `hostile-${i}`,
        displayName: payload,
        role: 'auditor',
      })
      expect(response.status).toBe(201)
      expect(response.body.user.displayName).toBe(payload.trim())
      created.push(response.body.user.id)
    }
    // The users table is still there and whole.
    const list = await admin.get<{ total: number }>('/api/v1/users?q=hostile')
    expect(list.body.total).toBe(created.length)
  })
})
