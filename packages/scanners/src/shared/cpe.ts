import type { ScanComponent } from '../scan-types'

function unescape(part: string): string {
  return part
    .replace(/\\(.)/g, '$1')
    .replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
}

/** Product and version of a CPE 2.2 (`cpe:/a:vendor:product:version`) or 2.3 URI; null when absent. */
export function componentFromCpe(cpe: string | null | undefined): ScanComponent | null {
  if (!cpe) return null
  const text = cpe.trim()
  let parts: string[]
  if (text.startsWith('cpe:2.3:')) parts = text.slice('cpe:2.3:'.length).split(/(?<!\\):/)
  else if (text.startsWith('cpe:/')) parts = text.slice('cpe:/'.length).split(':')
  else return null
  const [, , product, version] = parts
  const clean = (value: string | undefined) =>
    value && value !== '*' && value !== '-' ? unescape(value).replace(/_/g, ' ').trim() || null : null
  const name = clean(product)
  if (!name) return null
  return { name, version: clean(version) }
}
