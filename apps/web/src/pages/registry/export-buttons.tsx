import { DownloadOutlined, UploadOutlined } from '@ant-design/icons'
import { Button, Space } from 'antd'
import { Link } from 'react-router-dom'
import { queryString } from './registry-api'
import { REGISTRY_TEXTS } from './registry-texts'
import { useText } from './use-text'

type Props = {
  /** `/api/v1/organisations/export` or `/api/v1/assets/export`. */
  endpoint: string
  filters: Record<string, string | number | boolean | null | undefined>
  /** Shown when the user may import: the wizard, preset to this kind. */
  importKind?: 'organisations' | 'assets' | null
}

/** Export of the filtered list (downloads with the session cookie) and the way to the import wizard. */
export function ExportButtons({ endpoint, filters, importKind }: Props) {
  const text = useText(REGISTRY_TEXTS)
  const href = (format: 'xlsx' | 'csv') => `${endpoint}?${queryString({ ...filters, format })}`
  return (
    <Space wrap>
      <Button icon={<DownloadOutlined />} href={href('xlsx')} data-testid="export-xlsx">
        {text.actions.exportXlsx}
      </Button>
      <Button icon={<DownloadOutlined />} href={href('csv')} data-testid="export-csv">
        {text.actions.exportCsv}
      </Button>
      {importKind && (
        <Link to={`/registry/import?kind=${importKind}`}>
          <Button icon={<UploadOutlined />} data-testid="open-import">
            {text.actions.import}
          </Button>
        </Link>
      )}
    </Space>
  )
}
