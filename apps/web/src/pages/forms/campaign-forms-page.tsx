// The forms of a campaign. A liaison starts and opens their organisation's three forms (and one evaluation per
// company that served it); the regulator's side sees who has filed, sets deadlines and exports each kind.
import { DownloadOutlined } from '@ant-design/icons'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import { Alert, Button, Card, DatePicker, InputNumber, Select, Space, Table, Tag, Typography } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router-dom'
import { api } from '../../api/client'
import { describeError } from '../../api/errors'
import { useFullSession } from '../../auth/session'
import { beijingWallClockToIso, formatDateTime } from '../../lib/date-time'
import { useText } from '../campaigns/use-text'
import {
  useCampaignForms,
  type CampaignForms,
  type CreateFormRequest,
  type FormDeadline,
  type FormKind,
  type FormSummary,
} from './forms-api'
import { FORMS_TEXTS } from './forms-texts'

const KINDS: FormKind[] = ['self_inspection', 'service_evaluation', 'work_summary']

export default function CampaignFormsPage() {
  const { id } = useParams()
  const x = useText(FORMS_TEXTS)
  const { user } = useFullSession()
  const forms = useCampaignForms(id)
  const data = forms.data
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      {forms.isError && <Alert type="error" showIcon message={describeError(forms.error)} />}
      <Card title={`${x.title} · ${data?.campaignName ?? ''}`} loading={forms.isPending && !forms.isError}>
        {data && <Deadlines data={data} />}
      </Card>
      {data && user.role === 'org_liaison' && <MyForms data={data} />}
      {data && data.myOrganisations.length === 0 && <Board data={data} />}
      {data && (
        <Card title={user.role === 'org_liaison' ? x.mine : x.all}>
          <FormTable forms={data.forms} />
        </Card>
      )}
    </Space>
  )
}

function Deadlines({ data }: { data: CampaignForms }) {
  const x = useText(FORMS_TEXTS)
  const queryClient = useQueryClient()
  const [editing, setEditing] = useState<{ kind: FormKind; due: Dayjs | null; days: number } | null>(null)
  const save = useMutation({
    mutationFn: async (deadline: FormDeadline) =>
      unwrap(
        await api.PUT('/api/v1/campaigns/{id}/form-deadlines/{kind}', {
          params: { path: { id: data.campaignId, kind: deadline.kind } },
          body: {
            dueAt: beijingWallClockToIso(editing!.due!),
            remindDaysBefore: editing!.days,
            ...(deadline.isDefault ? {} : { version: deadline.version }),
          },
        }),
      ),
    onSuccess: async () => {
      setEditing(null)
      await queryClient.invalidateQueries({ queryKey: ['forms'] })
    },
  })
  return (
    <>
      {save.isError && <Alert type="error" showIcon message={describeError(save.error)} />}
      <Table<FormDeadline>
        rowKey="kind"
        size="small"
        pagination={false}
        data-testid="form-deadlines"
        dataSource={data.deadlines}
        columns={[
          { title: '', render: (_, d) => x.kinds[d.kind] },
          {
            title: x.deadline,
            render: (_, d) =>
              editing?.kind === d.kind ? (
                <DatePicker
                  showTime
                  value={editing.due}
                  onChange={(due) => setEditing({ ...editing, due })}
                />
              ) : (
                <>
                  {formatDateTime(d.dueAt)} {d.isDefault && <Tag>{x.defaultDeadline}</Tag>}
                </>
              ),
          },
          {
            title: x.remindDays,
            render: (_, d) =>
              editing?.kind === d.kind ? (
                <InputNumber
                  min={0}
                  max={60}
                  value={editing.days}
                  onChange={(days) => setEditing({ ...editing, days: days ?? 0 })}
                />
              ) : (
                d.remindDaysBefore
              ),
          },
          ...(data.canManage
            ? [
                {
                  key: 'actions',
                  render: (_: unknown, d: FormDeadline) =>
                    editing?.kind === d.kind ? (
                      <Button
                        size="small"
                        type="primary"
                        loading={save.isPending}
                        onClick={() => save.mutate(d)}
                      >
                        {x.save}
                      </Button>
                    ) : (
                      <Space>
                        <Button
                          size="small"
                          onClick={() =>
                            setEditing({ kind: d.kind, due: dayjs(d.dueAt), days: d.remindDaysBefore })
                          }
                        >
                          {x.setDeadline}
                        </Button>
                        <Button
                          size="small"
                          icon={<DownloadOutlined />}
                          href={`/api/v1/campaigns/${data.campaignId}/forms/export.xlsx?kind=${d.kind}`}
                        >
                          {x.export}
                        </Button>
                      </Space>
                    ),
                },
              ]
            : []),
        ]}
      />
    </>
  )
}

