// SOCKS5 (RFC 1928) with username/password authentication (RFC 1929), CONNECT only. The token is the password
// (or the user name, for tools that only set one). Names sent by the client (ATYP 3, `--socks5-hostname`) are
// resolved by the gateway; refusals answer 0x02 "connection not allowed by ruleset", unresolvable names 0x04.
import { randomUUID } from 'node:crypto'
import { connect, isIPv4, isIPv6, type Socket } from 'node:net'
import { performance } from 'node:perf_hooks'
import type { ConnectionHandle } from '../connection-registry'
import type { Admission, Gateway } from '../gateway'
import type { GatewayPrincipal, GatewayRecord, RefusalReason } from '../gateway-types'
import { normaliseHost } from '../http/request-target'
import { looksLikeGatewayToken } from '../proxy-credentials'
import { startTunnel } from '../tunnel/tunnel'

const VERSION = 0x05
const METHOD_USER_PASS = 0x02
const NO_ACCEPTABLE = 0xff

export const SOCKS_REPLY = {
  succeeded: 0x00,
  generalFailure: 0x01,
  notAllowed: 0x02,
  networkUnreachable: 0x03,
  hostUnreachable: 0x04,
  connectionRefused: 0x05,
  commandNotSupported: 0x07,
  addressTypeNotSupported: 0x08,
} as const

type Allowed = Extract<Admission, { ok: true }>

export class SocksSession {
  private buffer: Buffer = Buffer.alloc(0)
  private state: 'greeting' | 'auth' | 'request' | 'busy' | 'done' = 'greeting'
  private principal: GatewayPrincipal | null = null
  private readonly connectionId = randomUUID()
  private readonly clientIp: string
  private readonly handle: ConnectionHandle
  private readonly startedAt = performance.now()

  constructor(
    private readonly gw: Gateway,
    private readonly client: Socket,
  ) {
    this.clientIp = client.remoteAddress ?? ''
    this.handle = { id: this.connectionId, principal: null, target: null, close: () => this.end() }
    gw.register(this.handle)
    client.setTimeout(gw.options.headTimeoutMs, () => this.end())
    client.on('data', this.onData)
    client.on('close', this.onClose)
  }

  private readonly onClose = (): void => {
    if (this.state !== 'done') {
      this.state = 'done'
      this.gw.unregister(this.handle)
    }
  }

