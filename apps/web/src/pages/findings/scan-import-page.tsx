import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import { App, Button, Card, Descriptions, Select, Space, Table, Tag } from 'antd'
import { useState } from 'react'
import { Link, useParams } from 'react-router-dom'
import { api } from '../../api/client'
import { describeError } from '../../api/errors'
import { useFullSession } from '../../auth/session'
import { formatDateTime } from '../../lib/date-time'
import { useText } from '../campaigns/use-text'
import { useDrafts, useScanImport, type DraftQuery, type FindingDraft } from './finding-api'
import { FINDING_TEXTS, SEVERITY_COLOURS } from './finding-texts'

/** An imported scanner report: its drafts per organisation, which the tester submits, edits or discards. */
export default function ScanImportPage() {
  const { id } = useParams()
  const x = useText(FINDING_TEXTS)
  const { user } = useFullSession()
  const imported = useScanImport(id)
  const [query, setQuery] = useState<DraftQuery>({ page: 1, pageSize: 50, status: 'pending' })
  const drafts = useDrafts(id, query)
  const [selected, setSelected] = useState<string[]>([])
  const queryClient = useQueryClient()
  const { message } = App.useApp()
  const isTeam = user.role === 'tester' || user.role === 'team_lead'
  const refresh = async () => {
    setSelected([])
    await queryClient.invalidateQueries({ queryKey: ['scan-imports'] })
    await queryClient.invalidateQueries({ queryKey: ['findings'] })
  }
  const submit = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/scan-imports/{id}/submit', {
          params: { path: { id: id ?? '' } },
          body: { draftIds: selected },
        }),
      ),
    onSuccess: async (result) => {
      void message.success(x.drafts.result(result.submitted.length, result.skipped.length))
      for (const s of result.skipped.slice(0, 3)) void message.warning(s.reason)
      await refresh()
    },
    onError: (e) => void message.error(describeError(e)),
  })
  const discard = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/scan-imports/{id}/discard', {
          params: { path: { id: id ?? '' } },
          body: { draftIds: selected },
        }),
      ),
    onSuccess: refresh,
    onError: (e) => void message.error(describeError(e)),
  })
  const i = imported.data
  return (
    <Card title={`${x.drafts.title} · ${i?.fileName ?? ''}`} loading={!i}>
      {i && (
        <Descriptions size="small" column={4} style={{ marginBottom: 12 }}>
          <Descriptions.Item label={x.workspace.tool}>{i.tool}</Descriptions.Item>
          <Descriptions.Item label={x.workspace.findings}>{i.findingCount}</Descriptions.Item>
          <Descriptions.Item label={x.workspace.drafts}>{i.draftCount}</Descriptions.Item>
          <Descriptions.Item label={x.workspace.importedAt}>{formatDateTime(i.createdAt)}</Descriptions.Item>
        </Descriptions>
      )}
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          style={{ width: 260 }}
          allowClear
          placeholder={x.drafts.organisation}
          onChange={(v: string | undefined) =>
            setQuery((q) => {
              const { organisationId: _o, unmatched: _u, ...rest } = q
              return v === 'none'
                ? { ...rest, unmatched: 'true', page: 1 }
                : v
                  ? { ...rest, organisationId: v, page: 1 }
                  : { ...rest, page: 1 }
            })
          }
          options={(i?.organisations ?? []).map((o) => ({
            value: o.organisationId ?? 'none',
            label: `${o.organisationName ?? x.drafts.unmatched} (${o.drafts})`,
          }))}
        />
        <Select
          style={{ width: 140 }}
          value={query.status}
          onChange={(v: 'pending' | 'submitted' | 'discarded') =>
            setQuery((q) => ({ ...q, status: v, page: 1 }))
          }
          options={Object.entries(x.drafts.status).map(([value, label]) => ({ value, label }))}
        />
        {isTeam && (
          <>
            <Button
              type="primary"
              disabled={!selected.length}
              loading={submit.isPending}
              onClick={() => submit.mutate()}
              data-testid="drafts-submit"
            >
              {x.drafts.submitSelected}
            </Button>
            <Button
              danger
              disabled={!selected.length}
              loading={discard.isPending}
              onClick={() => discard.mutate()}
            >
              {x.drafts.discardSelected}
            </Button>
          </>
        )}
      </Space>
      <Table<FindingDraft>
        rowKey="id"
        size="small"
        data-testid="draft-table"
        loading={drafts.isFetching}
        dataSource={drafts.data?.items ?? []}
        rowSelection={
          isTeam
            ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)) }
            : undefined
        }
        pagination={{
          current: query.page ?? 1,
          pageSize: query.pageSize ?? 50,
          total: drafts.data?.total ?? 0,
          onChange: (page, pageSize) => setQuery((q) => ({ ...q, page, pageSize })),
        }}
        columns={[
          { title: x.list.titleCol, dataIndex: 'title' },
          {
            title: x.list.severity,
            dataIndex: 'severity',
            width: 90,
            render: (_, d) => (
              <Tag color={SEVERITY_COLOURS[d.severity]}>{x.severity[d.severity] ?? d.severity}</Tag>
            ),
          },
          {
            title: x.drafts.organisation,
            dataIndex: 'organisationName',
            render: (_, d) => d.organisationName ?? <Tag color="warning">{x.drafts.unmatched}</Tag>,
          },
          {
            title: x.drafts.endpoints,
            render: (_, d) => `${d.target}${d.endpoints.length > 1 ? ` +${d.endpoints.length - 1}` : ''}`,
          },
          { title: 'CVE', dataIndex: 'cve', render: (_, d) => d.cve.slice(0, 3).join(', ') },
          {
            title: x.list.status,
            dataIndex: 'status',
            width: 90,
            render: (_, d) => x.drafts.status[d.status],
          },
          ...(isTeam && i
            ? [
                {
                  title: '',
                  width: 110,
                  render: (_: unknown, d: FindingDraft) =>
                    d.status === 'pending' ? (
                      <Link to={`/campaigns/${i.campaignId}/findings/new?importId=${i.id}&draftId=${d.id}`}>
                        {x.drafts.openInForm}
                      </Link>
                    ) : d.findingId ? (
                      <Link to={`/findings/${d.findingId}`}>→</Link>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
    </Card>
  )
}
