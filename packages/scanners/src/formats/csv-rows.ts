// Streams CSV records. The delimiter is taken from the first line (Tenable.io exports use ';'), rows may have
// fewer or more cells than the header, and a record larger than the cap is refused instead of buffered.
import { parse } from 'csv-parse'
import { ScanParseError } from '../scan-parse-error'

export interface CsvRecord {
  cells: string[]
  /** 1-based line of the record's first line in the file. */
  line: number
}

const MAX_RECORD_BYTES = 32 * 1024 * 1024

export function detectDelimiter(firstLine: string): ',' | ';' | '\t' {
  // DefectDojo's Tenable rule: any ';' on the first line means ';'.
  if (firstLine.includes(';') && !firstLine.includes(',')) return ';'
  if (firstLine.includes(';') && firstLine.split(';').length > firstLine.split(',').length) return ';'
  if (!firstLine.includes(',') && firstLine.includes('\t')) return '\t'
  return ','
}

async function* withFirstLine(
  chunks: AsyncIterable<string>,
  seen: (firstLine: string) => void,
): AsyncGenerator<string> {
  let pending = ''
  let reported = false
  for await (const chunk of chunks) {
    if (reported) {
      yield chunk
      continue
    }
    pending += chunk
    const newline = pending.indexOf('\n')
    if (newline >= 0 || pending.length > 1024 * 1024) {
      seen(newline >= 0 ? pending.slice(0, newline) : pending)
      reported = true
      yield pending
      pending = ''
    }
  }
  if (!reported) {
    seen(pending)
    if (pending) yield pending
  }
}

function csvError(error: unknown): ScanParseError {
  if (error instanceof ScanParseError) return error
  const details = error as { message?: string; lines?: number; code?: string }
  const line = typeof details.lines === 'number' ? details.lines : undefined
  const message = (details.message ?? String(error)).replace(/^Invalid Record Length: /, '')
  const truncated = details.code === 'CSV_QUOTE_NOT_CLOSED'
  return new ScanParseError(
    truncated
      ? `CSV ends inside a quoted field (opened before line ${line ?? '?'}): the file looks truncated`
      : `invalid CSV${line === undefined ? '' : ` at line ${line}`}: ${message}`,
    { kind: 'malformed', line, cause: error },
  )
}

/** Yields every record (the header included) with its line number. */
export async function* readCsv(chunks: AsyncIterable<string>): AsyncGenerator<CsvRecord> {
  let delimiter: string = ','
  const text = withFirstLine(chunks, (line) => {
    delimiter = detectDelimiter(line)
  })
  const iterator = text[Symbol.asyncIterator]()
  // Pull the first piece so that the delimiter is known before the parser is made.
  const first = await iterator.next()
  if (first.done) return
  const parser = parse({
    delimiter,
    bom: true,
    relax_column_count: true,
    // Like Python's csv module (DefectDojo), a quote inside an unquoted field is taken literally.
    relax_quotes: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_BYTES,
    info: true,
  })
  // Resolves when the parser wants more input or has been torn down (the consumer stopped reading).
  const ready = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        parser.off('drain', done)
        parser.off('close', done)
        resolve()
      }
      parser.on('drain', done)
      parser.on('close', done)
    })
  const feeding = (async () => {
    try {
      if (!parser.write(first.value)) await ready()
      while (!parser.destroyed) {
        const next = await iterator.next()
        if (next.done || parser.destroyed) break
        if (!parser.write(next.value)) await ready()
      }
      if (!parser.destroyed) parser.end()
    } catch (error) {
      parser.destroy(error as Error)
    } finally {
      await iterator.return?.(undefined)
    }
  })()
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      yield { cells: item.record, line: item.info.lines }
    }
  } catch (error) {
    throw csvError(error)
  } finally {
    await feeding
  }
}

/** Maps header names to cell values; a name that appears twice keeps its last column (like Python's DictReader). */
export class CsvRow {
  constructor(
    private readonly index: ReadonlyMap<string, number>,
    readonly cells: readonly string[],
    readonly line: number,
  ) {}

  has(name: string): boolean {
    return this.index.has(name)
  }

  /** The cell under this header; undefined when the header has no such column. */
  get(name: string): string | undefined {
    const at = this.index.get(name)
    return at === undefined ? undefined : (this.cells[at] ?? '')
  }

  /** Like Python's `row.get(a, row.get(b, fallback))`: the first header present wins, even when empty. */
  first(names: readonly string[], fallback = ''): string {
    for (const name of names) {
      const value = this.get(name)
      if (value !== undefined) return value
    }
    return fallback
  }
}

export function headerIndex(header: readonly string[]): Map<string, number> {
  const index = new Map<string, number>()
  header.forEach((name, at) => index.set(name, at))
  return index
}
