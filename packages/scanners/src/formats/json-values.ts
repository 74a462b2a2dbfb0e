// Splits a stream of JSON text into its top-level values without holding more than one value at a time:
// either the elements of one top-level array (`[{…},{…}]`) or a sequence of values (JSON Lines, or objects
// simply written one after the other). Each value is handed to JSON.parse on its own.
import { ScanParseError } from '../scan-parse-error'

export interface JsonValue {
  value: unknown
  /** 1-based line where the value starts. */
  line: number
  /** 0-based position of the value among the top-level values. */
  index: number
}

const MAX_VALUE_CHARS = 64 * 1024 * 1024

type Mode = 'start' | 'array' | 'sequence' | 'done'

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09 || code === 0xfeff
}

export async function* readJsonValues(chunks: AsyncIterable<string>): AsyncGenerator<JsonValue> {
  let mode: Mode = 'start'
  let line = 1
  let column = 0
  // Current value being collected.
  let parts: string[] = []
  let partsLength = 0
  let depth = 0
  let inString = false
  let escaped = false
  let collecting = false
  let valueLine = 1
  let index = 0
  // In array mode: whether a value or a separator is expected next.
  let expectValue = true

  const error = (message: string): ScanParseError =>
    new ScanParseError(`invalid JSON at line ${line}, column ${column}: ${message}`, {
      kind: 'malformed',
      line,
      column,
    })

  const finish = (): JsonValue => {
    const text = parts.join('')
    parts = []
    partsLength = 0
    collecting = false
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (cause) {
      throw new ScanParseError(
        `invalid JSON in the value starting at line ${valueLine}: ${(cause as Error).message}`,
        { kind: 'malformed', line: valueLine, cause },
      )
    }
    return { value, line: valueLine, index: index++ }
  }

  for await (const chunk of chunks) {
    // Start of the collected slice within this chunk; a value begun in an earlier chunk continues at 0.
    let start = collecting ? 0 : -1
    const out: JsonValue[] = []
    for (let i = 0; i < chunk.length; i++) {
      const code = chunk.charCodeAt(i)
      if (code === 0x0a) {
        line += 1
        column = 0
      } else column += 1

      if (collecting) {
        if (inString) {
          if (escaped) escaped = false
          else if (code === 0x5c) escaped = true
          else if (code === 0x22) inString = false
          continue
        }
        if (code === 0x22) {
          inString = true
          continue
        }
        if (depth > 0) {
          if (code === 0x7b || code === 0x5b) depth += 1
          else if (code === 0x7d || code === 0x5d) {
            depth -= 1
            if (depth === 0) {
              parts.push(chunk.slice(start, i + 1))
              start = -1
              out.push(finish())
              if (mode === 'array') expectValue = false
            }
          }
          continue
        }
        // A scalar value (number, true, false, null) ends at a delimiter.
        if (isSpace(code) || code === 0x2c || code === 0x5d) {
          parts.push(chunk.slice(start, i))
          start = -1
          out.push(finish())
          if (mode === 'array') expectValue = false
          // fall through to handle the delimiter itself
        } else continue
      }

      if (isSpace(code)) continue
      if (mode === 'done') throw error('unexpected data after the end of the top-level array')
      if (mode === 'start' && code === 0x5b) {
        mode = 'array'
        expectValue = true
        continue
      }
      if (mode === 'start') mode = 'sequence'
      if (mode === 'array') {
        if (code === 0x5d) {
          if (expectValue && index > 0) throw error('trailing comma before "]"')
          mode = 'done'
          continue
        }
        if (code === 0x2c) {
          if (expectValue) throw error('unexpected ","')
          expectValue = true
          continue
        }
        if (!expectValue) throw error('expected "," or "]" between array elements')
      }
      // The start of a value.
      collecting = true
      valueLine = line
      start = i
      if (code === 0x7b || code === 0x5b) depth = 1
      else if (code === 0x22) {
        depth = 0
        inString = true
      } else depth = 0
      expectValue = false
    }
    if (collecting && start >= 0) {
      const rest = chunk.slice(start)
      parts.push(rest)
      partsLength += rest.length
      if (partsLength > MAX_VALUE_CHARS) {
        throw new ScanParseError(
          `JSON value starting at line ${valueLine} exceeds ${MAX_VALUE_CHARS} characters; refused`,
          { kind: 'hostile', line: valueLine },
        )
      }
    }
    for (const value of out) yield value
  }
  if (collecting) {
    if (depth === 0 && !inString) yield finish()
    else
      throw new ScanParseError(
        `JSON ends inside the value starting at line ${valueLine} (line ${line}): the file looks truncated`,
        { kind: 'malformed', line, column },
      )
  }
  if (mode === 'array') {
    throw new ScanParseError(`JSON array is not closed (ends at line ${line}): the file looks truncated`, {
      kind: 'malformed',
      line,
      column,
    })
  }
}
