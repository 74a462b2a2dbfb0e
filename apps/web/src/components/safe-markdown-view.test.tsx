import { act } from 'react'
import { createRoot } from 'react-dom/client'
import { describe, expect, it } from 'vitest'
import { SafeMarkdown } from './safe-markdown-view'

// React 18 only runs act() without warnings when told it is in a test environment.
;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

describe('<SafeMarkdown>', () => {
  it('renders sanitised Markdown and follows changes of the source', () => {
    const host = document.createElement('div')
    const root = createRoot(host)
    act(() => root.render(<SafeMarkdown source={'**整改** <script>alert(1)</script>'} />))
    expect(host.querySelector('strong')?.textContent).toBe('整改')
    expect(host.querySelector('script')).toBeNull()
    expect(host.textContent).toContain('<script>alert(1)</script>')

    act(() => root.render(<SafeMarkdown source="_已复测_" />))
    expect(host.querySelector('em')?.textContent).toBe('已复测')
    expect(host.querySelector('strong')).toBeNull()
    act(() => root.unmount())
  })
})