function MyForms({ data }: { data: CampaignForms }) {
  const x = useText(FORMS_TEXTS)
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const [organisationId, setOrganisationId] = useState(data.myOrganisations[0]?.id)
  const [companyId, setCompanyId] = useState<string | undefined>(undefined)
  const create = useMutation({
    mutationFn: async (body: CreateFormRequest) =>
      unwrap(
        await api.POST('/api/v1/campaigns/{id}/forms', { params: { path: { id: data.campaignId } }, body }),
      ),
    onSuccess: async (form) => {
      await queryClient.invalidateQueries({ queryKey: ['forms'] })
      navigate(`/forms/${form.id}`)
    },
  })
  const existing = (kind: FormKind, company?: string) =>
    data.forms.find(
      (f) => f.kind === kind && f.organisationId === organisationId && (!company || f.companyId === company),
    )
  return (
    <Card title={x.mine}>
      {create.isError && <Alert type="error" showIcon message={describeError(create.error)} />}
      {data.myOrganisations.length > 1 && (
        <Select
          style={{ width: 320, marginBottom: 12 }}
          value={organisationId}
          onChange={setOrganisationId}
          options={data.myOrganisations.map((o) => ({ value: o.id, label: o.name }))}
        />
      )}
      <Space direction="vertical">
        {KINDS.filter((kind) => kind !== 'service_evaluation').map((kind) => {
          const form = existing(kind)
          return (
            <Space key={kind}>
              <Typography.Text strong>{x.kinds[kind]}</Typography.Text>
              {form ? (
                <Link to={`/forms/${form.id}`} data-testid={`open-form-${kind}`}>
                  {x.open}（{x.status[form.status]}）
                </Link>
              ) : (
                <Button
                  size="small"
                  type="primary"
                  data-testid={`start-form-${kind}`}
                  loading={create.isPending}
                  onClick={() => create.mutate({ kind, organisationId })}
                >
                  {x.start}
                </Button>
              )}
            </Space>
          )
        })}
        <Space>
          <Typography.Text strong>{x.kinds.service_evaluation}</Typography.Text>
          <Select
            style={{ width: 280 }}
            placeholder={x.chooseCompany}
            value={companyId}
            onChange={setCompanyId}
            data-testid="evaluation-company"
            options={data.companies.map((c) => ({
              value: c.id,
              label: `${c.name}${existing('service_evaluation', c.id) ? `（${x.exists}）` : ''}`,
            }))}
          />
          <Button
            size="small"
            disabled={!companyId}
            onClick={() => {
              const form = companyId ? existing('service_evaluation', companyId) : undefined
              if (form) navigate(`/forms/${form.id}`)
              else create.mutate({ kind: 'service_evaluation', organisationId, companyId })
            }}
          >
            {x.startEvaluation}
          </Button>
        </Space>
      </Space>
    </Card>
  )
}

function Board({ data }: { data: CampaignForms }) {
  const x = useText(FORMS_TEXTS)
  return (
    <Card title={x.board}>
      <Table
        rowKey="kind"
        size="small"
        pagination={false}
        data-testid="form-board"
        dataSource={data.board}
        columns={[
          { title: '', render: (_, row: CampaignForms['board'][number]) => x.kinds[row.kind] },
          { title: x.expected, dataIndex: 'expected' },
          { title: x.submitted, dataIndex: 'submitted' },
          { title: x.late, dataIndex: 'late' },
          {
            title: x.missing,
            render: (_, row: CampaignForms['board'][number]) =>
              row.missing.map((m) => (
                <Tag
                  key={`${m.organisationId}-${m.companyId ?? ''}`}
                  color={m.reminded ? 'orange' : undefined}
                >
                  {m.organisationName}
                  {m.companyName ? ` → ${m.companyName}` : ''}
                  {m.reminded ? `（${x.reminded}）` : ''}
                </Tag>
              )),
          },
        ]}
      />
    </Card>
  )
}

function FormTable({ forms }: { forms: FormSummary[] }) {
  const x = useText(FORMS_TEXTS)
  return (
    <Table<FormSummary>
      rowKey="id"
      size="small"
      data-testid="form-list"
      dataSource={forms}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      columns={[
        { title: '', render: (_, f) => x.kinds[f.kind] },
        {
          title: x.organisation,
          render: (_, f) => <Link to={`/forms/${f.id}`}>{f.organisationName}</Link>,
        },
        { title: x.company, render: (_, f) => f.companyName ?? '' },
        {
          title: x.state,
          render: (_, f) => (
            <>
              <Tag color={f.status === 'submitted' ? 'green' : f.status === 'returned' ? 'red' : undefined}>
                {x.status[f.status]}
              </Tag>
              {f.isLate && <Tag color="orange">{x.late}</Tag>}
            </>
          ),
        },
        { title: x.submittedAt, render: (_, f) => (f.submittedAt ? formatDateTime(f.submittedAt) : '') },
        {
          title: x.score,
          render: (_, f) => (f.overallScore === null ? '' : `${f.overallScore}（${f.grade}）`),
        },
        { title: x.attachments, dataIndex: 'attachmentCount' },
      ]}
    />
  )
}
