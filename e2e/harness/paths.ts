import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url))
export const wanganBin = fileURLToPath(new URL('../../bin/wangan.mjs', import.meta.url))
export const artifactsDir = fileURLToPath(new URL('../artifacts/', import.meta.url))

export function artifactPath(name: string): string {
  mkdirSync(artifactsDir, { recursive: true })
  return `${artifactsDir}${name}`
}

/** A file-name-safe version of a test name. */
export function slug(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'test'
  )
}
