import { describe, expect, test } from 'vitest'
import {
  CompiledRules,
  decodeForMatching,
  DEFAULT_VIOLATION_RULES,
  SlidingCounter,
  type RequestFacts,
} from './violation-rules'

const rules = new CompiledRules(DEFAULT_VIOLATION_RULES)

function hits(target: string, options: Partial<RequestFacts> = {}): string[] {
  const facts: RequestFacts = { method: 'GET', target, headers: [], body: null, ...options }
  return [...rules.matchRequest(facts, 'head'), ...rules.matchRequest(facts, 'body')].map((h) => h.rule.id)
}

describe('pattern rules', () => {
  test('destructive SQL, in any case, encoding or spacing', () => {
    for (const payload of [
      '/item?id=1;DROP TABLE users--',
      '/item?id=1%3B%20drop%20%20table%20users',
      '/item?id=1%253Bdrop%2Btable%2Busers',
      "/q?x=1';TRUNCATE TABLE logs;--",
      '/q?x=1;delete from users--',
      '/q?x=1;DELETE FROM `users`',
      '/q?x=1;ALTER TABLE users DROP COLUMN pw',
      '/q?x=1;SHUTDOWN WITH NOWAIT',
    ])
      expect(hits(payload), payload).toContain('destructive-sql')
  })

  test('destructive shell commands, in the query or the body', () => {
    for (const payload of [
      '/x?c=;rm -rf /',
      '/x?c=|rm%20-fr%20/var',
      '/x?c=rm -r -f /',
      '/x?c=;mkfs.ext4 /dev/sda1',
      '/x?c=dd if=/dev/zero of=/dev/sda',
      '/x?c=:(){ :|:& };:',
      '/x?c=;shutdown -h now',
      '/x?c=%26reboot%20now',
      '/x?c=init 0',
      '/x?c=format c:',
      '/x?c=wevtutil cl System',
    ])
      expect(hits(payload), payload).toContain('destructive-shell')
    expect(
      hits('/form', { method: 'POST', body: Buffer.from('cmd=ping+127.0.0.1%3Brm+-rf+%2Fhome') }),
    ).toContain('destructive-shell')
  })

  test('denial-of-service shapes in headers and bodies', () => {
    expect(hits('/', { headers: [`Range: bytes=${'0-,'.repeat(25)}0-`] })).toContain('dos-patterns')
    expect(hits('/', { headers: ['Content-Length: 99999999999'] })).toContain('dos-patterns')
    expect(
      hits('/x', {
        method: 'POST',
        body: Buffer.from('<!DOCTYPE l [<!ENTITY a "x"><!ENTITY b "&a;&a;&a;&a;&a;">]>'),
      }),
    ).toContain('dos-patterns')
  })

  test('ordinary requests, detection probes and words in prose do not fire', () => {
    for (const benign of [
      '/',
      '/news?page=2&sort=desc',
      '/search?q=%E6%95%99%E8%82%B2%E5%B1%80',
      "/item?id=1'",
      '/item?id=1 AND 1=1',
      '/item?id=1 UNION SELECT NULL,NULL--',
      '/item?id=1;SELECT PG_SLEEP(5)--',
      // sqlmap's own WAF probe: command execution is tested, nothing is destroyed.
      "/item?id=1 AND 1=1 UNION ALL SELECT 1,NULL,table_name FROM information_schema.tables WHERE 2>1--/**/; EXEC xp_cmdshell('cat ../../../etc/passwd')#",
      '/docs/how-to-drop-a-table-safely',
      '/news/shutdown-notice',
      '/api/users?delete=false',
      '/files/format-guide.pdf',
    ])
      expect(hits(benign), benign).toEqual([])
    expect(hits('/', { headers: ['Range: bytes=0-1023', 'User-Agent: Mozilla/5.0'] })).toEqual([])
    expect(
      hits('/post', { method: 'POST', body: Buffer.from('title=系统将于周六停机维护&body=shutdown window') }),
    ).toEqual([])
  })

  test('a rule limited to methods ignores others; disabled rules never fire', () => {
    const only = new CompiledRules([
      {
        id: 'x',
        name: 'x',
        enabled: true,
        severity: 'low',
        cooldownSeconds: 0,
        kind: 'pattern',
        patterns: ['secret'],
        in: ['target'],
        methods: ['POST'],
      },
      {
        id: 'y',
        name: 'y',
        enabled: false,
        severity: 'low',
        cooldownSeconds: 0,
        kind: 'pattern',
        patterns: ['secret'],
        in: ['target'],
      },
    ])
    expect(only.matchRequest({ method: 'GET', target: '/secret', headers: [], body: null }, 'head')).toEqual(
      [],
    )
    expect(
      only
        .matchRequest({ method: 'POST', target: '/secret', headers: [], body: null }, 'head')
        .map((h) => h.rule.id),
    ).toEqual(['x'])
  })

  test('decoding never throws on broken escapes', () => {
    expect(decodeForMatching('%E0%A4%A')).toBe('\u00e0\u00a4%A')
    expect(decodeForMatching('a+b%20c')).toBe('a b c')
  })
})

describe('sliding counters', () => {
  test('count events per key over the last whole seconds', () => {
    const counter = new SlidingCounter(10)
    const t = 1_000_000_000
    for (let i = 0; i < 5; i++) counter.add('k', t + i * 1000)
    expect(counter.add('k', t + 9_000)).toBe(6)
    // At t+10 s the first second left the window.
    expect(counter.add('k', t + 10_000)).toBe(6)
    expect(counter.add('k', t + 30_000)).toBe(1)
    expect(counter.add('other', t)).toBe(1)
    counter.sweep(t + 60_000)
    expect(counter.size).toBe(0)
  })
})
