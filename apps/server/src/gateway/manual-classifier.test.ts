import { describe, expect, test } from 'vitest'
import { ManualClassifier } from './manual-classifier'

describe('manual testing heuristics', () => {
  test('a human pace with a browser or curl counts; scanner signatures never do', () => {
    const c = new ManualClassifier()
    let t = 1_000_000
    expect(c.classify('u', (t += 3000), 'Mozilla/5.0 (Windows NT 10.0) Firefox/115.0', '/login', [])).toBe(
      true,
    )
    expect(c.classify('u', (t += 3000), 'curl/7.88.1', '/api/users/1', [])).toBe(true)
    for (const agent of [
      'sqlmap/1.7.2#stable (https://sqlmap.org)',
      'Mozilla/5.0 (compatible; Nmap Scripting Engine)',
      'WhatWeb/0.5.5',
      'python-requests/2.31',
      'Go-http-client/1.1',
      'Nuclei - Open-source project',
    ])
      expect(c.classify('u', (t += 3000), agent, '/', []), agent).toBe(false)
    expect(
      c.classify('u', (t += 3000), 'Mozilla/5.0', '/acunetix-wvs-test-for-some-inexistent-file', []),
    ).toBe(false)
    expect(c.classify('u', (t += 3000), 'Mozilla/5.0', '/', ['X-Scanner: Netsparker'])).toBe(false)
  })

  test('a machine pace is not manual, even with a browser’s user agent; the pace is per tester', () => {
    const c = new ManualClassifier()
    const t = 2_000_000
    const results = Array.from({ length: 30 }, (_, i) =>
      c.classify('fast', t + i * 50, 'Mozilla/5.0', '/', []),
    )
    expect(results.slice(0, 20).every(Boolean)).toBe(true)
    expect(results.slice(20).some(Boolean)).toBe(false)
    expect(c.classify('slow', t + 1_000, 'Mozilla/5.0', '/', [])).toBe(true)
    // Ten seconds later the fast tester is back to a human pace.
    expect(c.classify('fast', t + 12_000, 'Mozilla/5.0', '/', [])).toBe(true)
  })
})
