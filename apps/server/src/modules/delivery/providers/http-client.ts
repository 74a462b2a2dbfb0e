// A small HTTP client for the providers: keep-alive agents (many messages go to one endpoint), a hard time-out, and
// a clear line between "the provider answered" and "we do not know whether the request arrived".
import http from 'node:http'
import https from 'node:https'
import { ProviderError } from './provider-error'

export type HttpAnswer = { status: number; body: string; headers: http.IncomingHttpHeaders }

export type HttpRequest = {
  method: 'GET' | 'POST'
  url: URL
  headers?: Record<string, string>
  body?: string
  timeoutMs: number
}

export class HttpClient {
  private readonly httpAgent: http.Agent
  private readonly httpsAgent: https.Agent

  constructor(maxSockets = 64) {
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets })
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets })
  }

  request(request: HttpRequest): Promise<HttpAnswer> {
    const { url } = request
    const transport = url.protocol === 'https:' ? https : http
    const agent = url.protocol === 'https:' ? this.httpsAgent : this.httpAgent
    const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8')
    return new Promise<HttpAnswer>((resolve, reject) => {
      let sent = false
      const req = transport.request(
        url,
        {
          method: request.method,
          agent,
          headers: { ...request.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              headers: res.headers,
            }),
          )
          res.on('error', (error) =>
            reject(ProviderError.uncertain('connection_lost', `the answer was cut off: ${error.message}`)),
          )
        },
      )
      req.setTimeout(request.timeoutMs, () => {
        req.destroy(new Error(`no answer within ${request.timeoutMs} ms`))
      })
      req.on('finish', () => (sent = true))
      req.on('error', (error) => {
        // Before the request left us the provider cannot have it; afterwards it may have acted on it.
        reject(
          sent
            ? ProviderError.uncertain('no_answer', error.message)
            : ProviderError.retryable('unreachable', error.message),
        )
      })
      req.end(body)
    })
  }

  close(): void {
    this.httpAgent.destroy()
    this.httpsAgent.destroy()
  }
}

/** Parses a JSON answer, or says the provider answered something else. */
export function parseJsonAnswer(answer: HttpAnswer, provider: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(answer.body)
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>
  } catch {
    // fall through
  }
  const error =
    answer.status >= 500 || answer.status === 429
      ? ProviderError.retryable(`http_${answer.status}`, `${provider}: HTTP ${answer.status}`)
      : ProviderError.uncertain(
          `http_${answer.status}`,
          `${provider}: HTTP ${answer.status}, not JSON: ${answer.body.slice(0, 200)}`,
        )
  throw error
}
