// The loopback target of the gateway benchmark: a tiny Node HTTP server (keep-alive, a 13-byte answer) and a bulk
// source for the CONNECT throughput test (`/bulk?bytes=N` streams N bytes). Prints its port as JSON when ready.
import { createServer } from 'node:http'

const small = Buffer.from('hello, world\n')
const block = Buffer.alloc(1024 * 1024, 0x61)

const server = createServer({ keepAliveTimeout: 60_000 }, (request, response) => {
  if (request.url.startsWith('/bulk')) {
    let left = Number(new URL(request.url, 'http://x').searchParams.get('bytes') ?? block.length)
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': left })
    const pump = () => {
      while (left > 0) {
        const piece = left >= block.length ? block : block.subarray(0, left)
        left -= piece.length
        if (!response.write(piece)) return void response.once('drain', pump)
      }
      response.end()
    }
    return pump()
  }
  response.writeHead(200, { 'content-type': 'text/plain', 'content-length': small.length })
  response.end(small)
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () =>
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`),
)
process.on('SIGTERM', () => server.close(() => process.exit(0)))
