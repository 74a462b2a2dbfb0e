// One on-site inspection: the checklist item by item (answer, note, evidence), the score and its breakdown updated from
// the server after every save, last year's comparison, sign-off and the DOCX report.
import { DeleteOutlined, FileTextOutlined } from '@ant-design/icons'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import {
  Affix,
  Alert,
  App,
  Button,
  Card,
  Col,
  Collapse,
  Input,
  Popconfirm,
  Progress,
  Result,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router-dom'
import { api } from '../../api/client'
import { ItemEvidence } from '../../components/item-evidence'
import { describeError } from '../../api/errors'
import { formatDateTime } from '../../lib/date-time'
import { fill } from '../dengbao/dengbao-texts'
import { fileToBase64, useText } from '../dengbao/use-text'
import { AnswerInput } from './answer-input'
import {
  useInspection,
  useInspectionTemplate,
  type Inspection,
  type InspectionTemplate,
  type TemplateItem,
  type UpdateInspection,
} from './inspections-api'
import { INSPECTION_TEXTS } from './inspections-texts'

type Patch = Omit<UpdateInspection, 'version'>

/** Saves one change at a time, each naming the version the previous save returned, so quick edits never conflict. */
function useSaver(inspection: Inspection | undefined) {
  const queryClient = useQueryClient()
  const { message } = App.useApp()
  const version = useRef(inspection?.version ?? 0)
  const chain = useRef<Promise<unknown>>(Promise.resolve())
  const [pending, setPending] = useState(0)
  useEffect(() => {
    if (inspection && inspection.version > version.current) version.current = inspection.version
  }, [inspection])
  return {
    pending,
    save: useCallback(
      (patch: Patch) => {
        if (!inspection) return Promise.resolve()
        setPending((n) => n + 1)
        const next = chain.current.then(async () => {
          try {
            const updated = unwrap(
              await api.PATCH('/api/v1/inspections/{id}', {
                params: { path: { id: inspection.id } },
                body: { ...patch, version: version.current },
              }),
            )
            version.current = updated.version
            queryClient.setQueryData(['inspections', 'detail', inspection.id], updated)
          } catch (error) {
            void message.error(describeError(error))
            await queryClient.invalidateQueries({ queryKey: ['inspections', 'detail', inspection.id] })
          } finally {
            setPending((n) => n - 1)
          }
        })
        chain.current = next
        return next
      },
      [inspection, queryClient, message],
    ),
  }
}

export default function InspectionPage() {
  const { id } = useParams()
  const x = useText(INSPECTION_TEXTS)
  const inspection = useInspection(id)
  const template = useInspectionTemplate(inspection.data?.templateId)
  const saver = useSaver(inspection.data)
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const { message } = App.useApp()
  const signOff = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/inspections/{id}/sign-off', {
          params: { path: { id: id ?? '' } },
          body: { version: inspection.data?.version ?? 0 },
        }),
      ),
    onSuccess: (updated) => queryClient.setQueryData(['inspections', 'detail', id], updated),
    onError: (e) => void message.error(describeError(e)),
  })
  const remove = useMutation({
    mutationFn: async () =>
      unwrap(await api.DELETE('/api/v1/inspections/{id}', { params: { path: { id: id ?? '' } } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['inspections'] })
      navigate('/inspections')
    },
    onError: (e) => void message.error(describeError(e)),
  })

  if (inspection.isError) return <Result status="404" title={describeError(inspection.error)} />
  const i = inspection.data
  const t = template.data
  if (!i || !t) return <Card loading />
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="inspection">
      <Link to="/inspections">← {x.detail.back}</Link>
      <Affix offsetTop={8}>
        <Card size="small">
          <Row gutter={16} align="middle">
            <Col flex="auto">
              <Space direction="vertical" size={0}>
                <Typography.Text strong>
                  {i.organisationName} · {i.year} · {x.templates[i.templateId]}
                </Typography.Text>
                <Space>
                  <Tag color={i.status === 'signed_off' ? 'success' : 'processing'}>{x.status[i.status]}</Tag>
                  {saver.pending > 0 ? (
                    <Typography.Text type="secondary">{x.detail.saving}</Typography.Text>
                  ) : null}
                </Space>
              </Space>
            </Col>
            <Col>
              <Statistic
                title={x.detail.score}
                value={i.score.total}
                suffix={`/ ${i.score.max}`}
                data-testid="inspection-total"
              />
            </Col>
            <Col style={{ width: 200 }}>
              <Progress percent={Math.round((i.score.answered / i.score.itemCount) * 100)} size="small" />
              <Typography.Text type="secondary">
                {fill(x.detail.progress, { answered: i.score.answered, total: i.score.itemCount })}
              </Typography.Text>
            </Col>
            <Col>
              <Space wrap>
                <Button icon={<FileTextOutlined />} href={`/api/v1/inspections/${i.id}/report.docx`}>
                  {x.detail.report}
                </Button>
                {i.can.edit && (
                  <Popconfirm
                    title={x.detail.confirmSignOff}
                    onConfirm={() => signOff.mutate()}
                    disabled={!i.can.signOff}
                  >
                    <Button
                      type="primary"
                      disabled={!i.can.signOff || saver.pending > 0}
                      loading={signOff.isPending}
                      data-testid="inspection-sign-off"
                    >
                      {x.detail.signOff}
                    </Button>
                  </Popconfirm>
                )}
                {i.can.edit && (
                  <Popconfirm title={x.detail.confirmDelete} onConfirm={() => remove.mutate()}>
                    <Button danger icon={<DeleteOutlined />} />
                  </Popconfirm>
                )}
              </Space>
            </Col>
          </Row>
        </Card>
      </Affix>
      {i.status === 'signed_off' && (
        <Alert
          type="success"
          showIcon
          message={`${x.detail.signedOff}：${i.signedOffByName ?? ''} ${i.signedOffAt ? formatDateTime(i.signedOffAt) : ''}`}
        />
      )}
      <Row gutter={16}>
        <Col xs={24} lg={i.comparison ? 12 : 24}>
          <SectionScores inspection={i} />
        </Col>
        {i.comparison && (
          <Col xs={24} lg={12}>
            <Comparison inspection={i} />
          </Col>
        )}
      </Row>
      <Checklist inspection={i} template={t} save={saver.save} />
      <Conclusion inspection={i} save={saver.save} />
    </Space>
  )
}

