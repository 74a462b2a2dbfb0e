import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ManualClock } from '../../clock'
import { systemContext } from '../../context'
import { loadOrCreateSecrets } from '../../secrets'
import { createTestDatabase, type TestDatabase } from '../../testing/test-database'
import { AuditService } from '../audit/audit.service'
import { FilesService } from './files.service'

// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)

let db: TestDatabase
let dataDir: string
let service: FilesService
const ctx = systemContext('test')

beforeAll(async () => {
  db = await createTestDatabase()
  dataDir = mkdtempSync(join(tmpdir(), 'wangan-files-'))
  const clock = new ManualClock()
  const secrets = loadOrCreateSecrets(dataDir)
  const audit = new AuditService({ database: db.database, clock, secrets })
  service = new FilesService({ database: db.database, clock, secrets, audit, dataDir })
})
afterAll(async () => {
  await db?.drop()
  rmSync(dataDir, { recursive: true, force: true })
})

function blobs(): string[] {
  const out: string[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name))
      else out.push(join(dir, entry.name))
    }
  }
  walk(join(dataDir, 'files'))
  return out.filter((p) => !p.includes(`${join('files', 'tmp')}`))
}

describe('file store', () => {
  test('stores, types by content, encrypts at rest and reads back', async () => {
    const stored = await service.store(ctx, PNG, { originalName: '../../etc/截图.txt', purpose: 'evidence' })
    expect(stored.mediaType).toBe('image/png')
    expect(stored.originalName).toBe('截图.txt')
    expect(stored.size).toBe(PNG.length)
    const read = await service.read(stored.id)
    expect(read.content.equals(PNG)).toBe(true)
    const [blob] = blobs()
    expect(readFileSync(blob!).includes(PNG.subarray(0, 8))).toBe(false)
  })

  test('identical content shares one blob', async () => {
    const text = Buffer.from('SQL 注入 复现步骤\nid=1 and 1=1\n')
    const before = blobs().length
    const a = await service.store(ctx, Readable.from([text.subarray(0, 5), text.subarray(5)]), {
      originalName: 'a.txt',
      purpose: 'evidence',
    })
    const b = await service.store(ctx, text, { originalName: 'b.txt', purpose: 'evidence' })
    expect(a.id).not.toBe(b.id)
    expect(blobs().length).toBe(before + 1)
    expect((await service.read(b.id)).content.toString()).toBe(text.toString())
  })

  test('too large is refused while streaming and leaves nothing behind', async () => {
    const before = blobs().length
    const big = Readable.from(
      (function* () {
        for (let i = 0; i < 30; i++) yield Buffer.alloc(1024 * 1024, 0x41)
      })(),
    )
    await expect(
      service.store(ctx, big, { originalName: 'big.txt', purpose: 'evidence' }),
    ).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' })
    expect(blobs().length).toBe(before)
    expect(readdirSync(join(dataDir, 'files', 'tmp'))).toEqual([])
  })

  test('HTML, SVG, executables and empty files are refused', async () => {
    await expect(
      service.store(ctx, Buffer.from('<!DOCTYPE html><script>alert(1)</script>'), {
        originalName: 'x.png',
        purpose: 'evidence',
      }),
    ).rejects.toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
    })
    await expect(
      service.store(ctx, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), {
        originalName: 'x.svg',
        purpose: 'evidence',
      }),
    ).rejects.toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' })
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(64, 0)])
    await expect(
      service.store(ctx, elf, { originalName: 'report.pdf', purpose: 'evidence' }),
    ).rejects.toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' })
    await expect(
      service.store(ctx, Buffer.alloc(0), { originalName: 'empty.txt', purpose: 'evidence' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
  })

  test('a HAR file and a stamped PDF are accepted where they belong', async () => {
    const har = await service.store(ctx, Buffer.from('{"log":{"version":"1.2","entries":[]}}'), {
      originalName: 'trace.har',
      purpose: 'evidence',
    })
    expect(har.mediaType).toBe('application/har+json')
    const pdf = await service.store(
      ctx,
      Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n'),
      { originalName: '整改报告（盖章）.pdf', purpose: 'attachment' },
    )
    expect(pdf.mediaType).toBe('application/pdf')
  })

  test('a tampered blob is detected on read', async () => {
    const stored = await service.store(ctx, Buffer.from('evidence to tamper with'), {
      originalName: 't.txt',
      purpose: 'evidence',
    })
    const path = blobs().find((p) => statSync(p).size === 76 + 23 + 16)!
    const bytes = readFileSync(path)
    bytes[80] = bytes[80]! ^ 0xff
    writeFileSync(path, bytes)
    await expect(service.read(stored.id)).rejects.toThrow(/integrity/)
  })

  test('every stored file is audited', async () => {
    const events = await new AuditService({
      database: db.database,
      clock: new ManualClock(),
      secrets: loadOrCreateSecrets(dataDir),
    }).list({ action: 'file.stored', page: 1, pageSize: 100 })
    expect(events.total).toBeGreaterThanOrEqual(5)
  })
})
