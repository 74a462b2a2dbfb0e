import { UploadOutlined } from '@ant-design/icons'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Result,
  Row,
  Select,
  Space,
  Tag,
  Timeline,
  Typography,
  Upload,
} from 'antd'
import { useState } from 'react'
import { Link, useParams } from 'react-router-dom'
import { api } from '../../api/client'
import { describeError } from '../../api/errors'
import { SafeMarkdown } from '../../components/safe-markdown-view'
import { formatDateTime } from '../../lib/date-time'
import { useCampaignTargets } from '../campaigns/campaign-api'
import { useText } from '../campaigns/use-text'
import {
  evidenceUrl,
  uploadEvidence,
  useComments,
  useDuplicateCandidates,
  useFinding,
  type FindingDetail,
  type FindingEvent,
} from './finding-api'
import { FINDING_TEXTS, SEVERITY_COLOURS, STATUS_COLOURS } from './finding-texts'

type Dialog = 'verify' | 'reject' | 'duplicate' | 'withdraw' | 'severity' | null

/** A finding: its text (hostile: rendered as text or sanitised Markdown), evidence, timeline, discussion and the
 * review actions the caller may take. */
export default function FindingDetailPage() {
  const { id } = useParams()
  const x = useText(FINDING_TEXTS)
  const finding = useFinding(id)
  const [dialog, setDialog] = useState<Dialog>(null)
  if (finding.isError) return <Result status="404" title={describeError(finding.error)} />
  const f = finding.data
  if (!f) return <Card loading />
  const can = (action: string) =>
    f.availableActions.includes(action as FindingDetail['availableActions'][number])
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={
          <Space wrap>
            <Typography.Text strong data-testid="finding-title">
              {f.title}
            </Typography.Text>
            <Tag>{x.kind[f.kind]}</Tag>
            <Tag color={SEVERITY_COLOURS[f.severity]} data-testid="finding-severity-tag">
              {x.severity[f.severity]}
              {f.cvssBase !== null ? ` ${f.cvssBase.toFixed(1)}` : ''}
            </Tag>
            <Tag color={STATUS_COLOURS[f.status]} data-testid="finding-status">
              {x.status[f.status]}
            </Tag>
            {f.appeal && (
              <Tag color="purple">
                {x.detail.appeal}: {f.appeal}
              </Tag>
            )}
          </Space>
        }
        extra={
          <Space wrap>
            {can('verify') && (
              <Button type="primary" onClick={() => setDialog('verify')} data-testid="action-verify">
                {x.detail.verify}
              </Button>
            )}
            {can('reject') && (
              <Button danger onClick={() => setDialog('reject')} data-testid="action-reject">
                {x.detail.reject}
              </Button>
            )}
            {can('mark_duplicate') && (
              <Button onClick={() => setDialog('duplicate')} data-testid="action-duplicate">
                {x.detail.duplicate}
              </Button>
            )}
            {can('withdraw') && (
              <Button onClick={() => setDialog('withdraw')} data-testid="action-withdraw">
                {x.detail.withdraw}
              </Button>
            )}
            {f.canAdjustSeverity && (
              <Button onClick={() => setDialog('severity')} data-testid="action-severity">
                {x.detail.severity}
              </Button>
            )}
          </Space>
        }
      >
        {!f.organisationId && (
          <Alert type="warning" showIcon message={x.detail.unmatched} style={{ marginBottom: 12 }} />
        )}
        <Descriptions size="small" column={2} bordered>
          <Descriptions.Item label={x.detail.target}>
            <Typography.Text copyable data-testid="finding-target-text">
              {f.target}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={x.detail.organisation}>{f.organisationName ?? '—'}</Descriptions.Item>
          {f.teamName && <Descriptions.Item label={x.detail.team}>{f.teamName}</Descriptions.Item>}
          <Descriptions.Item label={x.detail.cvss}>
            {f.cvssVector ? <code>{f.cvssVector}</code> : '—'}（{x.detail.severitySource[f.severitySource]}
            {f.severityReason ? `：${f.severityReason}` : ''}）
          </Descriptions.Item>
          <Descriptions.Item label={x.detail.cve}>{f.cve.join(', ') || '—'}</Descriptions.Item>
          <Descriptions.Item label={x.detail.cwe}>{f.cwe ? `CWE-${f.cwe}` : '—'}</Descriptions.Item>
          {f.webshellPaths.length > 0 && (
            <Descriptions.Item label={x.detail.webshells} span={2}>
              {f.webshellPaths.map((p) => (
                <div key={p}>
                  <code>{p}</code>
                </div>
              ))}
            </Descriptions.Item>
          )}
          {f.dataLeak && (
            <Descriptions.Item label={x.detail.dataLeak} span={2}>
              {f.dataLeak.categories.map((c) => (
                <Tag key={c}>{x.dataCategory[c] ?? c}</Tag>
              ))}
              {f.dataLeak.recordCount ?? 0} · {f.dataLeak.isSensitive ? '敏感 sensitive' : '一般'}
            </Descriptions.Item>
          )}
          {f.duplicateOfId && (
            <Descriptions.Item label={x.detail.duplicateOf} span={2}>
              <Link to={`/findings/${f.duplicateOfId}`}>{f.duplicateOfId}</Link>
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <Space direction="vertical" style={{ width: '100%' }} size="middle">
            <Card title={x.detail.description} size="small">
              <div data-testid="finding-description-view">
                <SafeMarkdown source={f.descriptionMd} />
              </div>
            </Card>
            <Card title={x.detail.reproduction} size="small">
              <div data-testid="finding-reproduction-view">
                <SafeMarkdown source={f.reproductionMd} />
              </div>
            </Card>
            <EvidenceCard finding={f} />
            {f.canComment && <Comments finding={f} />}
          </Space>
        </Col>
        <Col xs={24} xl={9}>
          <Card title={x.detail.timeline} size="small">
            <Timeline
              data-testid="finding-timeline"
              items={f.timeline.map((e) => ({ children: <EventItem event={e} /> }))}
            />
          </Card>
          {f.availableActions.includes('mark_duplicate') && <Candidates finding={f} />}
        </Col>
      </Row>
      <ReviewDialog finding={f} dialog={dialog} onClose={() => setDialog(null)} />
    </Space>
  )
}

function EventItem({ event }: { event: FindingEvent }) {
  const x = useText(FINDING_TEXTS)
  const note = Object.entries(event.note).filter(([, v]) => v !== null && v !== undefined)
  return (
    <div data-testid={`event-${event.action}`}>
      <strong>{x.action[event.action] ?? event.action}</strong>
      {event.toStatus && event.fromStatus !== event.toStatus && (
        <Tag style={{ marginLeft: 8 }}>{x.status[event.toStatus]}</Tag>
      )}
      <div style={{ color: '#888' }}>
        {formatDateTime(event.at)} {event.actorName ? `· ${event.actorName}` : ''}
      </div>
      {note.map(([key, value]) => (
        // Reasons and notes are people's text: shown as text.
        <div key={key} style={{ whiteSpace: 'pre-wrap' }}>
          {key}: {typeof value === 'string' ? value : JSON.stringify(value)}
        </div>
      ))}
    </div>
  )
}

function EvidenceCard({ finding }: { finding: FindingDetail }) {
  const x = useText(FINDING_TEXTS)
  const queryClient = useQueryClient()
  const { message } = App.useApp()
  const upload = useMutation({
    mutationFn: (file: File) => uploadEvidence(finding.id, file),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['findings', 'detail', finding.id] }),
    onError: (e) => void message.error(describeError(e)),
  })
  return (
    <Card
      title={x.detail.evidence}
      size="small"
      extra={
        finding.canAddEvidence && (
          <Upload
            showUploadList={false}
            beforeUpload={(file) => {
              upload.mutate(file)
              return false
            }}
          >
            <Button size="small" icon={<UploadOutlined />} loading={upload.isPending}>
              {x.detail.addEvidence}
            </Button>
          </Upload>
        )
      }
    >
      {finding.evidence.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <List
          size="small"
          data-testid="evidence-list"
          dataSource={finding.evidence}
          renderItem={(e) => (
            <List.Item>
              <Space direction="vertical">
                <a href={evidenceUrl(finding.id, e.id)} download={e.originalName}>
                  {e.originalName}
                </a>
                <span style={{ color: '#888' }}>
                  {e.mediaType} · {(e.size / 1024).toFixed(1)} KiB
                </span>
                {e.mediaType.startsWith('image/') && (
                  <img
                    src={evidenceUrl(finding.id, e.id, true)}
                    alt={e.originalName}
                    style={{ maxWidth: 480 }}
                    data-testid="evidence-image"
                  />
                )}
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  )
}

function Comments({ finding }: { finding: FindingDetail }) {
  const x = useText(FINDING_TEXTS)
  const comments = useComments(finding.id, true)
  const [body, setBody] = useState('')
  const queryClient = useQueryClient()
  const { message } = App.useApp()
  const add = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/findings/{id}/comments', {
          params: { path: { id: finding.id } },
          body: { body },
        }),
      ),
    onSuccess: async () => {
      setBody('')
      await queryClient.invalidateQueries({ queryKey: ['findings', 'comments', finding.id] })
    },
    onError: (e) => void message.error(describeError(e)),
  })
  return (
    <Card title={x.detail.comments} size="small">
      <List
        size="small"
        dataSource={comments.data ?? []}
        data-testid="comment-list"
        renderItem={(c) => (
          <List.Item>
            <Space direction="vertical" size={0}>
              <span style={{ color: '#888' }}>
                {c.authorName} · {formatDateTime(c.createdAt)}
              </span>
              <span style={{ whiteSpace: 'pre-wrap' }}>{c.body}</span>
            </Space>
          </List.Item>
        )}
      />
      <Space.Compact style={{ width: '100%', marginTop: 8 }}>
        <Input.TextArea
          value={body}
          onChange={(e) => setBody(e.target.value)}
          placeholder={x.detail.commentPlaceholder}
          autoSize={{ minRows: 1, maxRows: 4 }}
          data-testid="comment-input"
        />
        <Button
          type="primary"
          disabled={!body.trim()}
          loading={add.isPending}
          onClick={() => add.mutate()}
          data-testid="comment-add"
        >
          {x.detail.addComment}
        </Button>
      </Space.Compact>
    </Card>
  )
}