function SectionScores({ inspection: i }: { inspection: Inspection }) {
  const x = useText(INSPECTION_TEXTS)
  const rows = i.score.sections.filter((s) => /^T1-\d+(\.\d+)?$/.test(s.code))
  return (
    <Card size="small" title={x.detail.sections}>
      <Table
        size="small"
        rowKey="code"
        pagination={false}
        dataSource={rows}
        data-testid="inspection-sections"
        columns={[
          {
            title: x.detail.item,
            dataIndex: 'title',
            render: (title: string, s) =>
              /^T1-\d+$/.test(s.code) ? (
                <strong>{title}</strong>
              ) : (
                <span style={{ paddingLeft: 16 }}>{title}</span>
              ),
          },
          { title: x.detail.got, dataIndex: 'points', width: 80 },
          { title: x.detail.points, dataIndex: 'max', width: 80 },
        ]}
      />
    </Card>
  )
}

function Comparison({ inspection: i }: { inspection: Inspection }) {
  const x = useText(INSPECTION_TEXTS)
  const c = i.comparison!
  return (
    <Card
      size="small"
      title={fill(x.detail.comparison, { year: c.year })}
      data-testid="inspection-comparison"
    >
      <Table
        size="small"
        rowKey="code"
        pagination={false}
        dataSource={[
          {
            code: 'total',
            title: x.detail.score,
            points: i.score.total,
            previousPoints: c.total,
            delta: c.delta,
          },
          ...c.sections.filter((s) => /^T1-\d+$/.test(s.code)),
        ]}
        columns={[
          { title: x.detail.item, dataIndex: 'title' },
          { title: fill(x.detail.previous, { year: c.year }), dataIndex: 'previousPoints', width: 90 },
          { title: x.detail.current, dataIndex: 'points', width: 90 },
          {
            title: x.detail.change,
            dataIndex: 'delta',
            width: 90,
            render: (d: number) => (
              <Typography.Text type={d < 0 ? 'danger' : d > 0 ? 'success' : undefined}>
                {d > 0 ? `+${d}` : d}
              </Typography.Text>
            ),
          },
        ]}
      />
    </Card>
  )
}

