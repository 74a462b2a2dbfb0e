// Just enough X.509 (RFC 5280) to issue a campaign CA and the server certificates interception presents, built on
// Node's own crypto (ECDSA P-256 keys, SHA-256 signatures) instead of a certificate library: the DER structures below
// are the whole of what is needed.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto'
import { isIP } from 'node:net'

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n])
  const bytes: number[] = []
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff)
  return Buffer.from([0x80 | bytes.length, ...bytes])
}

function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(content.length), content])
}

const sequence = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items))
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items))
const explicit = (n: number, content: Buffer) => tlv(0xa0 | n, content)
const octets = (content: Buffer) => tlv(0x04, content)
const bits = (content: Buffer, unused = 0) => tlv(0x03, Buffer.concat([Buffer.from([unused]), content]))
const utf8 = (text: string) => tlv(0x0c, Buffer.from(text, 'utf8'))
const bool = (value: boolean) => tlv(0x01, Buffer.from([value ? 0xff : 0x00]))

function integer(value: Buffer | number): Buffer {
  let bytes = typeof value === 'number' ? Buffer.from([value]) : value
  while (bytes.length > 1 && bytes[0] === 0 && (bytes[1]! & 0x80) === 0) bytes = bytes.subarray(1)
  if (bytes[0]! & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes])
  return tlv(0x02, bytes)
}

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number)
  const out = [parts[0]! * 40 + parts[1]!]
  for (const part of parts.slice(2)) {
    const chunk: number[] = [part & 0x7f]
    for (let v = Math.floor(part / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f))
    out.push(...chunk)
  }
  return tlv(0x06, Buffer.from(out))
}

function time(date: Date): Buffer {
  const iso = date.toISOString()
  const compact = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`
  // UTCTime until 2049, GeneralizedTime after (RFC 5280 §4.1.2.5).
  return date.getUTCFullYear() < 2050
    ? tlv(0x17, Buffer.from(compact.slice(2)))
    : tlv(0x18, Buffer.from(compact))
}

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  organizationalUnit: '2.5.4.11',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
}

export type DistinguishedName = { commonName: string; organization?: string; organizationalUnit?: string }

function name(dn: DistinguishedName): Buffer {
  const rdns = [set(sequence(oid(OID.commonName), utf8(dn.commonName)))]
  if (dn.organization) rdns.unshift(set(sequence(oid(OID.organization), utf8(dn.organization))))
  if (dn.organizationalUnit)
    rdns.splice(1, 0, set(sequence(oid(OID.organizationalUnit), utf8(dn.organizationalUnit))))
  return sequence(...rdns)
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical ? sequence(oid(id), bool(true), octets(value)) : sequence(oid(id), octets(value))
}

/** SHA-1 of the public key's bits (RFC 5280 §4.2.1.2 method 1). */
export function keyIdentifier(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: 'jwk' })
  const point = Buffer.concat([
    Buffer.from([0x04]),
    Buffer.from(jwk.x ?? '', 'base64url'),
    Buffer.from(jwk.y ?? '', 'base64url'),
  ])
  return createHash('sha1').update(point).digest()
}

function ipBytes(address: string): Buffer {
  if (isIP(address) === 4) return Buffer.from(address.split('.').map(Number))
  const [head = '', tail = ''] = address.split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
  const out = Buffer.alloc(16)
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2))
  return out
}

export type IssueOptions = {
  subject: DistinguishedName
  issuer: DistinguishedName
  subjectKey: KeyObject
  issuerKey: KeyObject
  issuerKeyId: Buffer | null
  notBefore: Date
  notAfter: Date
  isCa: boolean
  /** Host names and addresses the certificate is for (leaf certificates). */
  altNames?: string[]
}

/** A DER certificate signed with the issuer's key. */
export function issueCertificate(o: IssueOptions): Buffer {
  const algorithm = sequence(oid(OID.ecdsaWithSha256))
  const spki = o.subjectKey.export({ format: 'der', type: 'spki' })
  const subjectKeyId = keyIdentifier(o.subjectKey)
  const extensions: Buffer[] = [
    extension(OID.basicConstraints, true, o.isCa ? sequence(bool(true), integer(0)) : sequence()),
    // CA: digitalSignature, keyCertSign, cRLSign; leaf: digitalSignature.
    extension(OID.keyUsage, true, o.isCa ? bits(Buffer.from([0x86]), 1) : bits(Buffer.from([0x80]), 7)),
    extension(OID.subjectKeyIdentifier, false, octets(subjectKeyId)),
  ]
  if (o.issuerKeyId)
    extensions.push(extension(OID.authorityKeyIdentifier, false, sequence(tlv(0x80, o.issuerKeyId))))
  if (!o.isCa) {
    extensions.push(extension(OID.extKeyUsage, false, sequence(oid(OID.serverAuth))))
    const names = (o.altNames ?? []).map((n) =>
      isIP(n) ? tlv(0x87, ipBytes(n)) : tlv(0x82, Buffer.from(n, 'ascii')),
    )
    extensions.push(extension(OID.subjectAltName, false, sequence(...names)))
  }
  const serial = randomBytes(16)
  serial[0] = serial[0]! & 0x7f
  const tbs = sequence(
    explicit(0, integer(2)),
    integer(serial),
    algorithm,
    name(o.issuer),
    sequence(time(o.notBefore), time(o.notAfter)),
    name(o.subject),
    spki,
    explicit(3, sequence(...extensions)),
  )
  const signature = sign('sha256', tbs, o.issuerKey)
  return sequence(tbs, algorithm, bits(signature))
}

export function toPem(der: Buffer): string {
  const body = der.toString('base64').replace(/.{1,64}/g, '$&\n')
  return `-----BEGIN CERTIFICATE-----\n${body}-----END CERTIFICATE-----\n`
}

export function newKeyPair(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' })
}
