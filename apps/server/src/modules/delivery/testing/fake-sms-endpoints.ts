// The far edge, faked on loopback for tests, the e2e journey and the benchmark: HTTP endpoints that accept exactly
// what the real Aliyun and Tencent Cloud SMS APIs accept — the same parameters, the same signatures checked the same
// way (a wrong key, a stale timestamp, a replayed nonce or a tampered parameter is refused with the provider's own
// error code) — and answer the way they answer. They record every accepted message, so a test can count deliveries
// per OutId / SessionContext / Idempotency-Key and see a duplicate. Failures can be injected: error answers, slow
// answers, and answers lost after the message was accepted.
import { createHash, randomUUID } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { aliyunSignature, beijingDate, ALIYUN_API_VERSION } from '../providers/aliyun-sms'
import { tc3Sign, TENCENT_SMS_VERSION } from '../providers/tencent-sms'
import {
  webhookSignature,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
} from '../providers/webhook-sms'

/** An accepted message: who it went to and the id the platform gave it. */
export type AcceptedSms = {
  /** OutId (Aliyun), SessionContext (Tencent), Idempotency-Key (webhook). */
  key: string
  phone: string
  template: string
  params: unknown
  signName: string
  at: Date
  messageId: string
}

/** What the endpoint should do with the n-th send request (0-based), before accepting it. */
export type Injected =
  | { kind: 'error'; code: string; message?: string; httpStatus?: number }
  /** Accept the message, then close the connection without answering (the caller cannot know it was sent). */
  | { kind: 'drop_answer' }
  | null

export type FakeEndpoint = {
  url: string
  accepted: AcceptedSms[]
  /** Requests refused (signature, parameters, injected errors), with the code answered. */
  refused: { code: string; message: string }[]
  /** Send requests seen, accepted or not. */
  sendRequests(): number
  /** How many times each key was accepted. */
  counts(): Map<string, number>
  duplicates(): string[]
  inject(rule: (index: number) => Injected): void
  setLatency(ms: number): void
  close(): Promise<void>
}

type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => Promise<void> | void

async function listen(handler: Handler, maxConnections?: number) {
  const sockets = new Set<Socket>()
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      Promise.resolve(handler(req, Buffer.concat(chunks).toString('utf8'), res)).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' })
        res.end(String(error))
      })
    })
  })
  server.keepAliveTimeout = 30_000
  if (maxConnections) server.maxConnections = maxConnections
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}

const delay = (ms: number) => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve())

function recorder() {
  const accepted: AcceptedSms[] = []
  const refused: { code: string; message: string }[] = []
  let sends = 0
  let rule: (index: number) => Injected = () => null
  let latency = 0
  return {
    accepted,
    refused,
    nextSend: () => rule(sends++),
    get latency() {
      return latency
    },
    api: {
      sendRequests: () => sends,
      counts: () => {
        const counts = new Map<string, number>()
        for (const a of accepted) counts.set(a.key, (counts.get(a.key) ?? 0) + 1)
        return counts
      },
      duplicates: () => {
        const counts = new Map<string, number>()
        for (const a of accepted) counts.set(a.key, (counts.get(a.key) ?? 0) + 1)
        return [...counts].filter(([, n]) => n > 1).map(([k]) => k)
      },
      inject: (next: (index: number) => Injected) => {
        rule = next
      },
      setLatency: (ms: number) => {
        latency = ms
      },
    },
  }
}

/** Aliyun's percent-decoding: `+` is a plus sign here, not a space (the signer encodes spaces as %20). */
function decodeAliyunQuery(text: string): Record<string, string> {
  const params: Record<string, string> = {}
  for (const pair of text.split('&')) {
    if (!pair) continue
    const eq = pair.indexOf('=')
    const key = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq))
    params[key] = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1))
  }
  return params
}