function Checklist({
  inspection: i,
  template: t,
  save,
}: {
  inspection: Inspection
  template: InspectionTemplate
  save: (patch: Patch) => Promise<unknown>
}) {
  const tops = t.sections.filter((s) => s.depth === 0)
  const scoreOf = useMemo(() => new Map(i.score.sections.map((s) => [s.code, s])), [i.score.sections])
  const descendants = (code: string): string[] => {
    const children = t.sections.filter((s) => s.parent === code).map((s) => s.code)
    return [code, ...children.flatMap(descendants)]
  }
  return (
    <Collapse
      defaultActiveKey={tops[0] ? [tops[0].code] : []}
      items={tops.map((top) => ({
        key: top.code,
        label: (
          <Space>
            <strong>{top.title}</strong>
            <Tag>
              {scoreOf.get(top.code)?.points ?? 0} / {top.points}
            </Tag>
          </Space>
        ),
        children: (
          <Space direction="vertical" style={{ width: '100%' }}>
            {descendants(top.code).map((code) => {
              const section = t.sections.find((s) => s.code === code)!
              const items = t.items.filter((item) => item.section === code)
              if (items.length === 0) return null
              return (
                <div key={code}>
                  {code !== top.code && (
                    <Typography.Title level={5} style={{ marginTop: 8 }}>
                      {section.title}{' '}
                      <Tag>
                        {scoreOf.get(code)?.points ?? 0} / {section.points}
                      </Tag>
                    </Typography.Title>
                  )}
                  {items.map((item) => (
                    <ItemCard key={item.code} item={item} inspection={i} save={save} />
                  ))}
                </div>
              )
            })}
          </Space>
        ),
      }))}
    />
  )
}

