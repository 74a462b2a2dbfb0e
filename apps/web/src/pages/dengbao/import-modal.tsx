// Import of systems and filings from XLSX: check first (nothing is written), then import; every problem is listed by
// row and column as Excel shows them.
import { InboxOutlined } from '@ant-design/icons'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { ApiError, unwrap } from '@wangan/sdk'
import { Alert, App, Button, Modal, Space, Table, Upload } from 'antd'
import { useState } from 'react'
import { api } from '../../api/client'
import { describeError } from '../../api/errors'
import { DENGBAO_TEXTS, fill } from './dengbao-texts'
import { fileToBase64, useText } from './use-text'

type Problem = { path: string; message: string }

export function ImportModal({ onClose }: { onClose: () => void }) {
  const x = useText(DENGBAO_TEXTS)
  const [file, setFile] = useState<File | null>(null)
  const [problems, setProblems] = useState<Problem[]>([])
  const [outcome, setOutcome] = useState<string | null>(null)
  const queryClient = useQueryClient()
  const { message } = App.useApp()
  const run = useMutation({
    mutationFn: async (dryRun: boolean) =>
      unwrap(
        await api.POST('/api/v1/dengbao/systems/import', {
          body: { fileName: file!.name, content: await fileToBase64(file!), dryRun },
        }),
      ),
    onSuccess: async (result) => {
      setProblems([])
      if (result.dryRun) setOutcome(fill(x.importModal.ok, { rows: result.rows }))
      else {
        setOutcome(fill(x.importModal.done, { created: result.created, filed: result.filed }))
        await queryClient.invalidateQueries({ queryKey: ['dengbao'] })
      }
    },
    onError: (e) => {
      setOutcome(null)
      const details = e instanceof ApiError ? e.body?.error.details : undefined
      if (Array.isArray(details) && details.length) setProblems(details)
      else void message.error(describeError(e))
    },
  })
  return (
    <Modal open title={x.importModal.title} onCancel={onClose} footer={null} width={760}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Alert type="info" showIcon message={x.importModal.hint} />
        <Upload.Dragger
          accept=".xlsx"
          maxCount={1}
          beforeUpload={(f) => {
            setFile(f)
            setProblems([])
            setOutcome(null)
            return false
          }}
          onRemove={() => setFile(null)}
          data-testid="dengbao-import-file"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p>{x.importModal.choose}</p>
        </Upload.Dragger>
        <Space>
          <Button disabled={!file} loading={run.isPending} onClick={() => run.mutate(true)}>
            {x.importModal.check}
          </Button>
          <Button type="primary" disabled={!file} loading={run.isPending} onClick={() => run.mutate(false)}>
            {x.importModal.run}
          </Button>
        </Space>
        {outcome && <Alert type="success" showIcon message={outcome} />}
        {problems.length > 0 && (
          <>
            <Alert type="error" showIcon message={fill(x.importModal.problems, { count: problems.length })} />
            <Table<Problem>
              size="small"
              rowKey={(p, i) => `${p.path}-${i}`}
              dataSource={problems}
              pagination={problems.length > 10 ? { pageSize: 10 } : false}
              columns={[
                { title: x.importModal.where, dataIndex: 'path', width: 220 },
                { title: x.importModal.problem, dataIndex: 'message' },
              ]}
            />
          </>
        )}
      </Space>
    </Modal>
  )
}
