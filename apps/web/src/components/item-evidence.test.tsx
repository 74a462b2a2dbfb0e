import { act } from 'react'
import { createRoot } from 'react-dom/client'
import { describe, expect, it, vi } from 'vitest'
import { ItemEvidence, type EvidenceEntry, type EvidenceInput } from './item-evidence'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true
// antd's responsive helpers ask for matchMedia, which jsdom lacks.
window.matchMedia ??= ((query: string) => ({
  matches: false,
  media: query,
  onchange: null,
  addListener: () => undefined,
  removeListener: () => undefined,
  addEventListener: () => undefined,
  removeEventListener: () => undefined,
  dispatchEvent: () => false,
})) as typeof window.matchMedia

const texts = {
  evidence: '证据',
  remove: '删除',
  add: '记录证据',
  label: '说明',
  reference: '编号',
  upload: '上传',
}

describe('<ItemEvidence>', () => {
  it('shows hostile labels and file names as text, links files, and saves the list without a removed entry', () => {
    const entries: EvidenceEntry[] = [
      { label: '<img src=x onerror="window.hacked=1">方案', reference: '3号', fileId: null, fileName: null },
      {
        label: '活动照片',
        reference: null,
        fileId: '0d7c8d52-5d5e-4c41-9d53-3d1f6f0e2a11',
        fileName: '<script>alert(1)</script>.png',
      },
    ]
    const saved: EvidenceInput[][] = []
    const host = document.createElement('div')
    const root = createRoot(host)
    act(() =>
      root.render(
        <ItemEvidence
          entries={entries}
          editable
          texts={texts}
          fileUrl={(id) => `/files/${id}`}
          onSave={(list) => saved.push(list)}
          onUpload={vi.fn(async () => true)}
          testId="evidence-1.1.0.1"
        />,
      ),
    )
    expect(host.querySelector('img')).toBeNull()
    expect(host.querySelector('script')).toBeNull()
    expect(host.textContent).toContain('<img src=x onerror="window.hacked=1">方案')
    expect(host.textContent).toContain('<script>alert(1)</script>.png')
    expect(host.querySelector('a')?.getAttribute('href')).toBe('/files/0d7c8d52-5d5e-4c41-9d53-3d1f6f0e2a11')
    expect(host.querySelector('[data-testid="evidence-1.1.0.1-upload"]')).not.toBeNull()

    const remove = [...host.querySelectorAll('button')].find((b) => b.textContent?.includes('删'))
    act(() => remove?.click())
    expect(saved).toEqual([
      [{ label: '活动照片', reference: null, fileId: '0d7c8d52-5d5e-4c41-9d53-3d1f6f0e2a11' }],
    ])
    act(() => root.unmount())
  })

  it('offers no editing when the object is locked', () => {
    const host = document.createElement('div')
    const root = createRoot(host)
    act(() =>
      root.render(
        <ItemEvidence
          entries={[{ label: '记录', reference: null, fileId: null, fileName: null }]}
          editable={false}
          texts={texts}
          fileUrl={(id) => id}
          onSave={() => undefined}
          onUpload={async () => false}
        />,
      ),
    )
    expect(host.textContent).toContain('记录')
    expect(host.querySelector('input')).toBeNull()
    expect(host.querySelector('button')).toBeNull()
    act(() => root.unmount())
  })
})
