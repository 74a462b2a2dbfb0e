import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ScanParseError } from '../scan-parse-error'
import { readJsonValues } from './json-values'

async function collect(chunks: string[]): Promise<unknown[]> {
  const values: unknown[] = []
  async function* source() {
    yield* chunks
  }
  for await (const item of readJsonValues(source())) values.push(item.value)
  return values
}

describe('readJsonValues', () => {
  it('reads the elements of a top-level array', async () => {
    expect(await collect(['[{"a":1}, {"b":"x]"},', ' [1,2], 3, "s", null]'])).toEqual([
      { a: 1 },
      { b: 'x]' },
      [1, 2],
      3,
      's',
      null,
    ])
  })

  it('reads JSON Lines and concatenated objects', async () => {
    expect(await collect(['{"a":1}\n{"b":{"c":"}\\""}}\n\n', '{"d":', '2}'])).toEqual([
      { a: 1 },
      { b: { c: '}"' } },
      { d: 2 },
    ])
  })

  it('reads an empty array and an empty input', async () => {
    expect(await collect(['[ ]'])).toEqual([])
    expect(await collect([''])).toEqual([])
  })

  it('names the line of a broken or truncated value', async () => {
    await expect(collect(['{"a":1}\n{"a":\n'])).rejects.toMatchObject({ line: 3 })
    await expect(collect(['[{"a":1},'])).rejects.toBeInstanceOf(ScanParseError)
    await expect(collect(['{"a":1}\n{"a" 2}\n'])).rejects.toMatchObject({ line: 2 })
    await expect(collect(['[1,]'])).rejects.toThrow(/trailing comma/)
    await expect(collect(['[1] 2'])).rejects.toThrow(/after the end/)
  })

  it('agrees with JSON.parse on arrays of arbitrary JSON, however the text is chunked', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.jsonValue(), { maxLength: 8 }),
        fc.integer({ min: 1, max: 17 }),
        async (values, size) => {
          const text = JSON.stringify(values, null, 1)
          const chunks: string[] = []
          for (let at = 0; at < text.length; at += size) chunks.push(text.slice(at, at + size))
          expect(await collect(chunks)).toEqual(JSON.parse(text))
        },
      ),
    )
  })
})
