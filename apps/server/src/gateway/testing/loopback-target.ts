// Test support: a small web site on loopback for the gateway's tests and benchmark (nothing leaves the machine) —
// linked pages, a form, a parameter that looks injectable, an echo of what arrived, a chunked answer, a slow answer,
// an HTTPS twin with a self-signed certificate, and a raw TCP echo for tunnels.
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net'
import { issueCertificate, newKeyPair, toPem } from '../interception/x509'

export type SeenRequest = { method: string; url: string; headers: IncomingMessage['headers']; body: string }

export type LoopbackTarget = {
  host: string
  httpPort: number
  httpsPort: number
  echoPort: number
  seen: SeenRequest[]
  /** The self-signed certificate of the HTTPS twin (PEM). */
  certificatePem: string
  close(): Promise<void>
}

const PAGES: Record<string, string> = {
  '/': '<html><head><title>某市教育局</title></head><body><h1>某市教育局</h1><a href="/news">新闻</a> <a href="/about">关于</a> <a href="/item?id=1">条目</a><form action="/search" method="get"><input name="q"></form></body></html>',
  '/news':
    '<html><body><a href="/news/1">通知一</a> <a href="/news/2">通知二</a> <a href="/">首页</a></body></html>',
  '/news/1': '<html><body><p>关于开展网络安全检查的通知</p><a href="/news">返回</a></body></html>',
  '/news/2':
    '<html><body><p>系统维护公告：本周六停机维护 (shutdown for maintenance)</p><a href="/news">返回</a></body></html>',
  '/about': '<html><body><p>联系我们</p><a href="/">首页</a></body></html>',
}

function site(seen: SeenRequest[]) {
  return (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = []
    request.on('data', (c: Buffer) => chunks.push(c))
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body })
      const url = new URL(request.url ?? '/', 'http://target.invalid')
      if (url.pathname === '/echo') {
        response.setHeader('content-type', 'application/json')
        response.end(
          JSON.stringify({ method: request.method, url: request.url, headers: request.headers, body }),
        )
        return
      }
      if (url.pathname === '/chunked') {
        response.setHeader('content-type', 'text/plain')
        response.write('part one,')
        setTimeout(() => response.end('part two'), 20)
        return
      }
      if (url.pathname === '/slow') {
        setTimeout(() => response.end('slow'), Number(url.searchParams.get('ms') ?? 500))
        return
      }
      if (url.pathname === '/big') {
        const size = Number(url.searchParams.get('bytes') ?? 1024 * 1024)
        response.setHeader('content-length', size)
        const block = Buffer.alloc(64 * 1024, 0x61)
        let left = size
        const pump = () => {
          while (left > 0) {
            const piece = left >= block.length ? block : block.subarray(0, left)
            left -= piece.length
            if (!response.write(piece)) return void response.once('drain', pump)
          }
          response.end()
        }
        pump()
        return
      }
      if (url.pathname === '/item' || url.pathname === '/search') {
        // Answers differ with the parameter, as an injectable page would: sqlmap has something to compare.
        const id = url.searchParams.get('id') ?? url.searchParams.get('q') ?? ''
        response.setHeader('content-type', 'text/html; charset=utf-8')
        response.end(`<html><body><p>条目 ${/^\d+$/.test(id) ? `#${id}` : '无结果'}</p></body></html>`)
        return
      }
      if (request.method === 'DELETE') {
        response.statusCode = 204
        response.end()
        return
      }
      const page = PAGES[url.pathname]
      response.statusCode = page ? 200 : 404
      response.setHeader('content-type', 'text/html; charset=utf-8')
      response.end(page ?? '<html><body>not found</body></html>')
    })
  }
}

function listen(server: Server | TcpServer, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, host, () => resolve((server.address() as AddressInfo).port))
  })
}

export async function startLoopbackTarget(host = '127.0.0.1'): Promise<LoopbackTarget> {
  const seen: SeenRequest[] = []
  const http = createHttpServer({ keepAliveTimeout: 30_000 }, site(seen))
  // A self-signed certificate for the HTTPS twin (the gateway does not check targets' certificates).
  const keys = newKeyPair()
  const subject = { commonName: host }
  const certificatePem = toPem(
    issueCertificate({
      subject,
      issuer: subject,
      subjectKey: keys.publicKey,
      issuerKey: keys.privateKey,
      issuerKeyId: null,
      notBefore: new Date(Date.now() - 86_400_000),
      notAfter: new Date(Date.now() + 86_400_000),
      isCa: false,
      altNames: [host],
    }),
  )
  const key = keys.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
  const https = createHttpsServer({ key, cert: certificatePem }, site(seen))
  const echo = createTcpServer((socket) => {
    socket.on('error', () => socket.destroy())
    socket.pipe(socket)
  })
  const [httpPort, httpsPort, echoPort] = await Promise.all([
    listen(http, host),
    listen(https, host),
    listen(echo, host),
  ])
  return {
    host,
    httpPort,
    httpsPort,
    echoPort,
    seen,
    certificatePem,
    async close() {
      http.closeAllConnections()
      https.closeAllConnections()
      await Promise.all(
        [http, https, echo].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))),
      )
    },
  }
}