function ItemCard({
  item,
  inspection: i,
  save,
}: {
  item: TemplateItem
  inspection: Inspection
  save: (patch: Patch) => Promise<unknown>
}) {
  const x = useText(INSPECTION_TEXTS)
  const { message } = App.useApp()
  const queryClient = useQueryClient()
  const result = i.score.items.find((s) => s.code === item.code)
  const editable = i.can.edit
  // what the inspector just chose, shown until the server's answer arrives
  const [local, setLocal] = useState<{ value: unknown } | null>(null)
  const [note, setNote] = useState(i.notes[item.code] ?? '')
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const serverValue = i.answers[item.code]
  useEffect(() => setLocal(null), [serverValue])
  const value = local ? local.value : serverValue
  const answered = item.code in i.answers
  const evidence = i.evidence[item.code] ?? []

  const onAnswer = (next: unknown) => {
    setLocal({ value: next })
    if (timer.current) clearTimeout(timer.current)
    // numbers are typed digit by digit: wait for a pause before saving
    const delay =
      item.rule.kind === 'numeric-bands' ||
      item.rule.kind === 'per-count-deduction' ||
      item.rule.kind === 'password-policy'
        ? 600
        : 0
    timer.current = setTimeout(() => {
      void save(next === undefined ? { clear: [item.code] } : { answers: { [item.code]: next } })
    }, delay)
  }
  const upload = async (file: File, label: string) => {
    try {
      const updated = unwrap(
        await api.POST('/api/v1/inspections/{id}/evidence', {
          params: { path: { id: i.id } },
          body: {
            itemCode: item.code,
            label,
            fileName: file.name,
            content: await fileToBase64(file),
            version: i.version,
          },
        }),
      )
      queryClient.setQueryData(['inspections', 'detail', i.id], updated)
      return true
    } catch (error) {
      void message.error(describeError(error))
      return false
    }
  }
  return (
    <Card size="small" style={{ marginBottom: 8 }} data-testid={`item-${item.code}`}>
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Space direction="vertical" style={{ width: '100%' }} size={4}>
            <Typography.Text strong>
              {item.number} {item.prompt}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {x.detail.standard}：{item.standard}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {x.detail.method}：{item.method}
            </Typography.Text>
            {item.note && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {x.detail.note}：{item.note}
              </Typography.Text>
            )}
            <AnswerInput
              rule={item.rule}
              value={value}
              disabled={!editable}
              onChange={onAnswer}
              testId={`answer-${item.code}`}
            />
          </Space>
        </Col>
        <Col xs={24} lg={10}>
          <Space direction="vertical" style={{ width: '100%' }} size={4}>
            <Space>
              <Tag
                color={
                  answered ? (result && result.points === result.max ? 'success' : 'warning') : 'default'
                }
                data-testid={`score-${item.code}`}
              >
                {answered
                  ? `${result?.points ?? 0} / ${item.points}`
                  : `${x.detail.unanswered} · ${item.points}`}
              </Tag>
              {answered && editable && (
                <Button size="small" type="link" onClick={() => onAnswer(undefined)}>
                  {x.detail.clear}
                </Button>
              )}
            </Space>
            {answered && <Typography.Text style={{ fontSize: 12 }}>{result?.explanation}</Typography.Text>}
            <Input.TextArea
              rows={2}
              placeholder={x.detail.notes}
              disabled={!editable}
              value={note}
              maxLength={2000}
              onChange={(e) => setNote(e.target.value)}
              onBlur={() => {
                if (note !== (i.notes[item.code] ?? ''))
                  void save({ notes: { [item.code]: note.trim() ? note : null } })
              }}
            />
            <ItemEvidence
              entries={evidence}
              editable={editable}
              texts={{
                evidence: x.detail.evidence,
                remove: x.detail.clear,
                add: x.detail.addEvidence,
                label: x.detail.evidenceLabel,
                reference: x.detail.evidenceRef,
                upload: x.detail.upload,
              }}
              fileUrl={(fileId) => `/api/v1/inspections/${i.id}/evidence/${fileId}`}
              onSave={(list) => void save({ evidence: { [item.code]: list } })}
              onUpload={upload}
            />
          </Space>
        </Col>
      </Row>
    </Card>
  )
}

function Conclusion({
  inspection: i,
  save,
}: {
  inspection: Inspection
  save: (patch: Patch) => Promise<unknown>
}) {
  const x = useText(INSPECTION_TEXTS)
  const [text, setText] = useState(i.conclusion ?? '')
  return (
    <Card size="small" title={x.detail.conclusion}>
      <Input.TextArea
        rows={4}
        maxLength={4000}
        value={text}
        disabled={!i.can.edit}
        onChange={(e) => setText(e.target.value)}
        data-testid="inspection-conclusion"
      />
      {i.can.edit && (
        <Button style={{ marginTop: 8 }} onClick={() => void save({ conclusion: text.trim() ? text : null })}>
          {x.detail.saveConclusion}
        </Button>
      )}
      <div style={{ marginTop: 8 }}>
        <Typography.Text type="secondary">
          {x.detail.inspectors}：{i.inspectors.map((p) => p.name).join('、')}
        </Typography.Text>
      </div>
    </Card>
  )
}