  private readonly onData = (chunk: Buffer): void => {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk])
    if (this.buffer.length > 1024) return this.end()
    this.step()
  }

  private step(): void {
    while (this.state !== 'busy' && this.state !== 'done') {
      const b = this.buffer
      if (this.state === 'greeting') {
        if (b.length < 2) return
        if (b[0] !== VERSION) return this.end()
        const count = b[1]!
        if (b.length < 2 + count) return
        const methods = b.subarray(2, 2 + count)
        this.buffer = b.subarray(2 + count)
        if (!methods.includes(METHOD_USER_PASS)) {
          this.refusal('unauthenticated', 'no username/password method offered')
          this.client.end(Buffer.from([VERSION, NO_ACCEPTABLE]))
          return this.finishEarly()
        }
        this.client.write(Buffer.from([VERSION, METHOD_USER_PASS]))
        this.state = 'auth'
      } else if (this.state === 'auth') {
        if (b.length < 2) return
        if (b[0] !== 0x01) return this.end()
        const userLength = b[1]!
        if (b.length < 3 + userLength) return
        const passwordLength = b[2 + userLength]!
        if (b.length < 3 + userLength + passwordLength) return
        const user = b.toString('utf8', 2, 2 + userLength)
        const password = b.toString('utf8', 3 + userLength, 3 + userLength + passwordLength)
        this.buffer = b.subarray(3 + userLength + passwordLength)
        const token = looksLikeGatewayToken(password) ? password : looksLikeGatewayToken(user) ? user : null
        const result = token === null ? null : this.gw.authenticate(token)
        this.state = 'busy'
        const next = (principal: GatewayPrincipal | null) => {
          if (this.client.destroyed) return
          if (!principal) {
            this.refusal('unauthenticated', '')
            this.client.end(Buffer.from([0x01, 0x01]))
            return this.finishEarly()
          }
          this.principal = principal
          this.handle.principal = principal
          this.client.write(Buffer.from([0x01, 0x00]))
          this.state = 'request'
          this.step()
        }
        if (result instanceof Promise) result.then(next, () => this.end())
        else next(result)
      } else if (this.state === 'request') {
        if (b.length < 5) return
        if (b[0] !== VERSION) return this.end()
        const command = b[1]!
        const type = b[3]!
        let length: number
        if (type === 0x01) length = 4 + 4 + 2
        else if (type === 0x04) length = 4 + 16 + 2
        else if (type === 0x03) length = 4 + 1 + b[4]! + 2
        else {
          this.reply(SOCKS_REPLY.addressTypeNotSupported)
          return this.finishEarly()
        }
        if (b.length < length) return
        const request = b.subarray(0, length)
        this.buffer = b.subarray(length)
        this.state = 'busy'
        this.request(command, type, request)
      }
    }
  }

  private request(command: number, type: number, request: Buffer): void {
    const principal = this.principal!
    const record = this.record()
    const port = request.readUInt16BE(request.length - 2)
    let host: string | null = null
    let ip: string | null = null
    if (type === 0x01) ip = Array.from(request.subarray(4, 8)).join('.')
    else if (type === 0x04) {
      const groups: string[] = []
      for (let i = 0; i < 8; i++) groups.push(request.readUInt16BE(4 + i * 2).toString(16))
      ip = normaliseHost(groups.join(':'))?.ip ?? null
    } else {
      const normalised = normaliseHost(request.toString('latin1', 5, request.length - 2))
      host = normalised?.host ?? null
      ip = normalised?.ip ?? null
      if (!normalised) {
        record.reason = 'bad_request: malformed host name'
        this.gw.refuse(record, 'bad_request', 'malformed host name')
        this.reply(SOCKS_REPLY.hostUnreachable)
        return this.finishEarly()
      }
    }
    record.host = host
    record.ip = ip
    record.port = port
    if (command !== 0x01) {
      this.gw.refuse(record, 'bad_request', `SOCKS command ${command} not supported (CONNECT only)`)
      this.reply(SOCKS_REPLY.commandNotSupported)
      return this.finishEarly()
    }
    if (port === 0 || ip === '0.0.0.0') {
      this.gw.refuse(record, 'bad_request', 'no destination')
      this.reply(SOCKS_REPLY.hostUnreachable)
      return this.finishEarly()
    }
    const admission = this.gw.admit(principal, host, ip, port)
    const go = (a: Admission) => {
      if (this.client.destroyed) return
      if (!a.ok) {
        this.gw.refuse(record, a.reason, a.detail)
        this.reply(replyFor(a.reason))
        return this.finishEarly()
      }
      record.host = a.host
      record.ip = a.ip
      record.assetId = a.asset.assetId
      record.organisationId = a.asset.organisationId
      if (!this.gw.audit.reserve()) {
        this.gw.refuse(record, 'audit_unavailable', '')
        this.reply(SOCKS_REPLY.generalFailure)
        return this.finishEarly()
      }
      this.connect(a, record)
    }
    if (admission instanceof Promise) admission.then(go, () => this.end())
    else go(admission)
  }

  private connect(admission: Allowed, record: GatewayRecord): void {
    const upstream = connect({ host: admission.ip, port: admission.port, noDelay: true })
    upstream.setTimeout(this.gw.options.connectTimeoutMs, () => upstream.destroy(new Error('ETIMEDOUT')))
    let settled = false
    upstream.once('error', (error: NodeJS.ErrnoException) => {
      if (settled) return
      settled = true
      record.verdict = 'error'
      record.reason = `upstream: ${error.code ?? error.message}`
      record.durationMs = Math.round(performance.now() - this.startedAt)
      this.gw.audit.commit(record)
      this.reply(
        error.code === 'ECONNREFUSED'
          ? SOCKS_REPLY.connectionRefused
          : error.code === 'ENETUNREACH'
            ? SOCKS_REPLY.networkUnreachable
            : SOCKS_REPLY.hostUnreachable,
      )
      this.finishEarly()
    })
    upstream.once('connect', () => {
      if (settled) return
      settled = true
      upstream.setTimeout(0)
      if (this.client.destroyed) {
        upstream.destroy()
        record.reason = 'client closed'
        this.gw.audit.commit(record)
        return
      }
      this.state = 'done'
      this.client.off('data', this.onData)
      this.client.off('close', this.onClose)
      this.client.setTimeout(0)
      this.client.write(successReply(upstream))
      const initial = this.buffer.length > 0 ? this.buffer : null
      startTunnel(this.gw, {
        client: this.client,
        upstream,
        admission,
        record,
        initial,
        handle: this.handle,
        connectionId: this.connectionId,
        clientIp: this.clientIp,
        clientBytesOffset: {
          read: this.client.bytesRead - (initial?.length ?? 0),
          written: this.client.bytesWritten,
        },
      })
    })
  }

  private record(): GatewayRecord {
    const record = this.gw.newRecord('socks', this.connectionId, this.clientIp, this.gw.now())
    const p = this.principal
    if (p) {
      record.tokenId = p.tokenId
      record.userId = p.userId
      record.teamId = p.teamId
      record.campaignId = p.campaignId
    }
    return record
  }

  private refusal(reason: RefusalReason, detail: string): void {
    this.gw.refuse(this.record(), reason, detail)
  }

  private reply(code: number): void {
    if (!this.client.destroyed) this.client.end(Buffer.from([VERSION, code, 0x00, 0x01, 0, 0, 0, 0, 0, 0]))
  }

  private finishEarly(): void {
    this.state = 'done'
    this.gw.unregister(this.handle)
    setTimeout(() => this.client.destroy(), 2_000).unref()
  }

  private end(): void {
    if (this.state === 'done' && this.client.destroyed) return
    this.state = 'done'
    this.gw.unregister(this.handle)
    this.client.destroy()
  }
}

