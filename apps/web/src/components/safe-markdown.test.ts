import { describe, expect, it } from 'vitest'
import { renderSafeMarkdown } from './safe-markdown'

function render(source: string): HTMLDivElement {
  const div = document.createElement('div')
  div.append(renderSafeMarkdown(source))
  return div
}

describe('renderSafeMarkdown', () => {
  it('renders ordinary Markdown', () => {
    const div = render('# 漏洞描述\n\n**SQL 注入** in `id`\n\n- 步骤一\n- 步骤二')
    expect(div.querySelector('h1')?.textContent).toBe('漏洞描述')
    expect(div.querySelector('strong')?.textContent).toBe('SQL 注入')
    expect(div.querySelector('code')?.textContent).toBe('id')
    expect(div.querySelectorAll('li')).toHaveLength(2)
  })

  it('shows raw HTML as text instead of parsing it', () => {
    const div = render(
      'before <script>alert(1)</script> <img src=x onerror=alert(2)> after\n\n<iframe src="https://evil.example"></iframe>',
    )
    expect(div.querySelector('script')).toBeNull()
    expect(div.querySelector('iframe')).toBeNull()
    expect(div.querySelector('img')).toBeNull()
    expect(div.textContent).toContain('<script>alert(1)</script>')
    expect(div.textContent).toContain('<iframe src="https://evil.example"></iframe>')
    expect(div.querySelectorAll('[onerror]')).toHaveLength(0)
  })

  it('drops javascript: links and hardens the others', () => {
    const div = render('[click](javascript:alert(1)) and [site](https://example.gov.cn/a?b=1)')
    const links = [...div.querySelectorAll('a')]
    expect(links.every((a) => !(a.getAttribute('href') ?? '').toLowerCase().startsWith('javascript:'))).toBe(
      true,
    )
    const site = links.find((a) => a.textContent === 'site')
    expect(site?.getAttribute('href')).toBe('https://example.gov.cn/a?b=1')
    expect(site?.getAttribute('rel')).toBe('noopener noreferrer')
    expect(site?.getAttribute('target')).toBe('_blank')
  })

  it('keeps images from this server and replaces outside images by their alt text', () => {
    const div = render(
      '![证据截图](/api/v1/files/abc) ![tracker](https://evil.example/pixel.png) ![rel](//evil.example/p.png)',
    )
    const images = [...div.querySelectorAll('img')]
    expect(images.map((img) => img.getAttribute('src'))).toEqual(['/api/v1/files/abc'])
    expect(div.textContent).toContain('tracker')
    expect(div.textContent).toContain('rel')
    expect(div.innerHTML).not.toContain('evil.example')
  })

  it('removes event-handler attributes that Markdown link titles could smuggle in', () => {
    const div = render('[x](https://example.com "t\\" onmouseover=\\"alert(1)")')
    const link = div.querySelector('a')
    expect(link?.getAttribute('onmouseover')).toBeNull()
  })
})
