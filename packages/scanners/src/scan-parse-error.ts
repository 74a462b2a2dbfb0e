/**
 * What went wrong, so that callers can map it without reading the message:
 * - `not_a_report`: the input is not a report of the expected (or any known) tool;
 * - `malformed`: it looked like one but is broken (truncated, bad syntax, missing fields);
 * - `hostile`: refused on purpose (entity declarations, oversized nodes);
 * - `too_large`: beyond the configured maximum input size;
 * - `unreadable`: the source could not be read (missing file, I/O error).
 */
export type ScanParseErrorKind = 'not_a_report' | 'malformed' | 'hostile' | 'too_large' | 'unreadable'

export interface ScanParseErrorOptions {
  kind: ScanParseErrorKind
  line?: number
  column?: number
  cause?: unknown
}

/** The only error a parser throws for bad input. The message is one line and names what is wrong and where. */
export class ScanParseError extends Error {
  readonly kind: ScanParseErrorKind
  readonly line: number | undefined
  readonly column: number | undefined

  constructor(message: string, options: ScanParseErrorOptions) {
    super(oneLine(message), options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'ScanParseError'
    this.kind = options.kind
    this.line = options.line
    this.column = options.column
  }
}

function oneLine(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, ' ').trim()
}

/** "line 3, column 7" or "line 3" or "" — for messages. */
export function describePosition(line?: number, column?: number): string {
  if (line === undefined) return ''
  return column === undefined ? `line ${line}` : `line ${line}, column ${column}`
}
