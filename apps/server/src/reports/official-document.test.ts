import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { renderChartImage } from './chart-image'
import { chineseDate, renderOfficialDocument } from './official-document'

/** The text of word/document.xml inside a DOCX (a zip), read with the system's unzip. */
function documentXml(docx: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'wangan-docx-'))
  try {
    writeFileSync(join(dir, 'x.docx'), docx)
    return execFileSync('unzip', ['-p', join(dir, 'x.docx'), 'word/document.xml'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

describe('official documents', () => {
  test('dates are written the Chinese way in Asia/Shanghai', () => {
    expect(chineseDate(new Date('2022-05-08T16:30:00Z'))).toBe('2022年5月9日')
  })

  test('a notice carries masthead, number, title, addressee, table, chart, hostile text as text, and the date', async () => {
    const chart = renderChartImage({
      xAxis: { type: 'category', data: ['高危', '中危'] },
      yAxis: {},
      series: [{ type: 'bar', data: [2, 5] }],
    })
    expect(chart.png.subarray(1, 4).toString()).toBe('PNG')
    const docx = await renderOfficialDocument({
      issuer: '中共常州市委网络安全和信息化委员会办公室',
      documentNumber: '常网安通〔2022〕12号',
      title: '关于市教育局网络安全漏洞的通报',
      addressee: '市教育局',
      body: [
        { kind: 'paragraph', text: '“网安2022”常州行动中发现你单位存在以下网络安全问题：' },
        { kind: 'heading', level: 1, text: '一、漏洞清单' },
        {
          kind: 'table',
          columns: [{ title: '序号' }, { title: '漏洞名称' }, { title: '等级' }],
          rows: [[1, '<script>alert(1)</script> SQL注入', '高危']],
        },
        {
          kind: 'image',
          png: chart.png,
          width: chart.width,
          height: chart.height,
          caption: '图1 漏洞等级分布',
        },
      ],
      attachments: ['漏洞详情'],
      date: new Date('2022-05-16T02:00:00Z'),
      printedBy: { issuer: '常州市委网信办秘书处', date: new Date('2022-05-16T02:00:00Z') },
    })
    expect(docx.subarray(0, 2).toString()).toBe('PK')
    const xml = documentXml(docx)
    for (const text of [
      '中共常州市委网络安全和信息化委员会办公室文件',
      '常网安通〔2022〕12号',
      '关于市教育局网络安全漏洞的通报',
      '市教育局：',
      '2022年5月16日',
      '附件：漏洞详情',
    ])
      expect(xml).toContain(text)
    // Hostile text is escaped XML text, never markup.
    expect(xml).toContain('&lt;script&gt;alert(1)&lt;/script&gt; SQL注入')
    expect(xml).toContain('<w:drawing>')
  })
})
