// Encryption at rest of stored files: AES-256-GCM with a random data key per blob, itself wrapped (AES-256-GCM) with
// the deployment's data key. Layout:
//   "WGF1" | wrap IV (12) | wrap tag (16) | wrapped key (32) | IV (12) | ciphertext … | tag (16)
import { createCipheriv, createDecipheriv, randomBytes, type CipherGCM, type DecipherGCM } from 'node:crypto'

export const MAGIC = Buffer.from('WGF1')
export const HEADER_BYTES = 4 + 12 + 16 + 32 + 12
export const TAG_BYTES = 16

export function createBlobCipher(masterKey: Buffer): { header: Buffer; cipher: CipherGCM } {
  const dataKey = randomBytes(32)
  const wrapIv = randomBytes(12)
  const wrap = createCipheriv('aes-256-gcm', masterKey, wrapIv)
  const wrapped = Buffer.concat([wrap.update(dataKey), wrap.final()])
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv)
  cipher.setAAD(MAGIC)
  return { header: Buffer.concat([MAGIC, wrapIv, wrap.getAuthTag(), wrapped, iv]), cipher }
}

export function createBlobDecipher(masterKey: Buffer, header: Buffer, tag: Buffer): DecipherGCM {
  if (header.length !== HEADER_BYTES || !header.subarray(0, 4).equals(MAGIC))
    throw new Error('not an encrypted blob')
  const wrapIv = header.subarray(4, 16)
  const wrapTag = header.subarray(16, 32)
  const wrapped = header.subarray(32, 64)
  const iv = header.subarray(64, 76)
  const unwrap = createDecipheriv('aes-256-gcm', masterKey, wrapIv)
  unwrap.setAuthTag(wrapTag)
  const dataKey = Buffer.concat([unwrap.update(wrapped), unwrap.final()])
  const decipher = createDecipheriv('aes-256-gcm', dataKey, iv)
  decipher.setAAD(MAGIC)
  decipher.setAuthTag(tag)
  return decipher
}
