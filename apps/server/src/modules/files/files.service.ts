// Stored files: streamed in with a size limit, typed by content, encrypted at rest, content-addressed. Reading a file
// is always done through the module that owns the object it is attached to (a finding's evidence, a notice's DOCX),
// which checks the caller's access first; this service has no routes of its own.
import { createHmac, hkdfSync, randomUUID } from 'node:crypto'
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs'
import { open } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { eq, inArray } from 'drizzle-orm'
import type { Clock } from '../../clock'
import type { RequestContext } from '../../context'
import type { Database, Tx } from '../../db/client'
import { files } from '../../db/schema'
import { inTransaction } from '../../db/transaction'
import { AppError, notFound } from '../../http/errors'
import type { Secrets } from '../../secrets'
import type { AuditService } from '../audit/audit.service'
import { createBlobCipher, createBlobDecipher, HEADER_BYTES, TAG_BYTES } from './blob-cipher'
import { SNIFF_BYTES, sniffMediaType } from './media-type'

const MiB = 1024 * 1024
const IMAGES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp']
const OFFICE = [
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/x-cfb',
]
const TEXTS = ['text/plain', 'text/csv', 'application/json', 'application/har+json', 'application/xml']

/** What each kind of upload may be. HTML and SVG are never accepted: they can carry script. */
export const FILE_POLICIES = {
  evidence: { maxBytes: 20 * MiB, accept: [...IMAGES, ...TEXTS, 'application/pdf', 'application/zip'] },
  attachment: {
    maxBytes: 50 * MiB,
    accept: [...IMAGES, ...TEXTS, ...OFFICE, 'application/pdf', 'application/zip'],
  },
  scan_report: { maxBytes: 512 * MiB, accept: [...TEXTS, 'application/x-ndjson'] },
  document: { maxBytes: 50 * MiB, accept: [...OFFICE, 'application/pdf', 'application/zip'] },
} as const satisfies Record<string, { maxBytes: number; accept: readonly string[] }>

export type FilePurpose = keyof typeof FILE_POLICIES

export type TStoredFile = {
  id: string
  size: number
  mediaType: string
  originalName: string
  purpose: string
  createdAt: string
}

export const MEDIA_TYPE_LABELS: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'text/plain': '文本 text',
  'application/har+json': 'HAR',
}

function present(row: typeof files.$inferSelect): TStoredFile {
  return {
    id: row.id,
    size: row.size,
    mediaType: row.mediaType,
    originalName: row.originalName,
    purpose: row.purpose,
    createdAt: row.createdAt.toISOString(),
  }
}

/** A file name safe to store and to echo in Content-Disposition: no path, no control characters, bounded length. */
export function safeFileName(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? ''
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const base = last.replace(/[\u0000-\u001f\u007f]/g, '').trim()
  return (base || 'file').slice(0, 200)
}

export class FilesService {
  private readonly addressKey: Buffer
  private readonly root: string

  constructor(
    private readonly deps: {
      database: Database
      clock: Clock
      secrets: Secrets
      audit: AuditService
      dataDir: string
    },
  ) {
    this.addressKey = Buffer.from(
      hkdfSync('sha256', deps.secrets.dataKey, Buffer.alloc(0), 'wangan file address v1', 32),
    )
    this.root = join(deps.dataDir, 'files')
  }

  private blobPath(address: string): string {
    return join(this.root, address.slice(0, 2), address.slice(2, 4), address)
  }