export function startFakeAliyunSms(options: {
  accessKeyId: string
  accessKeySecret: string
  /** How far a request's Timestamp may be from now (Aliyun: 15 minutes). */
  maxSkewMs?: number
}): Promise<FakeEndpoint> {
  const rec = recorder()
  const nonces = new Set<string>()
  const maxSkew = options.maxSkewMs ?? 15 * 60_000
  const answer = (res: http.ServerResponse, status: number, body: Record<string, unknown>) => {
    res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' })
    res.end(JSON.stringify({ RequestId: randomUUID().toUpperCase(), ...body }))
  }
  const refuse = (res: http.ServerResponse, status: number, code: string, message: string) => {
    rec.refused.push({ code, message })
    answer(res, status, { Code: code, Message: message })
  }
  return listen(async (req, body, res) => {
    const url = new URL(req.url ?? '/', 'http://fake')
    const method = req.method === 'POST' ? 'POST' : 'GET'
    if (
      method === 'POST' &&
      !String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded')
    )
      return refuse(res, 400, 'InvalidParameter', 'POST parameters must be application/x-www-form-urlencoded')
    const params = decodeAliyunQuery(method === 'POST' ? body : url.search.slice(1))
    for (const required of [
      'AccessKeyId',
      'Action',
      'Format',
      'SignatureMethod',
      'SignatureNonce',
      'SignatureVersion',
      'Timestamp',
      'Version',
      'Signature',
    ])
      if (!params[required])
        return refuse(res, 400, 'MissingParameter', `${required} is mandatory for this action.`)
    if (params.SignatureMethod !== 'HMAC-SHA1' || params.SignatureVersion !== '1.0')
      return refuse(res, 400, 'InvalidParameter', 'SignatureMethod/SignatureVersion not supported')
    if (params.Version !== ALIYUN_API_VERSION)
      return refuse(res, 400, 'InvalidVersion', `Specified parameter Version is not valid.`)
    if (params.AccessKeyId !== options.accessKeyId)
      return refuse(res, 404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.')
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(params.Timestamp!))
      return refuse(
        res,
        400,
        'InvalidTimeStamp.Format',
        'Specified time stamp or date value is not well formatted.',
      )
    if (Math.abs(Date.parse(params.Timestamp!) - Date.now()) > maxSkew)
      return refuse(res, 400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.')
    const expected = aliyunSignature(method, params, options.accessKeySecret)
    if (expected !== params.Signature)
      return refuse(
        res,
        400,
        'SignatureDoesNotMatch',
        'Specified signature is not matched with our calculation.',
      )
    if (nonces.has(params.SignatureNonce!))
      return refuse(res, 400, 'SignatureNonceUsed', 'Specified signature nonce was used already.')
    nonces.add(params.SignatureNonce!)

    if (params.Action === 'SendSms') {
      const injected = rec.nextSend()
      await delay(rec.latency)
      if (injected?.kind === 'error')
        return refuse(res, injected.httpStatus ?? 200, injected.code, injected.message ?? 'injected failure')
      const phones = (params.PhoneNumbers ?? '').split(',').filter(Boolean)
      if (!phones.length)
        return refuse(res, 400, 'MissingPhoneNumbers', 'PhoneNumbers is mandatory for this action.')
      if (phones.some((p) => !/^1[3-9]\d{9}$/.test(p)))
        return answer(res, 200, { Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: '非法手机号' })
      if (!params.SignName)
        return answer(res, 200, { Code: 'isv.SMS_SIGNATURE_ILLEGAL', Message: '签名不合法' })
      if (!/^SMS_\d+$/.test(params.TemplateCode ?? ''))
        return answer(res, 200, { Code: 'isv.SMS_TEMPLATE_ILLEGAL', Message: '模板不合法' })
      let templateParam: unknown = null
      if (params.TemplateParam) {
        try {
          templateParam = JSON.parse(params.TemplateParam)
        } catch {
          return answer(res, 200, { Code: 'isv.INVALID_JSON_PARAM', Message: 'JSON参数不合法' })
        }
        if (!templateParam || typeof templateParam !== 'object' || Array.isArray(templateParam))
          return answer(res, 200, {
            Code: 'isv.INVALID_JSON_PARAM',
            Message: 'JSON参数不合法，只接受字符串值',
          })
      }
      const bizId = `${Date.now()}^${Math.floor(Math.random() * 1e10)}`
      for (const phone of phones)
        rec.accepted.push({
          key: params.OutId ?? '',
          phone,
          template: params.TemplateCode!,
          params: templateParam,
          signName: params.SignName,
          at: new Date(),
          messageId: bizId,
        })
      if (injected?.kind === 'drop_answer') {
        req.socket.destroy()
        return
      }
      return answer(res, 200, { Code: 'OK', Message: 'OK', BizId: bizId })
    }
    if (params.Action === 'QuerySendDetails') {
      if (!params.PhoneNumber || !/^\d{8}$/.test(params.SendDate ?? ''))
        return refuse(res, 400, 'MissingParameter', 'PhoneNumber and SendDate are mandatory for this action.')
      const pageSize = Math.min(50, Math.max(1, Number(params.PageSize ?? 10)))
      const page = Math.max(1, Number(params.CurrentPage ?? 1))
      const mine = rec.accepted.filter(
        (a) => a.phone === params.PhoneNumber && beijingDate(a.at) === params.SendDate,
      )
      return answer(res, 200, {
        Code: 'OK',
        Message: 'OK',
        TotalCount: mine.length,
        SmsSendDetailDTOs: {
          SmsSendDetailDTO: mine.slice((page - 1) * pageSize, page * pageSize).map((a) => ({
            PhoneNum: a.phone,
            SendStatus: 3,
            ErrCode: 'DELIVERED',
            TemplateCode: a.template,
            Content: JSON.stringify(a.params),
            SendDate: a.at.toISOString(),
            ReceiveDate: a.at.toISOString(),
            OutId: a.key,
          })),
        },
      })
    }
    return refuse(
      res,
      404,
      'InvalidAction.NotFound',
      `Specified api is not found, please check your url and method.`,
    )
  }).then(({ port, close }) => ({
    url: `http://127.0.0.1:${port}/`,
    accepted: rec.accepted,
    refused: rec.refused,
    ...rec.api,
    close,
  }))
}

/** Parses `TC3-HMAC-SHA256 Credential=…/date/service/tc3_request, SignedHeaders=…, Signature=…`. */
function parseTc3(header: string | undefined) {
  const match =
    /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([a-z]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
      header ?? '',
    )
  if (!match) return null
  return {
    secretId: match[1]!,
    date: match[2]!,
    service: match[3]!,
    signedHeaders: match[4]!.split(';'),
    signature: match[5]!,
  }
}

export function startFakeTencentSms(options: {
  secretId: string
  secretKey: string
  smsSdkAppId: string
  maxSkewMs?: number
}): Promise<FakeEndpoint> {
  const rec = recorder()
  const maxSkew = options.maxSkewMs ?? 5 * 60_000
  const respond = (res: http.ServerResponse, response: Record<string, unknown>) => {
    // Tencent Cloud answers errors with HTTP 200 and Response.Error.
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ Response: { ...response, RequestId: randomUUID() } }))
  }
  const refuse = (res: http.ServerResponse, code: string, message: string) => {
    rec.refused.push({ code, message })
    respond(res, { Error: { Code: code, Message: message } })
  }
  return listen(async (req, body, res) => {
    if (req.method !== 'POST') return refuse(res, 'UnsupportedOperation', 'POST only')
    const contentType = String(req.headers['content-type'] ?? '')
    if (!contentType.startsWith('application/json'))
      return refuse(res, 'InvalidParameter', 'Content-Type must be application/json')
    const auth = parseTc3(req.headers.authorization)
    if (!auth)
      return refuse(res, 'AuthFailure.InvalidAuthorization', 'Authorization header is not TC3-HMAC-SHA256')
    if (auth.secretId !== options.secretId)
      return refuse(res, 'AuthFailure.SecretIdNotFound', 'The SecretId is not found')
    const timestamp = Number(req.headers['x-tc-timestamp'])
    if (!Number.isInteger(timestamp) || Math.abs(timestamp * 1000 - Date.now()) > maxSkew)
      return refuse(res, 'AuthFailure.SignatureExpire', 'Signature expired')
    if (auth.service !== 'sms') return refuse(res, 'AuthFailure.InvalidAuthorization', 'service must be sms')
    if (!auth.signedHeaders.includes('content-type') || !auth.signedHeaders.includes('host'))
      return refuse(res, 'AuthFailure.InvalidAuthorization', 'content-type and host must be signed')
    const extra: Record<string, string> = {}
    for (const name of auth.signedHeaders)
      if (name !== 'content-type' && name !== 'host') extra[name] = String(req.headers[name] ?? '')
    const expected = tc3Sign({
      secretId: options.secretId,
      secretKey: options.secretKey,
      service: 'sms',
      host: String(req.headers.host ?? ''),
      contentType,
      payload: body,
      timestamp,
      signedExtra: extra,
    })
    if (
      new Date(timestamp * 1000).toISOString().slice(0, 10) !== auth.date ||
      expected.signature !== auth.signature
    )
      return refuse(res, 'AuthFailure.SignatureFailure', 'The provided credentials could not be validated')
    if (req.headers['x-tc-version'] !== TENCENT_SMS_VERSION)
      return refuse(res, 'InvalidParameterValue', `Version must be ${TENCENT_SMS_VERSION}`)
    if (!req.headers['x-tc-region']) return refuse(res, 'MissingParameter', 'X-TC-Region is required')
    let payload: Record<string, unknown>
    try {
      payload = JSON.parse(body) as Record<string, unknown>
    } catch {
      return refuse(res, 'InvalidParameter', 'body is not JSON')
    }
    const action = req.headers['x-tc-action']
    if (action === 'SendSms') {
      const injected = rec.nextSend()
      await delay(rec.latency)
      if (injected?.kind === 'error')
        return refuse(res, injected.code, injected.message ?? 'injected failure')
      const phones = payload.PhoneNumberSet
      if (!Array.isArray(phones) || !phones.length || phones.some((p) => typeof p !== 'string'))
        return refuse(res, 'MissingParameter', 'PhoneNumberSet is required')
      if (payload.SmsSdkAppId !== options.smsSdkAppId)
        return refuse(res, 'InvalidParameterValue.SdkAppIdNotExist', 'SdkAppId does not exist')
      if (typeof payload.TemplateId !== 'string' || !/^\d+$/.test(payload.TemplateId))
        return refuse(res, 'InvalidParameterValue.TemplateIdNotExist', 'TemplateId does not exist')
      if (typeof payload.SignName !== 'string' || !payload.SignName)
        return refuse(res, 'FailedOperation.SignatureIncorrectOrUnapproved', 'signature is not approved')
      const templateParams = payload.TemplateParamSet ?? []
      if (!Array.isArray(templateParams) || templateParams.some((p) => typeof p !== 'string'))
        return refuse(
          res,
          'InvalidParameterValue.TemplateParameterFormatError',
          'TemplateParamSet must be strings',
        )
      const session = typeof payload.SessionContext === 'string' ? payload.SessionContext : ''
      const statuses = (phones as string[]).map((phone) => {
        if (!/^\+861[3-9]\d{9}$/.test(phone))
          return {
            SerialNo: '',
            PhoneNumber: phone,
            Fee: 0,
            SessionContext: session,
            Code: 'InvalidParameterValue.IncorrectPhoneNumber',
            Message: 'incorrect number',
            IsoCode: 'CN',
          }
        const serial = `2433:${createHash('sha1').update(randomUUID()).digest('hex').slice(0, 24)}`
        rec.accepted.push({
          key: session,
          phone: phone.slice(3),
          template: payload.TemplateId as string,
          params: templateParams,
          signName: payload.SignName as string,
          at: new Date(),
          messageId: serial,
        })
        return {
          SerialNo: serial,
          PhoneNumber: phone,
          Fee: 1,
          SessionContext: session,
          Code: 'Ok',
          Message: 'send success',
          IsoCode: 'CN',
        }
      })
      if (injected?.kind === 'drop_answer') {
        req.socket.destroy()
        return
      }
      return respond(res, { SendStatusSet: statuses })
    }
    if (action === 'PullSmsSendStatusByPhoneNumber') {
      const phone = typeof payload.PhoneNumber === 'string' ? payload.PhoneNumber : ''
      const begin = Number(payload.BeginTime)
      const end = payload.EndTime === undefined ? Infinity : Number(payload.EndTime)
      if (!phone || !Number.isFinite(begin) || payload.Offset !== 0 || !Number.isInteger(payload.Limit))
        return refuse(res, 'MissingParameter', 'BeginTime, Offset, Limit and PhoneNumber are required')
      if (payload.SmsSdkAppId !== options.smsSdkAppId)
        return refuse(res, 'InvalidParameterValue.SdkAppIdNotExist', 'SdkAppId does not exist')
      const receipts = rec.accepted
        .filter((a) => `+86${a.phone}` === phone)
        .filter((a) => a.at.getTime() / 1000 >= begin && a.at.getTime() / 1000 <= end)
        .slice(0, Math.min(100, Number(payload.Limit)))
        .map((a) => ({
          UserReceiveTime: Math.floor(a.at.getTime() / 1000),
          CountryCode: '86',
          SubscriberNumber: a.phone,
          PhoneNumber: `+86${a.phone}`,
          SerialNo: a.messageId,
          ReportStatus: 'SUCCESS',
          Description: 'DELIVRD',
          SessionContext: a.key,
        }))
      return respond(res, { PullSmsSendStatusSet: receipts })
    }
    return refuse(res, 'InvalidAction', `action ${String(action)} not found`)
  }).then(({ port, close }) => ({
    url: `http://127.0.0.1:${port}/`,
    accepted: rec.accepted,
    refused: rec.refused,
    ...rec.api,
    close,
  }))
}

