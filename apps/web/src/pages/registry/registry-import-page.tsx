import { DownloadOutlined, ReloadOutlined, UploadOutlined } from '@ant-design/icons'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import { Alert, Button, Card, Progress, Result, Segmented, Space, Steps, Table, Typography } from 'antd'
import { useEffect, useRef, useState } from 'react'
import { useSearchParams } from 'react-router-dom'
import { api } from '../../api/client'
import { describeError } from '../../api/errors'
import { useFullSession } from '../../auth/session'
import { REGISTRY_KEY, type ImportJob, type ImportKind } from './registry-api'
import { fill, REGISTRY_TEXTS } from './registry-texts'
import { useText } from './use-text'

type Problem = ImportJob['errors'][number]

/** Polls a running import until it is done, rejected or failed (the server keeps its progress in memory). */
function useImportJob(id: string | null) {
  return useQuery({
    queryKey: ['registry', 'import-job', id],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/registry-imports/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: Boolean(id),
    refetchInterval: (query) => (query.state.data?.status === 'running' || !query.state.data ? 500 : false),
  })
}

/** 批量导入: template → upload → progress → result; a file with errors shows every problem by row and column, and
 * the fixed file is uploaded again. */
export default function RegistryImportPage() {
  const text = useText(REGISTRY_TEXTS)
  const { user } = useFullSession()
  const queryClient = useQueryClient()
  const [params, setParams] = useSearchParams()
  const canImportOrganisations = user.role === 'admin' || user.role === 'regulator'
  const kind: ImportKind =
    params.get('kind') === 'organisations' && canImportOrganisations ? 'organisations' : 'assets'
  const [file, setFile] = useState<File | null>(null)
  const [jobId, setJobId] = useState<string | null>(null)
  const input = useRef<HTMLInputElement>(null)
  const job = useImportJob(jobId)

  const upload = useMutation({
    mutationFn: async (chosen: File) => {
      const form = new FormData()
      form.append('file', chosen, chosen.name)
      // The upload route takes multipart/form-data, which the OpenAPI document leaves untyped.
      return unwrap(
        await api.POST('/api/v1/registry-imports/{kind}', {
          params: { path: { kind }, query: {} },
          body: form as never,
        }),
      )
    },
    onSuccess: (started) => {
      queryClient.setQueryData(['registry', 'import-job', started.id], started)
      setJobId(started.id)
    },
  })

  const reset = () => {
    setFile(null)
    setJobId(null)
    upload.reset()
    if (input.current) input.current.value = ''
  }

  const current = job.data
  const finished = current && current.status !== 'running'
  const status = current?.status
  useEffect(() => {
    // What the import wrote shows up in the lists at once.
    if (status === 'done') void queryClient.invalidateQueries({ queryKey: REGISTRY_KEY })
  }, [status, queryClient])
  const step = !jobId ? (file ? 1 : 0) : finished ? 2 : 1
  const templateHref = (format: 'xlsx' | 'csv') =>
    `/api/v1/registry-imports/templates/${kind}?format=${format}`

  return (
    <Card title={text.import.title}>
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        <Steps
          current={step}
          items={[
            { title: text.import.stepTemplate },
            { title: text.import.stepUpload },
            { title: text.import.stepResult },
          ]}
        />
        <Space wrap>
          <span>{text.import.kind}</span>
          <Segmented<ImportKind>
            value={kind}
            disabled={Boolean(jobId)}
            onChange={(value) => setParams({ kind: value })}
            options={(canImportOrganisations
              ? (['organisations', 'assets'] as const)
              : (['assets'] as const)
            ).map((k) => ({ value: k, label: text.import.kinds[k] }))}
            data-testid="import-kind"
          />
          <Button icon={<DownloadOutlined />} href={templateHref('xlsx')} data-testid="template-xlsx">
            {text.import.templateXlsx}
          </Button>
          <Button icon={<DownloadOutlined />} href={templateHref('csv')} data-testid="template-csv">
            {text.import.templateCsv}
          </Button>
        </Space>
        <Typography.Text type="secondary">{text.import.templateHint}</Typography.Text>

        {!jobId && (
          <Space wrap>
            <label>
              {text.import.chooseFile}{' '}
              <input
                ref={input}
                type="file"
                accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
                onChange={(e) => setFile(e.target.files?.[0] ?? null)}
                data-testid="import-file"
              />
            </label>
            <Button
              type="primary"
              icon={<UploadOutlined />}
              disabled={!file}
              loading={upload.isPending}
              onClick={() => file && upload.mutate(file)}
              data-testid="import-upload"
            >
              {upload.isPending ? text.import.uploading : text.import.upload}
            </Button>
          </Space>
        )}
        {upload.error && <Alert type="error" showIcon message={describeError(upload.error)} />}

        {current && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <span>
              {text.import.progress}:{' '}
              {text.import.phases[current.progress?.phase ?? (finished ? 'finished' : 'reading')]}
              {current.progress ? ` · ${current.progress.rowsRead}` : ''}
            </span>
            <Progress
              percent={finished ? 100 : (current.progress?.percent ?? 0)}
              status={
                current.status === 'running' ? 'active' : current.status === 'done' ? 'success' : 'exception'
              }
              data-testid="import-progress"
            />
          </Space>
        )}

        {finished && current.status === 'done' && (
          <div data-testid="import-done">
            <Result
              status="success"
              title={fill(text.import.done, { count: current.insertedRows })}
              subTitle={current.message}
              extra={
                <Button onClick={reset} data-testid="import-another">
                  {text.import.another}
                </Button>
              }
            />
          </div>
        )}
        {finished && current.status !== 'done' && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Alert
              type="error"
              showIcon
              data-testid="import-rejected"
              message={
                current.status === 'rejected'
                  ? fill(text.import.rejected, { count: current.errorCount })
                  : text.import.failed
              }
              description={
                current.errorCount > current.errors.length
                  ? fill(text.import.onlyFirst, { shown: current.errors.length, count: current.errorCount })
                  : current.status === 'failed'
                    ? current.message
                    : undefined
              }
            />
            <Table<Problem>
              rowKey={(p) => `${p.row}-${p.column}-${p.code}-${p.message}`}
              size="small"
              dataSource={current.errors}
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              data-testid="import-errors"
              columns={[
                {
                  title: text.import.row,
                  dataIndex: 'row',
                  width: 80,
                  render: (row: number | null) => row ?? text.import.fileLevel,
                },
                { title: text.import.column, dataIndex: 'column', width: 160 },
                {
                  title: text.import.value,
                  dataIndex: 'value',
                  width: 220,
                  render: (value: string | null) => <span style={{ wordBreak: 'break-all' }}>{value}</span>,
                },
                { title: text.import.problem, dataIndex: 'message' },
              ]}
            />
            <Button type="primary" icon={<ReloadOutlined />} onClick={reset} data-testid="import-again">
              {text.import.again}
            </Button>
          </Space>
        )}
      </Space>
    </Card>
  )
}