  /** Streams `source` into the store. Refuses more than the purpose's limit and any type it does not accept. */
  async store(
    ctx: RequestContext,
    source: Readable | Uint8Array,
    meta: { originalName: string; purpose: FilePurpose; maxBytes?: number },
    tx?: Tx,
  ): Promise<TStoredFile> {
    const policy = FILE_POLICIES[meta.purpose]
    const maxBytes = Math.min(meta.maxBytes ?? policy.maxBytes, policy.maxBytes)
    const originalName = safeFileName(meta.originalName)
    mkdirSync(join(this.root, 'tmp'), { recursive: true })
    const temp = join(this.root, 'tmp', `${randomUUID()}.part`)
    const { header, cipher } = createBlobCipher(this.deps.secrets.dataKey)
    const hmac = createHmac('sha256', this.addressKey)
    const headChunks: Buffer[] = []
    let headBytes = 0
    let size = 0
    const input = source instanceof Uint8Array ? Readable.from([Buffer.from(source)]) : source
    const output = createWriteStream(temp, { mode: 0o600 })
    output.write(header)
    try {
      await pipeline(
        input,
        async function* (chunks: AsyncIterable<Buffer | string>) {
          for await (const raw of chunks) {
            const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw
            size += chunk.length
            if (size > maxBytes)
              throw new AppError(
                'PAYLOAD_TOO_LARGE',
                `文件超过 ${Math.floor(maxBytes / MiB)} MB 上限 (${originalName} is larger than the limit)`,
              )
            if (headBytes < SNIFF_BYTES) {
              headChunks.push(chunk.subarray(0, SNIFF_BYTES - headBytes))
              headBytes += Math.min(chunk.length, SNIFF_BYTES - headBytes)
            }
            hmac.update(chunk)
            yield cipher.update(chunk)
          }
          yield cipher.final()
          yield cipher.getAuthTag()
        },
        output,
      )
      if (size === 0)
        throw new AppError('VALIDATION_FAILED', `文件为空 (${originalName} is empty)`, [
          { path: 'file', message: '文件为空 (empty file)' },
        ])
      const mediaType = await sniffMediaType(Buffer.concat(headChunks), originalName)
      if (!mediaType || !(policy.accept as readonly string[]).includes(mediaType))
        throw new AppError(
          'UNSUPPORTED_MEDIA_TYPE',
          `不接受的文件类型 ${mediaType ?? '未知'} (${originalName}: type ${mediaType ?? 'unknown'} is not accepted here)`,
          [{ path: 'file', message: `接受 accepted: ${policy.accept.join(', ')}` }],
        )
      const address = hmac.digest('hex')
      const target = this.blobPath(address)
      if (existsSync(target)) rmSync(temp)
      else {
        mkdirSync(join(target, '..'), { recursive: true })
        renameSync(temp, target)
      }
      return await inTransaction(this.deps.database, tx, async (tx) => {
        const [row] = await tx
          .insert(files)
          .values({
            address,
            size,
            mediaType,
            originalName,
            purpose: meta.purpose,
            createdBy: ctx.actor?.userId ?? null,
            createdAt: this.deps.clock.now(),
          })
          .returning()
        await this.deps.audit.record(tx, ctx, {
          action: 'file.stored',
          objectType: 'file',
          objectId: row!.id,
          summary: { originalName, size, mediaType, purpose: meta.purpose },
        })
        return present(row!)
      })
    } catch (error) {
      output.destroy()
      rmSync(temp, { force: true })
      throw error
    }
  }

  async describe(ids: string[], tx?: Tx): Promise<TStoredFile[]> {
    if (!ids.length) return []
    const executor = tx ?? this.deps.database.db
    const rows = await executor.select().from(files).where(inArray(files.id, ids))
    return rows.map(present)
  }

  /** The decrypted content, authenticated before anything is returned. Callers check access first. */
  async read(id: string): Promise<{ file: TStoredFile; content: Buffer }> {
    const [row] = await this.deps.database.db.select().from(files).where(eq(files.id, id))
    if (!row) throw notFound('文件 file ')
    const path = this.blobPath(row.address)
    if (!existsSync(path)) throw new AppError('INTERNAL', '文件内容缺失 (the stored content is missing)')
    const total = statSync(path).size
    const handle = await open(path, 'r')
    try {
      const header = Buffer.alloc(HEADER_BYTES)
      const tag = Buffer.alloc(TAG_BYTES)
      await handle.read(header, 0, HEADER_BYTES, 0)
      await handle.read(tag, 0, TAG_BYTES, total - TAG_BYTES)
      const decipher = createBlobDecipher(this.deps.secrets.dataKey, header, tag)
      const chunks: Buffer[] = []
      const stream = createReadStream(path, { start: HEADER_BYTES, end: total - TAG_BYTES - 1 })
      for await (const chunk of stream) chunks.push(decipher.update(chunk as Buffer))
      try {
        chunks.push(decipher.final())
      } catch {
        throw new AppError(
          'INTERNAL',
          '文件内容校验失败，可能已被篡改 (the stored content failed its integrity check)',
        )
      }
      return { file: present(row), content: Buffer.concat(chunks) }
    } finally {
      await handle.close()
    }
  }
}
