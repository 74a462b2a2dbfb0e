// Where a message body ends, found without copying it: the proxy forwards the bytes as they come and only needs to
// know the boundary (for keep-alive and pipelining) and, for requests, the first bytes of the decoded body for the
// violation rules.

export const MAX_CHUNK_LINE = 4096

const enum Chunk {
  Size,
  SizeExt,
  SizeLf,
  Data,
  DataCr,
  DataLf,
  Trailer,
  TrailerLf,
  Done,
}

export class BodyFraming {
  /** Body bytes seen (framing included), for the byte counts. */
  bytes = 0
  done: boolean
  error: string | null = null
  private remaining: number
  private state = Chunk.Size
  private chunkSize = 0
  private sizeDigits = 0
  private lineBytes = 0
  private trailerLineEmpty = true
  private captured: Buffer[] | null
  private capturedBytes = 0

  constructor(
    readonly kind: 'none' | 'length' | 'chunked' | 'close',
    length: number,
    private readonly captureLimit = 0,
  ) {
    this.remaining = kind === 'length' ? length : 0
    this.done = kind === 'none' || (kind === 'length' && length === 0)
    this.captured = captureLimit > 0 ? [] : null
  }

  /** Consumes body bytes from `data[offset…]`; returns how many belong to this body. */
  consume(data: Buffer, offset: number): number {
    if (this.done) return 0
    const available = data.length - offset
    if (this.kind === 'close') {
      this.capture(data, offset, data.length)
      this.bytes += available
      return available
    }
    if (this.kind === 'length') {
      const take = Math.min(available, this.remaining)
      this.capture(data, offset, offset + take)
      this.remaining -= take
      this.bytes += take
      if (this.remaining === 0) this.done = true
      return take
    }
    const used = this.chunked(data, offset)
    this.bytes += used
    return used
  }

  /** The end of a close-delimited body. */
  end(): void {
    if (this.kind === 'close') this.done = true
  }

  /** The first bytes of the decoded body (up to the capture limit). */
  body(): Buffer {
    return this.captured ? Buffer.concat(this.captured) : Buffer.alloc(0)
  }

  private capture(data: Buffer, from: number, to: number): void {
    if (this.captured === null || this.capturedBytes >= this.captureLimit || to <= from) return
    const end = Math.min(to, from + this.captureLimit - this.capturedBytes)
    this.captured.push(Buffer.from(data.subarray(from, end)))
    this.capturedBytes += end - from
  }

  private fail(message: string, used: number): number {
    this.error = message
    this.done = true
    return used
  }

  private chunked(data: Buffer, offset: number): number {
    let i = offset
    const n = data.length
    while (i < n) {
      switch (this.state) {
        case Chunk.Size: {
          const c = data[i]!
          const digit =
            c >= 48 && c <= 57 ? c - 48 : (c | 0x20) >= 97 && (c | 0x20) <= 102 ? (c | 0x20) - 87 : -1
          if (digit >= 0) {
            if (++this.sizeDigits > 12) return this.fail('chunk size too large', i - offset)
            this.chunkSize = this.chunkSize * 16 + digit
            i++
          } else if (this.sizeDigits === 0) return this.fail('malformed chunk size', i - offset)
          else if (c === 13) {
            this.state = Chunk.SizeLf
            i++
          } else if (c === 59 || c === 32 || c === 9) {
            this.state = Chunk.SizeExt
            this.lineBytes = 0
            i++
          } else return this.fail('malformed chunk size', i - offset)
          break
        }
        case Chunk.SizeExt: {
          const cr = data.indexOf(13, i)
          const stop = cr < 0 ? n : cr
          this.lineBytes += stop - i
          if (this.lineBytes > MAX_CHUNK_LINE) return this.fail('chunk extension too long', stop - offset)
          i = stop
          if (cr >= 0) {
            this.state = Chunk.SizeLf
            i++
          }
          break
        }
        case Chunk.SizeLf:
          if (data[i] !== 10) return this.fail('malformed chunk line', i - offset)
          i++
          this.sizeDigits = 0
          if (this.chunkSize === 0) {
            this.state = Chunk.Trailer
            this.trailerLineEmpty = true
            this.lineBytes = 0
          } else {
            this.remaining = this.chunkSize
            this.chunkSize = 0
            this.state = Chunk.Data
          }
          break
        case Chunk.Data: {
          const take = Math.min(n - i, this.remaining)
          this.capture(data, i, i + take)
          this.remaining -= take
          i += take
          if (this.remaining === 0) this.state = Chunk.DataCr
          break
        }
        case Chunk.DataCr:
          if (data[i] !== 13) return this.fail('malformed chunk end', i - offset)
          this.state = Chunk.DataLf
          i++
          break
        case Chunk.DataLf:
          if (data[i] !== 10) return this.fail('malformed chunk end', i - offset)
          this.state = Chunk.Size
          i++
          break
        case Chunk.Trailer: {
          const c = data[i]!
          i++
          if (c === 13) this.state = Chunk.TrailerLf
          else {
            this.trailerLineEmpty = false
            if (++this.lineBytes > MAX_CHUNK_LINE) return this.fail('trailer too long', i - offset)
          }
          break
        }
        case Chunk.TrailerLf:
          if (data[i] !== 10) return this.fail('malformed trailer', i - offset)
          i++
          if (this.trailerLineEmpty) {
            this.state = Chunk.Done
            this.done = true
            return i - offset
          }
          this.state = Chunk.Trailer
          this.trailerLineEmpty = true
          this.lineBytes = 0
          break
        case Chunk.Done:
          return i - offset
      }
    }
    return i - offset
  }
}
