import { PlusOutlined, UploadOutlined } from '@ant-design/icons'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { Alert, App, Button, Card, Space, Table, Upload } from 'antd'
import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router-dom'
import { describeError } from '../../api/errors'
import { formatDateTime } from '../../lib/date-time'
import { useCampaign } from '../campaigns/campaign-api'
import { useText } from '../campaigns/use-text'
import { uploadScanReport, useFindings, useScanImports, type ScanImport } from './finding-api'
import { FINDING_TEXTS } from './finding-texts'
import { FindingTable } from './findings-page'

/** 检测工作台: a team's place in one campaign — submit findings, import scanner reports, follow its own findings. */
export default function WorkspacePage() {
  const { id } = useParams()
  const x = useText(FINDING_TEXTS)
  const campaign = useCampaign(id)
  const imports = useScanImports(id)
  const [page, setPage] = useState(1)
  const findings = useFindings({ campaignId: id ?? '', page, pageSize: 20, sort: 'newest' }, Boolean(id))
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const { message } = App.useApp()
  const upload = useMutation({
    mutationFn: (file: File) => uploadScanReport(id ?? '', file),
    onSuccess: async (imported) => {
      await queryClient.invalidateQueries({ queryKey: ['scan-imports'] })
      navigate(`/scan-imports/${imported.id}`)
    },
    onError: (e) => void message.error(describeError(e)),
  })
  const c = campaign.data
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={`${x.workspace.title} · ${c?.name ?? ''}`}
        extra={
          <Space>
            <Link to={`/campaigns/${id}/findings/new`}>
              <Button
                type="primary"
                icon={<PlusOutlined />}
                disabled={!c?.canSubmit}
                data-testid="workspace-new-finding"
              >
                {x.workspace.newFinding}
              </Button>
            </Link>
            <Upload
              showUploadList={false}
              disabled={!c?.canSubmit}
              beforeUpload={(file) => {
                upload.mutate(file)
                return false
              }}
            >
              <Button
                icon={<UploadOutlined />}
                loading={upload.isPending}
                disabled={!c?.canSubmit}
                data-testid="workspace-import"
              >
                {x.workspace.importReport}
              </Button>
            </Upload>
          </Space>
        }
      >
        {c && !c.canSubmit && (
          <Alert type="warning" showIcon message={x.workspace.windowClosed} style={{ marginBottom: 12 }} />
        )}
        <Alert type="info" message={x.workspace.importHint} />
      </Card>
      <Card title={x.workspace.imports} size="small">
        <Table<ScanImport>
          rowKey="id"
          size="small"
          loading={imports.isFetching}
          dataSource={imports.data ?? []}
          pagination={false}
          columns={[
            {
              title: x.workspace.file,
              dataIndex: 'fileName',
              render: (_, i) => <Link to={`/scan-imports/${i.id}`}>{i.fileName}</Link>,
            },
            { title: x.workspace.tool, dataIndex: 'tool' },
            { title: x.workspace.findings, dataIndex: 'findingCount' },
            { title: x.workspace.drafts, dataIndex: 'draftCount' },
            { title: x.workspace.pending, dataIndex: 'pendingCount' },
            {
              title: x.workspace.importedAt,
              dataIndex: 'createdAt',
              render: (_, i) => formatDateTime(i.createdAt),
            },
          ]}
        />
      </Card>
      <Card title={x.workspace.myFindings} size="small">
        <FindingTable
          items={findings.data?.items ?? []}
          loading={findings.isFetching}
          showTeam={false}
          pagination={{ current: page, pageSize: 20, total: findings.data?.total ?? 0, onChange: setPage }}
        />
      </Card>
    </Space>
  )
}
