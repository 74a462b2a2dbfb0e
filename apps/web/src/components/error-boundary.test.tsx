import { act } from 'react'
import { createRoot } from 'react-dom/client'
import { describe, expect, it, vi } from 'vitest'
import '../i18n'
import { ErrorBoundary } from './error-boundary'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

describe('<ErrorBoundary>', () => {
  it('shows what broke instead of a blank page, and renders again on retry', () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    let broken = true
    function Page() {
      if (broken) throw new Error('数据格式不对')
      return <p>正常内容</p>
    }
    const host = document.createElement('div')
    const root = createRoot(host)
    act(() =>
      root.render(
        <ErrorBoundary>
          <Page />
        </ErrorBoundary>,
      ),
    )
    expect(host.querySelector('[data-testid="page-error"]')?.textContent).toContain('数据格式不对')
    expect(host.textContent).toContain('页面出错了')

    broken = false
    const retry = [...host.querySelectorAll('button')].find(
      (b) => b.textContent?.replace(/\s/g, '') === '重试',
    )
    act(() => retry?.click())
    expect(host.textContent).toContain('正常内容')
    act(() => root.unmount())
    quiet.mockRestore()
  })
})
