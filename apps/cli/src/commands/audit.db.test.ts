// `wangan audit verify` on a real database: intact, then after someone edits, deletes or inserts a row behind the
// application's back (the append-only trigger disabled first, as an attacker with owner rights would).
import { afterEach, describe, expect, test } from 'vitest'
import { createCliDatabase, type CliDatabase } from './cli-database'

let db: CliDatabase | undefined
afterEach(async () => {
  await db?.drop()
  db = undefined
})

async function populated(): Promise<CliDatabase> {
  const database = await createCliDatabase()
  for (const name of ['alice', 'bob', 'carol']) {
    const created = database.cli(
      ['user', 'create', '--role', 'auditor', '--username', name, '--password-stdin'],
      'Str0ng-pass!word\n',
    )
    expect(created.status, created.stderr).toBe(0)
  }
  return database
}

describe('wangan audit verify', { timeout: 180_000 }, () => {
  test('an intact trail verifies; the trigger refuses edits through SQL', async () => {
    db = await populated()
    const ok = db.cli(['audit', 'verify'])
    expect(ok.status, ok.stderr).toBe(0)
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, checked: 3 })
    await expect(db.sql("UPDATE audit_events SET action = 'x' WHERE seq = 1")).rejects.toThrow(/append-only/)
  })

  test('an edited row is named and the exit code is non-zero', async () => {
    db = await populated()
    await db.sql(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change;
      UPDATE audit_events SET summary = '{"username":"mallory"}' WHERE seq = 2`)
    const result = db.cli(['audit', 'verify'])
    expect(result.status).toBe(1)
    expect(JSON.parse(result.stdout).problem).toMatchObject({ seq: 2, kind: 'edited' })
    expect(result.stderr).toMatch(/seq 2/)
  })

  test('a deleted row is named', async () => {
    db = await populated()
    await db.sql(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change;
      DELETE FROM audit_events WHERE seq = 2`)
    const result = db.cli(['audit', 'verify'])
    expect(result.status).toBe(1)
    expect(JSON.parse(result.stdout).problem).toMatchObject({ seq: 2, kind: 'deleted' })
  })

  test('an inserted row is named', async () => {
    db = await populated()
    await db.sql(`INSERT INTO audit_events (seq, at, action, object_type, summary, prev_hash, hash)
      SELECT seq + 1, now(), 'user.created', 'user', '{}', hash, 'sm3:' || repeat('0', 64) FROM audit_events ORDER BY seq DESC LIMIT 1`)
    const result = db.cli(['audit', 'verify'])
    expect(result.status).toBe(1)
    expect(JSON.parse(result.stdout).problem).toMatchObject({ seq: 4 })
    expect(result.stderr).toMatch(/seq 4/)
  })
})
