import { describe, expect, test } from 'vitest'
import {
  forwardedRequestHead,
  headEnd,
  parseRequestHead,
  parseResponseHead,
  type RequestHead,
} from './http-head'

function head(text: string) {
  const buffer = Buffer.from(text, 'latin1')
  return parseRequestHead(buffer, headEnd(buffer))
}

function ok(text: string): RequestHead {
  const parsed = head(text)
  if ('error' in parsed) throw new Error(parsed.error)
  return parsed
}

describe('request heads', () => {
  test('the end of a head is found across chunk boundaries', () => {
    const buffer = Buffer.from('GET http://a.test/ HTTP/1.1\r\nHost: a.test\r\n\r\nrest')
    expect(headEnd(buffer)).toBe(buffer.length - 4)
    expect(headEnd(Buffer.from('GET / HTTP/1.1\r\nHost: a\r\n'))).toBe(-1)
  })

  test('framing, keep-alive and the headers the proxy needs are read', () => {
    const h = ok(
      'POST http://a.test/x HTTP/1.1\r\nHost: a.test\r\nContent-Length: 12\r\nProxy-Authorization: Basic eDp5\r\nUser-Agent: curl/8\r\n\r\n',
    )
    expect(h).toMatchObject({
      method: 'POST',
      target: 'http://a.test/x',
      minor: 1,
      bodyKind: 'length',
      contentLength: 12,
      close: false,
      proxyAuthorization: 'Basic eDp5',
      userAgent: 'curl/8',
    })
    expect(ok('GET http://a.test/ HTTP/1.0\r\n\r\n').close).toBe(true)
    expect(ok('GET http://a.test/ HTTP/1.0\r\nProxy-Connection: keep-alive\r\n\r\n').close).toBe(false)
    expect(ok('GET http://a.test/ HTTP/1.1\r\nConnection: close\r\n\r\n').close).toBe(true)
    expect(ok('POST http://a.test/ HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n').bodyKind).toBe(
      'chunked',
    )
  })

  test('ambiguous framing and malformed heads are refused (no request smuggling)', () => {
    const refused = [
      'POST http://a.test/ HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n',
      'POST http://a.test/ HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n',
      'POST http://a.test/ HTTP/1.1\r\nContent-Length: -1\r\n\r\n',
      'POST http://a.test/ HTTP/1.1\r\nContent-Length: 0x10\r\n\r\n',
      'GET http://a.test/ HTTP/1.1\r\nHost: a\r\n folded: continuation\r\n\r\n',
      'GET http://a.test/ HTTP/1.1\r\nBad Name: x\r\n\r\n',
      'GET http://a.test/ HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n',
      'GET http://a.test/ HTTP/2.0\r\n\r\n',
      'get http://a.test/ HTTP/1.1\r\n\r\n',
      'GET  HTTP/1.1\r\n\r\n',
    ]
    for (const text of refused) expect('error' in head(text), text).toBe(true)
    const te = head('POST http://a.test/ HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n')
    expect(te).toMatchObject({ status: 501 })
  })

  test('the forwarded head is origin-form, carries the checked Host, and no proxy credentials or hop-by-hop headers', () => {
    const h = ok(
      'GET http://a.test:8080/p?q=1 HTTP/1.1\r\nHost: evil.test\r\nProxy-Authorization: Basic eDp5\r\nProxy-Connection: keep-alive\r\nConnection: X-Secret\r\nX-Secret: 1\r\nAccept: */*\r\n\r\n',
    )
    const out = forwardedRequestHead(h, '/p?q=1', 'a.test:8080')
    expect(out).toBe('GET /p?q=1 HTTP/1.1\r\nHost: a.test:8080\r\nAccept: */*\r\n\r\n')
  })
})

describe('response heads', () => {
  const parse = (text: string, method = 'GET') => {
    const buffer = Buffer.from(text, 'latin1')
    return parseResponseHead(buffer, headEnd(buffer), method)
  }
  test('body framing by status, method, length, chunking or close', () => {
    expect(parse('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n')).toMatchObject({
      status: 200,
      bodyKind: 'length',
      contentLength: 5,
    })
    expect(parse('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n', 'HEAD')).toMatchObject({ bodyKind: 'none' })
    expect(parse('HTTP/1.1 204 No Content\r\n\r\n')).toMatchObject({ bodyKind: 'none', close: false })
    expect(parse('HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n')).toMatchObject({
      bodyKind: 'none',
    })
    expect(parse('HTTP/1.1 100 Continue\r\n\r\n')).toMatchObject({ status: 100, bodyKind: 'none' })
    expect(parse('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n')).toMatchObject({
      bodyKind: 'chunked',
    })
    expect(parse('HTTP/1.1 200 OK\r\n\r\n')).toMatchObject({ bodyKind: 'close', close: true })
    expect(parse('HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\n')).toMatchObject({ close: true })
    expect('error' in parse('HTTX/1.1 200 OK\r\n\r\n')).toBe(true)
  })
})
