// Turns whatever the caller has (a file path, a stream, bytes) into size-checked chunks, with the first bytes
// available up front for sniffing the tool and the encoding.
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import { ScanParseError } from '../scan-parse-error'

export type ScanSource = Readable | string | Uint8Array

export const DEFAULT_MAX_BYTES = 512 * 1024 * 1024
const HEAD_BYTES = 64 * 1024
const FILE_CHUNK_BYTES = 256 * 1024

export interface OpenedSource {
  /** The first bytes (up to 64 KiB) of the input. */
  head: Uint8Array
  /** The whole input from its first byte; iterate once. */
  chunks: AsyncIterable<Uint8Array>
  /** Stops reading (closes the file or stream) when the chunks will not be consumed. */
  close(): Promise<void>
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024 && bytes % (1024 * 1024 * 1024) === 0) return `${bytes / 1024 ** 3} GiB`
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 ** 2) * 10) / 10} MiB`
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`
  return `${bytes} bytes`
}

function tooLarge(maxBytes: number): ScanParseError {
  return new ScanParseError(`input is larger than the maximum of ${formatBytes(maxBytes)}`, {
    kind: 'too_large',
  })
}

async function* limited(chunks: AsyncIterable<Uint8Array | string>, maxBytes: number) {
  let total = 0
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk
    total += bytes.byteLength
    if (total > maxBytes) throw tooLarge(maxBytes)
    if (bytes.byteLength > 0) yield bytes
  }
}

function* sliced(bytes: Uint8Array): Generator<Uint8Array> {
  for (let offset = 0; offset < bytes.byteLength; offset += FILE_CHUNK_BYTES) {
    yield bytes.subarray(offset, Math.min(bytes.byteLength, offset + FILE_CHUNK_BYTES))
  }
}

async function fileChunks(path: string, maxBytes: number): Promise<AsyncIterable<Uint8Array | string>> {
  let size: number
  try {
    const info = await stat(path)
    if (info.isDirectory()) throw new ScanParseError(`${path} is a directory`, { kind: 'unreadable' })
    size = info.size
  } catch (error) {
    if (error instanceof ScanParseError) throw error
    const code = (error as NodeJS.ErrnoException).code
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(code)
    throw new ScanParseError(`cannot read ${path}: ${reason}`, { kind: 'unreadable', cause: error })
  }
  // Refuse before reading a byte: a 1 GB upload costs nothing to reject.
  if (size > maxBytes) {
    throw new ScanParseError(
      `${path} is ${formatBytes(size)}, larger than the maximum of ${formatBytes(maxBytes)}`,
      { kind: 'too_large' },
    )
  }
  return readWithErrors(createReadStream(path, { highWaterMark: FILE_CHUNK_BYTES }), path)
}

async function* readWithErrors(stream: Readable, name: string): AsyncGenerator<Uint8Array | string> {
  try {
    for await (const chunk of stream) yield chunk as Uint8Array | string
  } catch (error) {
    if (error instanceof ScanParseError) throw error
    const code = (error as NodeJS.ErrnoException).code
    throw new ScanParseError(`cannot read ${name}: ${code ?? (error as Error).message}`, {
      kind: 'unreadable',
      cause: error,
    })
  }
}

export async function openSource(source: ScanSource, maxBytes = DEFAULT_MAX_BYTES): Promise<OpenedSource> {
  if (!Number.isFinite(maxBytes) || maxBytes <= 0)
    throw new RangeError(`maxBytes must be positive: ${maxBytes}`)
  let raw: AsyncIterable<Uint8Array | string>
  if (typeof source === 'string') raw = await fileChunks(source, maxBytes)
  else if (source instanceof Uint8Array) {
    if (source.byteLength > maxBytes) throw tooLarge(maxBytes)
    raw = (async function* () {
      yield* sliced(source)
    })()
  } else raw = readWithErrors(source, 'input stream')

  const iterator = limited(raw, maxBytes)[Symbol.asyncIterator]()
  const buffered: Uint8Array[] = []
  let headLength = 0
  let exhausted = false
  try {
    while (headLength < HEAD_BYTES) {
      const next = await iterator.next()
      if (next.done) {
        exhausted = true
        break
      }
      buffered.push(next.value)
      headLength += next.value.byteLength
    }
  } catch (error) {
    await iterator.return?.(undefined)
    throw error
  }
  const joined = Buffer.concat(buffered)
  const head = joined.subarray(0, Math.min(joined.byteLength, HEAD_BYTES))

  async function* all(): AsyncGenerator<Uint8Array> {
    if (joined.byteLength > 0) yield joined
    if (exhausted) return
    while (true) {
      const next = await iterator.next()
      if (next.done) return
      yield next.value
    }
  }
  const chunks = all()
  return {
    head,
    chunks,
    async close() {
      await chunks.return(undefined)
      await iterator.return?.(undefined)
    },
  }
}
