// Backup → restore into an empty database → identical rows, and the audit chain still verifies.
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { createCliDatabase, type CliDatabase } from './cli-database'

const cleanup: CliDatabase[] = []
afterEach(async () => {
  for (const db of cleanup.splice(0)) await db.drop()
})

const TABLES = [
  'regions',
  'organisations',
  'organisation_contacts',
  'users',
  'sessions',
  'settings',
  'audit_events',
]

/** Every row of every table, in a canonical order, as one JSON text per table. */
async function snapshot(db: CliDatabase): Promise<Record<string, string>> {
  const columns = TABLES.map(
    (table) =>
      `(SELECT coalesce(jsonb_agg(to_jsonb(t) ORDER BY to_jsonb(t)::text), '[]'::jsonb)::text FROM ${table} t) AS ${table}`,
  )
  const [row] = await db.sql(`SELECT ${columns.join(', ')}`)
  return Object.fromEntries(TABLES.map((table) => [table, String(row?.[table])]))
}

describe('wangan backup / restore', { timeout: 180_000 }, () => {
  test('a restore into an empty database reproduces every row', async () => {
    const source = await createCliDatabase()
    cleanup.push(source)
    for (const name of ['alice', 'bob'])
      expect(
        source.cli(
          ['user', 'create', '--role', 'admin', '--username', name, '--password-stdin'],
          'Str0ng-pass!word',
        ).status,
      ).toBe(0)
    await source.sql(`INSERT INTO regions (id, name, level, path) VALUES ('11111111-1111-4111-8111-111111111111', '江苏省', 'province', '/11111111-1111-4111-8111-111111111111/');
      INSERT INTO regions (id, parent_id, name, level, path) VALUES ('22222222-2222-4222-8222-222222222222', '11111111-1111-4111-8111-111111111111', '常州市', 'city', '/11111111-1111-4111-8111-111111111111/22222222-2222-4222-8222-222222222222/');
      INSERT INTO organisations (id, name, category, region_id, path, parent_id) VALUES ('44444444-4444-4444-8444-444444444444', '下属单位', 'other', '22222222-2222-4222-8222-222222222222', '/33333333-3333-4333-8333-333333333333/44444444-4444-4444-8444-444444444444/', NULL);
      INSERT INTO organisations (id, name, category, region_id, path) VALUES ('33333333-3333-4333-8333-333333333333', '市教育局 "quoted" \\ back', 'party_government', '22222222-2222-4222-8222-222222222222', '/33333333-3333-4333-8333-333333333333/');
      UPDATE organisations SET parent_id = '33333333-3333-4333-8333-333333333333' WHERE id = '44444444-4444-4444-8444-444444444444';
      INSERT INTO settings (key, value) VALUES ('security', '{"totpRequiredRoles":["admin"]}')`)
    const file = join(source.dataDir, 'backup.wangan.gz')
    const backup = source.cli(['backup', file])
    expect(backup.status, backup.stderr).toBe(0)
    expect(existsSync(file)).toBe(true)
    expect(JSON.parse(backup.stdout).tables.users).toBe(2)

    const target = await source.sibling()
    cleanup.push(target)
    const restore = target.cli(['restore', file])
    expect(restore.status, restore.stderr).toBe(0)
    expect(await snapshot(target)).toEqual(await snapshot(source))
    const verify = target.cli(['audit', 'verify'])
    expect(verify.status, verify.stderr).toBe(0)
    expect(JSON.parse(verify.stdout).checked).toBe(2)

    // A second restore into the now non-empty database is refused and changes nothing.
    const again = target.cli(['restore', file])
    expect(again.status).toBe(2)
    expect(again.stderr).toMatch(/not empty/)
  })

  test('a damaged or foreign file is refused with a clear message', async () => {
    const db = await createCliDatabase()
    cleanup.push(db)
    const bogus = join(db.dataDir, 'bogus.gz')
    writeFileSync(bogus, 'this is not a backup')
    const result = db.cli(['restore', bogus])
    expect(result.status).toBe(2)
    expect(result.stderr).toMatch(/not a Wangan backup|damaged/)
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })
})
