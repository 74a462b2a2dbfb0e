// The SMS endpoint of the benchmark, in its own process: the loopback Aliyun Dysmsapi fake (it checks every request's
// signature, timestamp, nonce and parameters exactly as the tests do) and a small stats listener that reports how
// many times each OutId was accepted. Prints `{"url":…,"stats":…}` on its first line, then serves until killed.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { startFakeAliyunSms } from '@wangan/server/modules/delivery/testing/fake-sms-endpoints'

const [accessKeyId = 'bench-id', accessKeySecret = 'bench-secret'] = process.argv.slice(2)

const fake = await startFakeAliyunSms({ accessKeyId, accessKeySecret })
const stats = http.createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' })
  res.end(
    JSON.stringify({
      requests: fake.sendRequests(),
      refused: fake.refused.length,
      refusedCodes: [...new Set(fake.refused.map((r) => r.code))],
      counts: Object.fromEntries(fake.counts()),
    }),
  )
})
await new Promise<void>((resolve) => stats.listen(0, '127.0.0.1', resolve))
const { port } = stats.address() as AddressInfo
process.stdout.write(`${JSON.stringify({ url: fake.url, stats: `http://127.0.0.1:${port}/` })}\n`)
