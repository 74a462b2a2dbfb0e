import { TreeSelect } from 'antd'
import { useMemo, type CSSProperties } from 'react'
import { useTranslation } from 'react-i18next'
import { buildRegionTree, type RegionNode } from './region-tree'
import { useRegions } from './use-regions'

type TreeItem = { value: string; title: string; children: TreeItem[] }
const toTreeItem = (node: RegionNode): TreeItem => ({
  value: node.id,
  title: node.name,
  children: node.children.map(toTreeItem),
})

type Props = {
  value?: string | null
  onChange?: (value: string | null) => void
  allowClear?: boolean
  placeholder?: string
  style?: CSSProperties
  testId?: string
}

/** Picks one visible region from the tree. Works as a controlled antd form field. */
export function RegionSelect({ value, onChange, allowClear = true, placeholder, style, testId }: Props) {
  const { t } = useTranslation(['regions', 'common', 'nav'])
  const regions = useRegions()
  const treeData = useMemo(() => buildRegionTree(regions.data ?? []).map(toTreeItem), [regions.data])
  return (
    <TreeSelect
      value={value ?? undefined}
      onChange={(next: string | undefined) => onChange?.(next ?? null)}
      treeData={treeData}
      treeDefaultExpandAll
      showSearch
      treeNodeFilterProp="title"
      allowClear={allowClear}
      loading={regions.isPending}
      placeholder={placeholder ?? t('select')}
      style={style ?? { width: '100%' }}
      data-testid={testId}
    />
  )
}
