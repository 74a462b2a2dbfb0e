// Uploads and downloads over HTTP, for modules that attach files to their objects.
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { RequestContext } from '../context'
import type { Tx } from '../db/client'
import type { FilePurpose, FilesService, TStoredFile } from '../modules/files/files.service'
import { AppError } from './errors'

type FilePart = NonNullable<Awaited<ReturnType<FastifyRequest['file']>>>

/** The single file part of a multipart request; the fields sent before it ride along. */
async function filePart(request: FastifyRequest): Promise<FilePart> {
  if (!request.isMultipart())
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      '请以 multipart/form-data 上传文件 (upload as multipart/form-data)',
    )
  const part = await request.file()
  if (!part)
    throw new AppError('VALIDATION_FAILED', '没有收到文件 (no file in the request)', [
      { path: 'file', message: '缺少文件 (missing)' },
    ])
  return part
}

function fieldsOf(part: FilePart): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const [name, value] of Object.entries(part.fields)) {
    const field = Array.isArray(value) ? value[0] : value
    if (field && field.type === 'field') fields[name] = String(field.value)
  }
  return fields
}

async function storePart(
  part: FilePart,
  files: FilesService,
  ctx: RequestContext,
  purpose: FilePurpose,
  tx?: Tx,
): Promise<TStoredFile> {
  const file = await files.store(ctx, part.file, { originalName: part.filename, purpose }, tx)
  if (part.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE', '文件过大 (the file is too large)')
  return file
}

/** Reads the single file part of a multipart request into the file store. Other parts come back as fields. */
export async function receiveUpload(
  request: FastifyRequest,
  files: FilesService,
  ctx: RequestContext,
  purpose: FilePurpose,
  tx?: Tx,
): Promise<{ file: TStoredFile; fields: Record<string, string> }> {
  const part = await filePart(request)
  const file = await storePart(part, files, ctx, purpose, tx)
  return { file, fields: fieldsOf(part) }
}

/**
 * Like `receiveUpload`, but `check` sees the fields sent before the file part first: a refused upload (unknown item,
 * locked object, stale version) is answered without storing a byte of it.
 */
export async function receiveCheckedUpload<T>(
  request: FastifyRequest,
  files: FilesService,
  ctx: RequestContext,
  purpose: FilePurpose,
  check: (fields: Record<string, string>) => Promise<T>,
): Promise<{ file: TStoredFile; checked: T }> {
  const part = await filePart(request)
  let checked: T
  try {
    checked = await check(fieldsOf(part))
  } catch (error) {
    part.file.resume() // let the refused bytes flow past, so the answer is not stuck behind them
    throw error
  }
  return { file: await storePart(part, files, ctx, purpose), checked }
}

const INLINE_TYPES = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/bmp',
  'application/pdf',
])

/** Sends a stored file. Images and PDFs may be shown inline; everything else downloads as an attachment, never
 * interpreted by the browser (text is sent as text/plain; the CSP and nosniff header apply). */
export function sendStoredFile(
  reply: FastifyReply,
  stored: { file: TStoredFile; content: Buffer },
  options: { inline?: boolean } = {},
) {
  const inline = options.inline && INLINE_TYPES.has(stored.file.mediaType)
  const type =
    INLINE_TYPES.has(stored.file.mediaType) || stored.file.mediaType.startsWith('application/vnd')
      ? stored.file.mediaType
      : 'application/octet-stream'
  const ascii = stored.file.originalName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return reply
    .header('content-type', type)
    .header(
      'content-disposition',
      `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(stored.file.originalName)}`,
    )
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .send(stored.content)
}