/** A receiver of the generic webhook: checks the signature and the timestamp, keeps one message per key. */
export function startFakeWebhook(options: {
  secret: string
  maxSkewMs?: number
}): Promise<FakeEndpoint & { attemptsPerKey(): Map<string, number> }> {
  const rec = recorder()
  const attempts = new Map<string, number>()
  const maxSkew = options.maxSkewMs ?? 5 * 60_000
  const reply = (res: http.ServerResponse, status: number, body: Record<string, unknown>) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  }
  return listen(async (req, body, res) => {
    const timestamp = String(req.headers[WEBHOOK_TIMESTAMP_HEADER] ?? '')
    const signature = String(req.headers[WEBHOOK_SIGNATURE_HEADER] ?? '')
    const key = String(req.headers['idempotency-key'] ?? '')
    if (!key) {
      rec.refused.push({ code: 'missing_key', message: 'Idempotency-Key is required' })
      return reply(res, 400, { error: 'Idempotency-Key is required' })
    }
    if (
      !/^\d+$/.test(timestamp) ||
      Math.abs(Number(timestamp) * 1000 - Date.now()) > maxSkew ||
      webhookSignature(options.secret, timestamp, body) !== signature
    ) {
      rec.refused.push({ code: 'bad_signature', message: 'signature check failed' })
      return reply(res, 401, { error: 'signature check failed' })
    }
    attempts.set(key, (attempts.get(key) ?? 0) + 1)
    const injected = rec.nextSend()
    await delay(rec.latency)
    if (injected?.kind === 'error') {
      rec.refused.push({ code: injected.code, message: injected.message ?? 'injected failure' })
      return reply(res, injected.httpStatus ?? 503, { error: injected.code })
    }
    const existing = rec.accepted.find((a) => a.key === key)
    if (!existing) {
      const payload = JSON.parse(body) as { to: string; kind: string; text: string; params: unknown }
      rec.accepted.push({
        key,
        phone: payload.to,
        template: payload.kind,
        params: payload.params,
        signName: payload.text,
        at: new Date(),
        messageId: `wh-${randomUUID()}`,
      })
    }
    if (injected?.kind === 'drop_answer') {
      req.socket.destroy()
      return
    }
    return reply(res, 200, { id: (existing ?? rec.accepted.at(-1))!.messageId, duplicate: !!existing })
  }).then(({ port, close }) => ({
    url: `http://127.0.0.1:${port}/sms`,
    accepted: rec.accepted,
    refused: rec.refused,
    ...rec.api,
    attemptsPerKey: () => attempts,
    close,
  }))
}
