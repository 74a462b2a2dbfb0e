import { describe, expect, it } from 'vitest'
import { cvesIn, normaliseCve, normaliseCwe, tidyText } from './finding-draft'
import { htmlToText } from './html-text'
import { componentFromCpe } from './cpe'

describe('text helpers', () => {
  it('htmlToText keeps paragraphs and list items, drops tags and decodes entities', () => {
    expect(htmlToText('<p>Use <b>TLS</b> &amp; HSTS.</p><ul><li>one</li><li>two&#x21;</li></ul>')).toBe(
      'Use TLS & HSTS.\n\n* one\n* two!',
    )
    expect(htmlToText('<script>alert(1)</script>plain')).toBe('plain')
    expect(htmlToText('AMD<BR>\nRyzen<P>')).toBe('AMD\n\nRyzen')
  })

  it('tidyText removes the indentation of pretty-printed XML', () => {
    expect(tidyText('Disable the rexec service\n            and use SSH\n\n\n\n   instead.  ')).toBe(
      'Disable the rexec service\nand use SSH\n\ninstead.',
    )
  })

  it('normalises CVE and CWE ids', () => {
    expect(normaliseCve(' cve-2018-15473 ')).toBe('CVE-2018-15473')
    expect(normaliseCve('CVE-18-1')).toBeNull()
    expect(cvesIn('fixes CVE-2014-0117, cve-2021-26690.')).toEqual(['CVE-2014-0117', 'CVE-2021-26690'])
    expect(normaliseCwe('cwe-362')).toBe(362)
    expect(normaliseCwe('CWE-352')).toBe(352)
    expect(normaliseCwe('0')).toBeNull()
    expect(normaliseCwe('-1')).toBe(1)
  })

  it('reads product and version from CPE 2.2 and 2.3 names', () => {
    expect(componentFromCpe('cpe:/a:openbsd:openssh:7.4')).toEqual({ name: 'openssh', version: '7.4' })
    expect(componentFromCpe('cpe:2.3:a:apache:http_server:2.4.7:*:*:*:*:*:*:*')).toEqual({
      name: 'http server',
      version: '2.4.7',
    })
    expect(componentFromCpe('cpe:/o:linux')).toBeNull()
    expect(componentFromCpe('not a cpe')).toBeNull()
  })
})