function Candidates({ finding }: { finding: FindingDetail }) {
  const x = useText(FINDING_TEXTS)
  const candidates = useDuplicateCandidates(finding.id, true)
  return (
    <Card title={x.detail.candidates} size="small" style={{ marginTop: 16 }}>
      {(candidates.data ?? []).length === 0 ? (
        x.detail.noCandidates
      ) : (
        <List
          size="small"
          dataSource={candidates.data ?? []}
          renderItem={(c) => (
            <List.Item>
              <Space direction="vertical" size={0}>
                <Link to={`/findings/${c.id}`}>{c.title}</Link>
                <span style={{ color: '#888' }}>
                  {c.teamName} · {formatDateTime(c.submittedAt)} · {c.reasons.join(', ')}
                </span>
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  )
}

type ReviewValues = {
  reason?: string
  severity?: 'critical' | 'high' | 'medium' | 'low'
  severityReason?: string
  organisationId?: string
  duplicateOfId?: string
  note?: string
}

function ReviewDialog({
  finding,
  dialog,
  onClose,
}: {
  finding: FindingDetail
  dialog: Dialog
  onClose: () => void
}) {
  const x = useText(FINDING_TEXTS)
  const [form] = Form.useForm<ReviewValues>()
  const queryClient = useQueryClient()
  const [error, setError] = useState<string | null>(null)
  const targets = useCampaignTargets(
    dialog === 'verify' && !finding.organisationId ? finding.campaignId : undefined,
  )
  const candidates = useDuplicateCandidates(finding.id, dialog === 'duplicate')
  const severity = Form.useWatch('severity', form)
  const act = useMutation({
    mutationFn: async (v: ReviewValues) => {
      const path = { params: { path: { id: finding.id } } }
      const version = finding.version
      switch (dialog) {
        case 'verify':
          return unwrap(
            await api.POST('/api/v1/findings/{id}/verify', {
              ...path,
              body: {
                version,
                ...(v.severity && v.severity !== finding.severity
                  ? { severity: v.severity, severityReason: v.severityReason ?? '' }
                  : {}),
                ...(v.organisationId ? { organisationId: v.organisationId } : {}),
                ...(v.note?.trim() ? { note: v.note.trim() } : {}),
              },
            }),
          )
        case 'reject':
          return unwrap(
            await api.POST('/api/v1/findings/{id}/reject', {
              ...path,
              body: { version, reason: v.reason ?? '' },
            }),
          )
        case 'withdraw':
          return unwrap(
            await api.POST('/api/v1/findings/{id}/withdraw', {
              ...path,
              body: { version, reason: v.reason ?? '' },
            }),
          )
        case 'duplicate':
          return unwrap(
            await api.POST('/api/v1/findings/{id}/mark-duplicate', {
              ...path,
              body: {
                version,
                duplicateOfId: v.duplicateOfId ?? '',
                ...(v.reason ? { reason: v.reason } : {}),
              },
            }),
          )
        case 'severity':
          return unwrap(
            await api.POST('/api/v1/findings/{id}/severity', {
              ...path,
              body: { version, severity: v.severity ?? finding.severity, reason: v.reason ?? '' },
            }),
          )
        default:
          throw new Error('no action')
      }
    },
    onMutate: () => setError(null),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['findings'] })
      form.resetFields()
      onClose()
    },
    onError: (e) => setError(describeError(e)),
  })
  const titles: Record<Exclude<Dialog, null>, string> = {
    verify: x.detail.verify,
    reject: x.detail.reject,
    duplicate: x.detail.duplicate,
    withdraw: x.detail.withdraw,
    severity: x.detail.severity,
  }
  const severities = (['critical', 'high', 'medium', 'low'] as const).map((s) => ({
    value: s,
    label: x.severity[s],
  }))
  const reasonRequired = dialog === 'reject' || dialog === 'withdraw' || dialog === 'severity'
  return (
    <Modal
      open={dialog !== null}
      title={dialog ? titles[dialog] : ''}
      onCancel={() => {
        setError(null)
        onClose()
      }}
      onOk={() => form.submit()}
      confirmLoading={act.isPending}
      okButtonProps={{ 'data-testid': 'review-confirm' } as Record<string, string>}
      destroyOnHidden
      forceRender
    >
      {error && (
        <Alert
          type="error"
          showIcon
          message={error}
          style={{ marginBottom: 12 }}
          data-testid="review-error"
        />
      )}
      <Form<ReviewValues>
        form={form}
        layout="vertical"
        initialValues={{ severity: finding.severity }}
        onFinish={(v) => act.mutate(v)}
      >
        {(dialog === 'verify' || dialog === 'severity') && (
          <Form.Item name="severity" label={x.list.severity}>
            <Select options={severities} style={{ width: 160 }} data-testid="review-severity" />
          </Form.Item>
        )}
        {dialog === 'verify' && severity && severity !== finding.severity && (
          <Form.Item
            name="severityReason"
            label={x.detail.reason}
            rules={[{ required: true, whitespace: true, message: x.detail.reasonRequired }]}
          >
            <Input.TextArea rows={2} />
          </Form.Item>
        )}
        {dialog === 'verify' && !finding.organisationId && (
          <Form.Item
            name="organisationId"
            label={x.detail.organisationForVerify}
            rules={[{ required: true }]}
          >
            <Select
              showSearch
              optionFilterProp="label"
              options={(targets.data ?? []).map((t) => ({
                value: t.organisationId,
                label: t.organisationName,
              }))}
            />
          </Form.Item>
        )}
        {dialog === 'verify' && (
          <Form.Item name="note" label="备注 note">
            <Input.TextArea rows={2} />
          </Form.Item>
        )}
        {dialog === 'duplicate' && (
          <Form.Item name="duplicateOfId" label={x.detail.duplicateOf} rules={[{ required: true }]}>
            <Select
              data-testid="review-duplicate-of"
              options={(candidates.data ?? []).map((c) => ({
                value: c.id,
                label: `${c.title}（${c.teamName ?? ''}）`,
              }))}
            />
          </Form.Item>
        )}
        {(reasonRequired || dialog === 'duplicate') && (
          <Form.Item
            name="reason"
            label={x.detail.reason}
            rules={
              reasonRequired ? [{ required: true, whitespace: true, message: x.detail.reasonRequired }] : []
            }
          >
            <Input.TextArea rows={3} data-testid="review-reason" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  )
}