function replyFor(reason: RefusalReason): number {
  if (reason === 'dns_failed') return SOCKS_REPLY.hostUnreachable
  if (reason === 'audit_unavailable') return SOCKS_REPLY.generalFailure
  return SOCKS_REPLY.notAllowed
}

function successReply(upstream: Socket): Buffer {
  const address = upstream.localAddress ?? '0.0.0.0'
  const port = upstream.localPort ?? 0
  if (isIPv4(address)) {
    const reply = Buffer.from([VERSION, 0, 0, 0x01, 0, 0, 0, 0, 0, 0])
    address.split('.').forEach((octet, i) => (reply[4 + i] = Number(octet)))
    reply.writeUInt16BE(port, 8)
    return reply
  }
  if (isIPv6(address)) {
    const reply = Buffer.alloc(22)
    reply[0] = VERSION
    reply[3] = 0x04
    const full = expandIpv6(address)
    for (let i = 0; i < 8; i++) reply.writeUInt16BE(parseInt(full[i] ?? '0', 16), 4 + i * 2)
    reply.writeUInt16BE(port, 20)
    return reply
  }
  return Buffer.from([VERSION, 0, 0, 0x01, 0, 0, 0, 0, 0, 0])
}

function expandIpv6(address: string): string[] {
  const [head = '', tail] = address.split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const missing = 8 - left.length - right.length
  return [...left, ...Array<string>(Math.max(0, missing)).fill('0'), ...right]
}
