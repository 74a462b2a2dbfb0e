// Random mutations of the real fixtures must either parse into well-formed findings or fail with
// ScanParseError — never with a TypeError, a RangeError or a hang.
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseScan } from './parse-scan'
import { ScanParseError } from './scan-parse-error'
import { fixturePath, loadManifest } from './test-fixtures'

const fixtures = loadManifest()
  .map((entry) => ({ entry, bytes: readFileSync(fixturePath(entry.file)) }))
  .filter(({ bytes }) => bytes.byteLength > 0 && bytes.byteLength < 200_000)

const TOKENS = [
  '<',
  '>',
  '</',
  '/>',
  '"',
  "'",
  ',',
  ';',
  '\n',
  '{',
  '}',
  '[',
  ']',
  ':',
  '&',
  '&amp;',
  '&lol;',
  ']]>',
  '<![CDATA[',
  '<!DOCTYPE x>',
  '<!-- ',
  '-->',
  '\u0000',
  '\uFFFD',
  '0',
  '-1',
  '99999',
  'NaN',
  'null',
  '"cvss-metrics":"CVSS:3.1/AV:X"',
  'CVSS:3.0/AV:N',
  'http://',
  '//',
  '%',
  '%zz',
  '\\',
  '\r\n',
  '中文',
  '\uD800',
].map((token) => Buffer.from(token, 'utf8'))

// A position as a fraction of the file; kept away from 0 so that most runs mutate the body, not the first byte.
const position = fc.integer({ min: 1, max: 9999 }).map((n) => n / 10000)

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; token: number }
  | { kind: 'flip'; at: number; value: number }
  | { kind: 'duplicate'; at: number; length: number }

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({
    kind: fc.constant('delete' as const),
    at: position,
    length: fc.integer({ min: 1, max: 400 }),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: position,
    token: fc.integer({ min: 0, max: TOKENS.length - 1 }),
  }),
  fc.record({
    kind: fc.constant('flip' as const),
    at: position,
    value: fc.integer({ min: 0, max: 255 }),
  }),
  fc.record({
    kind: fc.constant('duplicate' as const),
    at: position,
    length: fc.integer({ min: 1, max: 2000 }),
  }),
)

function apply(bytes: Buffer, mutations: Mutation[]): Buffer {
  let current = bytes
  for (const change of mutations) {
    const at = Math.floor(change.at * current.byteLength)
    switch (change.kind) {
      case 'truncate':
        current = current.subarray(0, at)
        break
      case 'delete':
        current = Buffer.concat([current.subarray(0, at), current.subarray(at + change.length)])
        break
      case 'insert':
        current = Buffer.concat([
          current.subarray(0, at),
          TOKENS[change.token] ?? Buffer.alloc(0),
          current.subarray(at),
        ])
        break
      case 'flip': {
        current = Buffer.from(current)
        if (at < current.byteLength) current[at] = change.value
        break
      }
      case 'duplicate':
        current = Buffer.concat([current.subarray(0, at + change.length), current.subarray(at)])
        break
    }
  }
  return current
}

async function outcome(promise: Promise<{ findings: unknown[] }>): Promise<void> {
  try {
    const report = await promise
    expect(Array.isArray(report.findings)).toBe(true)
  } catch (error) {
    if (!(error instanceof ScanParseError)) throw error
    expect(error.message).not.toMatch(/\n/)
  }
}

describe('mutated fixtures', () => {
  it('never fail with anything but ScanParseError', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: fixtures.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        async (which, mutations, withTool) => {
          const fixture = fixtures[which]
          if (!fixture) return
          const bytes = apply(fixture.bytes, mutations)
          await outcome(parseScan({ tool: withTool ? fixture.entry.tool : undefined, source: bytes }))
        },
      ),
      { numRuns: 600 },
    )
  }, 120_000)
})
