// One information system: its details, linked assets, grading rounds (with the expert draw, opinions, approval and
// filing), what is due, and its assessments with their rectification items. The buttons follow what the server says
// the caller may do now (`can`).
import { UploadOutlined } from '@ant-design/icons'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  List,
  Popconfirm,
  Result,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
  Upload,
} from 'antd'
import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router-dom'
import { api } from '../../api/client'
import { describeError } from '../../api/errors'
import { formatDateTime } from '../../lib/date-time'
import { AssessmentModal, ItemProgressModal } from './assessment-modals'
import {
  assessmentReportUrl,
  uploadAssessmentReport,
  useSystem,
  type Assessment,
  type Grading,
  type RectificationItem,
  type SystemDetail,
} from './dengbao-api'
import { STAGE_COLOURS } from './dengbao-page'
import { DENGBAO_TEXTS, fill } from './dengbao-texts'
import { DueTable } from './due-table'
import { GradingActionModal, type GradingAction } from './grading-action-modal'
import { SystemFormModal } from './system-form-modal'
import { useText } from './use-text'

export default function SystemDetailPage() {
  const { id } = useParams()
  const x = useText(DENGBAO_TEXTS)
  const system = useSystem(id)
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const { message } = App.useApp()
  const [editing, setEditing] = useState(false)
  const [action, setAction] = useState<{ action: GradingAction; grading: Grading } | null>(null)
  const [recording, setRecording] = useState(false)
  const [progress, setProgress] = useState<RectificationItem | null>(null)
  const remove = useMutation({
    mutationFn: async () =>
      unwrap(await api.DELETE('/api/v1/dengbao/systems/{id}', { params: { path: { id: id ?? '' } } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['dengbao'] })
      navigate('/dengbao')
    },
    onError: (e) => void message.error(describeError(e)),
  })

  if (system.isError) return <Result status="404" title={describeError(system.error)} />
  const s = system.data
  if (!s) return <Card loading />
  const latest = s.gradings[0]
  const level = s.filedLevel ?? s.proposedLevel
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="dengbao-system">
      <Link to="/dengbao">← {x.detail.back}</Link>
      <Card
        title={
          <Space wrap>
            <Typography.Text strong data-testid="system-name">
              {s.name}
            </Typography.Text>
            <Tag color={STAGE_COLOURS[s.stage]} data-testid="system-stage">
              {x.stages[s.stage] ?? s.stage}
            </Tag>
            {level && <Tag color="geekblue">{x.levels[level]}</Tag>}
            {s.isCriticalInfrastructure && <Tag color="red">{x.list.critical}</Tag>}
          </Space>
        }
        extra={
          <Space wrap>
            {s.can.submitGrading && (
              <Button
                type="primary"
                onClick={() => navigate(`/dengbao/systems/${s.id}/grade`)}
                data-testid="system-grade"
              >
                {s.filedLevel ? x.detail.regrade : x.detail.grade}
              </Button>
            )}
            {latest && s.can.drawExperts && (
              <Button type="primary" onClick={() => setAction({ action: 'draw', grading: latest })}>
                {x.detail.drawExperts}
              </Button>
            )}
            {latest && s.can.drawReplacements > 0 && (
              <Button
                type="primary"
                onClick={() => setAction({ action: 'replace', grading: latest })}
                data-testid="system-draw-replacements"
              >
                {x.detail.drawReplacements}
              </Button>
            )}
            {latest && s.can.approve && (
              <Button
                type="primary"
                onClick={() => setAction({ action: 'approve', grading: latest })}
                data-testid="system-approve"
              >
                {x.detail.approve}
              </Button>
            )}
            {latest && s.can.file && (
              <Button
                type="primary"
                onClick={() => setAction({ action: 'file', grading: latest })}
                data-testid="system-file"
              >
                {x.detail.file}
              </Button>
            )}
            {latest && s.can.return && (
              <Button danger onClick={() => setAction({ action: 'return', grading: latest })}>
                {x.detail.return}
              </Button>
            )}
            {s.can.edit && <Button onClick={() => setEditing(true)}>{x.detail.edit}</Button>}
            {s.can.edit && s.stage === 'ungraded' && (
              <Popconfirm title={x.detail.confirmDelete} onConfirm={() => remove.mutate()}>
                <Button danger>{x.detail.delete}</Button>
              </Popconfirm>
            )}
          </Space>
        }
      >
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={x.list.organisation}>{s.organisationName}</Descriptions.Item>
          <Descriptions.Item label={x.list.type}>{x.types[s.type] ?? s.type}</Descriptions.Item>
          <Descriptions.Item label={x.list.filing}>{s.filingNumber ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={x.list.filedOn}>{s.filedOn ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={x.list.lastAssessed}>{s.lastAssessedOn ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={x.list.openItems}>{s.openRectificationCount}</Descriptions.Item>
          <Descriptions.Item label={x.form.description} span={2}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
              {s.description ?? '—'}
            </Typography.Paragraph>
          </Descriptions.Item>
          <Descriptions.Item label={x.detail.contacts} span={2}>
            {s.contacts.length
              ? s.contacts.map((c) => [c.name, c.mobile, c.email].filter(Boolean).join(' · ')).join('；')
              : '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Card title={x.detail.assets} size="small">
        {s.assets.length ? (
          <List
            size="small"
            dataSource={s.assets}
            renderItem={(a) => (
              <List.Item>
                <Typography.Text code>{a.identifier}</Typography.Text> {a.name}
              </List.Item>
            )}
          />
        ) : (
          <Typography.Text type="secondary">{x.detail.noAssets}</Typography.Text>
        )}
      </Card>

      <Card title={x.detail.due} size="small">
        <DueTable items={s.due} loading={false} />
      </Card>

      <Card title={x.detail.gradings} size="small">
        {s.gradings.length === 0 ? (
          <Empty description={x.detail.noGradings} />
        ) : (
          <Space direction="vertical" style={{ width: '100%' }}>
            {s.gradings.map((g) => (
              <GradingCard key={g.id} grading={g} />
            ))}
          </Space>
        )}
      </Card>

      <Card
        title={x.detail.assessments}
        size="small"
        extra={
          s.can.recordAssessment && (
            <Button onClick={() => setRecording(true)} data-testid="system-record-assessment">
              {x.detail.recordAssessment}
            </Button>
          )
        }
      >
        <Assessments system={s} onProgress={setProgress} />
      </Card>

      {editing && <SystemFormModal system={s} onClose={() => setEditing(false)} />}
      {action && (
        <GradingActionModal
          {...action}
          replacements={s.can.drawReplacements}
          onClose={() => setAction(null)}
        />
      )}
      {recording && <AssessmentModal systemId={s.id} onClose={() => setRecording(false)} />}
      {progress && (
        <ItemProgressModal item={progress} canEdit={s.can.edit} onClose={() => setProgress(null)} />
      )}
    </Space>
  )
}

function GradingCard({ grading: g }: { grading: Grading }) {
  const x = useText(DENGBAO_TEXTS)
  const side = (title: string, h: Grading['business']) => (
    <Descriptions.Item label={title} span={2}>
      <Space direction="vertical" size={0}>
        <span>
          {x.detail.object}：{x.objects[h.object]} · {x.detail.degree}：{x.degrees[h.degree]} →{' '}
          <strong>{x.levels[h.level]}</strong>
        </span>
        <Typography.Text type="secondary" style={{ whiteSpace: 'pre-wrap' }}>
          {x.detail.reasoning}：{h.reasoning}
        </Typography.Text>
      </Space>
    </Descriptions.Item>
  )
  const events = [
    { children: `${x.detail.submitted} · ${formatDateTime(g.submittedAt)} · ${g.submittedByName ?? ''}` },
    ...g.draws.map((d) => ({
      children: fill(x.detail.drawInfo, {
        at: formatDateTime(d.drawnAt),
        by: d.drawnByName ?? '',
        pool: d.poolSize,
        count: d.requested,
        seed: d.seed.slice(0, 12),
      }),
    })),
    ...(g.approval
      ? [
          {
            color: 'green',
            children: `${x.detail.approval} · ${formatDateTime(g.approval.at)} · ${g.approval.organisationName ?? g.approval.byName ?? ''}：${g.approval.opinion ?? ''}`,
          },
        ]
      : []),
    ...(g.filing
      ? [{ color: 'green', children: `${x.detail.filing} · ${g.filing.filedOn} · ${g.filing.filingNumber}` }]
      : []),
    ...(g.returned
      ? [
          {
            color: 'red',
            children: `${x.detail.returned} · ${formatDateTime(g.returned.at)} · ${g.returned.reason}`,
          },
        ]
      : []),
  ]
  return (
    <Card
      size="small"
      type="inner"
      title={
        <Space>
          {fill(x.detail.round, { round: g.round })}
          <Tag color={STAGE_COLOURS[g.status]}>{x.stages[g.status] ?? g.status}</Tag>
          <Tag color="geekblue">{x.levels[g.level]}</Tag>
        </Space>
      }
    >
      <Descriptions column={2} size="small">
        {side(x.detail.business, g.business)}
        {side(x.detail.service, g.service)}
        {g.changeReason && (
          <Descriptions.Item label={x.detail.changeReason} span={2}>
            {g.changeReason}
          </Descriptions.Item>
        )}
      </Descriptions>
      {g.reviews.length > 0 && (
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          title={() => x.detail.reviews}
          dataSource={g.reviews}
          columns={[
            { title: x.experts.name, dataIndex: 'expertName' },
            {
              title: x.reviewsPage.opinion,
              dataIndex: 'opinion',
              render: (o: string | null, r) =>
                r.declinedAt ? (
                  <Tag color="default">{x.detail.declined}</Tag>
                ) : o ? (
                  x.opinions[o]
                ) : (
                  <Tag>{x.detail.pending}</Tag>
                ),
            },
            {
              title: x.reviewsPage.suggestedLevel,
              dataIndex: 'suggestedLevel',
              render: (l: number | null) => (l ? x.levels[l] : '—'),
            },
            {
              title: x.reviewsPage.comments,
              render: (_, r) => (r.declinedAt ? r.declineReason : r.comments),
            },
          ]}
        />
      )}
      <Timeline style={{ marginTop: 16 }} items={events} />
    </Card>
  )
}

function Assessments({
  system,
  onProgress,
}: {
  system: SystemDetail
  onProgress: (i: RectificationItem) => void
}) {
  const x = useText(DENGBAO_TEXTS)
  if (system.assessments.length === 0) return <Empty description={x.detail.noAssessments} />
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {system.assessments.map((a) => (
        <Card key={a.id} size="small" type="inner" title={`${a.assessedOn} · ${a.institution}`}>
          <Descriptions column={{ xs: 1, md: 3 }} size="small">
            <Descriptions.Item label={x.assessment.conclusion}>
              {x.assessment.conclusions[a.conclusion] ?? a.conclusion}
            </Descriptions.Item>
            <Descriptions.Item label={x.assessment.score}>{a.score ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={x.assessment.reportNumber}>{a.reportNumber ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={x.assessment.reportFile}>
              <AssessmentReport assessment={a} canUpload={system.can.recordAssessment} />
            </Descriptions.Item>
          </Descriptions>
          {a.notes && <Alert type="info" message={a.notes} style={{ whiteSpace: 'pre-wrap' }} />}
          <Table<RectificationItem>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={a.items}
            columns={[
              { title: x.assessment.issueTitle, dataIndex: 'title' },
              {
                title: x.assessment.severity,
                dataIndex: 'severity',
                render: (v: string) => x.assessment.severities[v] ?? v,
              },
              { title: x.assessment.owner, dataIndex: 'owner' },
              { title: x.assessment.deadline, dataIndex: 'deadline' },
              {
                title: x.list.stage,
                render: (_, i) => (
                  <Space>
                    <Tag color={i.status === 'closed' ? 'success' : 'processing'}>
                      {x.assessment.status[i.status]}
                    </Tag>
                    {i.isOverdue && <Tag color="red">{x.assessment.overdue}</Tag>}
                  </Space>
                ),
              },
              {
                title: '',
                render: (_, i) => (
                  <Button size="small" onClick={() => onProgress(i)}>
                    {x.assessment.updates}
                  </Button>
                ),
              },
            ]}
          />
        </Card>
      ))}
    </Space>
  )
}

/** The institution's report of one assessment: a download link, and for those who record assessments an upload. */
function AssessmentReport({ assessment, canUpload }: { assessment: Assessment; canUpload: boolean }) {
  const x = useText(DENGBAO_TEXTS)
  const queryClient = useQueryClient()
  const { message } = App.useApp()
  const upload = useMutation({
    mutationFn: (file: File) => uploadAssessmentReport(assessment.id, file),
    onSuccess: async () => {
      void message.success(x.assessment.reportUploaded)
      await queryClient.invalidateQueries({ queryKey: ['dengbao'] })
    },
    onError: (e) => void message.error(describeError(e)),
  })
  return (
    <Space wrap data-testid={`assessment-report-field-${assessment.id}`}>
      {assessment.reportFile ? (
        <a
          href={`${assessmentReportUrl(assessment.id)}?inline=1`}
          target="_blank"
          rel="noopener noreferrer"
          data-testid={`assessment-report-${assessment.id}`}
        >
          {assessment.reportFile.name}
        </a>
      ) : (
        <Typography.Text type="secondary">{x.assessment.noReportFile}</Typography.Text>
      )}
      {canUpload && (
        <Upload
          accept=".pdf,.docx,.zip"
          showUploadList={false}
          beforeUpload={(file) => (upload.mutate(file), false)}
        >
          <Button
            size="small"
            icon={<UploadOutlined />}
            loading={upload.isPending}
            title={x.assessment.reportHint}
          >
            {assessment.reportFile ? x.assessment.replaceReport : x.assessment.uploadReport}
          </Button>
        </Upload>
      )}
    </Space>
  )
}
