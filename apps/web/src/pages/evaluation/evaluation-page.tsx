// Rating a city evaluation (seed 002): every item of 表B.1 in scope rated 全部满足 / 大部分满足 / 部分满足 / 不满足, with
// notes and evidence (labels with references, uploaded files), or removed with its reason; the score, grade (表B.2),
// gap to the next grade, weakest indicators and the radar of the first-level scores follow from the server after every
// save.
import { FileTextOutlined } from '@ant-design/icons'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Input,
  InputNumber,
  List,
  Modal,
  Popconfirm,
  Radio,
  Result,
  Row,
  Space,
  Statistic,
  Tabs,
  Tag,
  Typography,
} from 'antd'
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router-dom'
import { api } from '../../api/client'
import { describeError } from '../../api/errors'
import { ItemEvidence } from '../../components/item-evidence'
import { fill } from '../dengbao/dengbao-texts'
import { useText } from '../dengbao/use-text'
import {
  evaluationEvidenceUrl,
  uploadEvaluationEvidence,
  useEvaluation,
  useFramework,
  type Evaluation,
  type Framework,
  type UpdateEvaluation,
} from './evaluation-api'
import { EVALUATION_TEXTS } from './evaluation-texts'
import { GRADE_COLOURS } from './evaluations-page'

const RadarChart = lazy(() => import('./radar-chart'))

type Patch = Omit<UpdateEvaluation, 'version'>
const RATING_VALUES = [1, 0.8, 0.5, 0] as const

/** One change at a time (a save, an upload), each naming the version the previous one returned. */
function useSaver(evaluation: Evaluation | undefined) {
  const queryClient = useQueryClient()
  const { message } = App.useApp()
  const version = useRef(evaluation?.version ?? 0)
  const chain = useRef<Promise<unknown>>(Promise.resolve())
  const [pending, setPending] = useState(0)
  useEffect(() => {
    if (evaluation && evaluation.version > version.current) version.current = evaluation.version
  }, [evaluation])
  /** Runs a change after the ones before it; false when it failed (the message is shown, the page reloaded). */
  const run = useCallback(
    (change: (id: string, version: number) => Promise<Evaluation>): Promise<boolean> => {
      if (!evaluation) return Promise.resolve(false)
      setPending((n) => n + 1)
      const next = chain.current.then(async () => {
        try {
          const updated = await change(evaluation.id, version.current)
          version.current = updated.version
          queryClient.setQueryData(['evaluations', 'detail', evaluation.id], updated)
          return true
        } catch (error) {
          void message.error(describeError(error))
          await queryClient.invalidateQueries({ queryKey: ['evaluations', 'detail', evaluation.id] })
          return false
        } finally {
          setPending((n) => n - 1)
        }
      })
      chain.current = next
      return next
    },
    [evaluation, queryClient, message],
  )
  const save = useCallback(
    (patch: Patch) =>
      run(async (id, current) =>
        unwrap(
          await api.PATCH('/api/v1/evaluations/{id}', {
            params: { path: { id } },
            body: { ...patch, version: current },
          }),
        ),
      ),
    [run],
  )
  return { pending, save, run }
}

type Saver = ReturnType<typeof useSaver>

export default function EvaluationPage() {
  const { id } = useParams()
  const x = useText(EVALUATION_TEXTS)
  const evaluation = useEvaluation(id)
  const framework = useFramework()
  const saver = useSaver(evaluation.data)
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const { message } = App.useApp()
  const [reopening, setReopening] = useState(false)
  const [reason, setReason] = useState('')
  const onDone = (updated: Evaluation) => queryClient.setQueryData(['evaluations', 'detail', id], updated)
  const complete = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/evaluations/{id}/complete', {
          params: { path: { id: id ?? '' } },
          body: { version: evaluation.data?.version ?? 0 },
        }),
      ),
    onSuccess: onDone,
    onError: (e) => void message.error(describeError(e)),
  })
  const reopen = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/evaluations/{id}/reopen', {
          params: { path: { id: id ?? '' } },
          body: { version: evaluation.data?.version ?? 0, reason },
        }),
      ),
    onSuccess: (updated) => {
      onDone(updated)
      setReopening(false)
    },
    onError: (e) => void message.error(describeError(e)),
  })
  const remove = useMutation({
    mutationFn: async () =>
      unwrap(await api.DELETE('/api/v1/evaluations/{id}', { params: { path: { id: id ?? '' } } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['evaluations'] })
      navigate('/evaluations')
    },
    onError: (e) => void message.error(describeError(e)),
  })

  if (evaluation.isError) return <Result status="404" title={describeError(evaluation.error)} />
  const e = evaluation.data
  const f = framework.data
  if (!e || !f) return <Card loading />
  const r = e.result
  const firsts = f.first.filter((first) => r.firstPoints[first.code] !== undefined)
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="evaluation">
      <Link to="/evaluations">← {x.detail.back}</Link>
      <Card
        title={
          <Space wrap>
            <Typography.Text strong>{e.title}</Typography.Text>
            <Tag>{x.scenarios[e.scenario]}</Tag>
            <Tag color={e.status === 'completed' ? 'success' : 'processing'}>{x.status[e.status]}</Tag>
            {saver.pending > 0 && <Typography.Text type="secondary">{x.detail.saving}</Typography.Text>}
          </Space>
        }
        extra={
          <Space wrap>
            <Button icon={<FileTextOutlined />} href={`/api/v1/evaluations/${e.id}/report.docx`}>
              {x.detail.report}
            </Button>
            {e.can.edit && (
              <Popconfirm
                title={x.detail.confirmComplete}
                onConfirm={() => complete.mutate()}
                disabled={!e.can.complete}
              >
                <Button
                  type="primary"
                  disabled={!e.can.complete || saver.pending > 0}
                  loading={complete.isPending}
                  data-testid="evaluation-complete"
                >
                  {x.detail.complete}
                </Button>
              </Popconfirm>
            )}
            {e.can.reopen && <Button onClick={() => setReopening(true)}>{x.detail.reopen}</Button>}
            {e.can.edit && (
              <Popconfirm title={x.detail.confirmDelete} onConfirm={() => remove.mutate()}>
                <Button danger>{x.detail.delete}</Button>
              </Popconfirm>
            )}
          </Space>
        }
      >
        <Row gutter={16}>
          <Col xs={12} md={6}>
            <Statistic
              title={x.detail.total}
              value={r.total}
              suffix={`/ ${r.pointsInScope}`}
              data-testid="evaluation-total"
            />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={x.detail.scaled} value={r.scaledTotal} data-testid="evaluation-scaled" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={x.detail.grade}
              valueRender={() => (
                <Tag
                  color={GRADE_COLOURS[r.grade]}
                  style={{ fontSize: 18, padding: '4px 12px' }}
                  data-testid="evaluation-grade"
                >
                  {r.grade}
                </Tag>
              )}
            />
          </Col>
          {r.weighted && (
            <Col xs={12} md={6}>
              <Statistic title={x.detail.weighted} value={r.weighted.score} />
            </Col>
          )}
        </Row>
        {!r.isComplete && (
          <Alert
            style={{ marginTop: 12 }}
            type="warning"
            showIcon
            message={fill(x.detail.provisional, { count: r.unrated.length })}
            data-testid="evaluation-provisional"
          />
        )}
        <Typography.Paragraph style={{ marginTop: 12 }} data-testid="evaluation-gap">
          {r.gapToNextGrade
            ? fill(x.detail.gap, {
                grade: r.gapToNextGrade.grade,
                threshold: r.gapToNextGrade.threshold,
                points: r.gapToNextGrade.scaledPoints,
              })
            : x.detail.top}
          {r.gapClosedBy.length > 0 && (
            <>
              {' '}
              {x.detail.closedBy}
              {r.gapClosedBy
                .map((code) => `${code} ${f.third.find((t) => t.code === code)?.name ?? ''}`)
                .join('、')}
            </>
          )}
        </Typography.Paragraph>
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card size="small" title={x.detail.radar}>
            {firsts.length >= 3 ? (
              <Suspense fallback={null}>
                <RadarChart
                  testId="evaluation-radar"
                  seriesName={x.detail.rate}
                  indicators={firsts.map((first) => ({ name: first.name, max: 100 }))}
                  values={firsts.map((first) =>
                    rate(r.first[first.code] ?? 0, r.firstPoints[first.code] ?? 0),
                  )}
                />
              </Suspense>
            ) : (
              <List
                size="small"
                dataSource={firsts}
                renderItem={(first) => (
                  <List.Item>
                    {first.name}: {rate(r.first[first.code] ?? 0, r.firstPoints[first.code] ?? 0)}%
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={x.detail.weakest}>
            <List
              size="small"
              dataSource={r.weakest.slice(0, 8)}
              renderItem={(w) => (
                <List.Item extra={<Tag color="red">-{w.lost}</Tag>}>
                  {w.code} {w.name}{' '}
                  <Typography.Text type="secondary">
                    {fill(x.detail.points, { score: w.score, points: w.points })}
                  </Typography.Text>
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
      <WeightsCard evaluation={e} firsts={firsts} save={saver.save} />
      <Tabs
        items={firsts.map((first) => ({
          key: first.code,
          label: `${first.code} ${first.name}（${r.first[first.code] ?? 0} / ${r.firstPoints[first.code]}）`,
          children: <FirstLevel framework={f} evaluation={e} firstCode={first.code} saver={saver} />,
        }))}
      />
      <Modal
        open={reopening}
        title={x.detail.reopen}
        onCancel={() => setReopening(false)}
        onOk={() => reopen.mutate()}
        okButtonProps={{ disabled: !reason.trim() }}
        confirmLoading={reopen.isPending}
      >
        <Input.TextArea
          rows={3}
          placeholder={x.detail.reopenReason}
          value={reason}
          onChange={(ev) => setReason(ev.target.value)}
        />
      </Modal>
    </Space>
  )
}

/** First-level weights of the weighted form (附录A A.1); the server checks they add up to 1. */
function WeightsCard({
  evaluation: e,
  firsts,
  save,
}: {
  evaluation: Evaluation
  firsts: Framework['first']
  save: (patch: Patch) => Promise<unknown>
}) {
  const x = useText(EVALUATION_TEXTS)
  const [weights, setWeights] = useState<Record<string, number | null>>(() =>
    Object.fromEntries(firsts.map((f) => [f.code, e.weights?.first?.[f.code] ?? null])),
  )
  const given = Object.entries(weights).filter(
    (entry): entry is [string, number] => typeof entry[1] === 'number',
  )
  const sum = Math.round(given.reduce((acc, [, w]) => acc + w, 0) * 1000) / 1000
  return (
    <Card size="small" title={x.detail.weights} data-testid="evaluation-weights">
      <Space wrap>
        {firsts.map((f) => (
          <InputNumber
            key={f.code}
            disabled={!e.can.edit}
            min={0}
            max={1}
            step={0.05}
            addonBefore={f.name}
            value={weights[f.code]}
            onChange={(v) => setWeights((prev) => ({ ...prev, [f.code]: typeof v === 'number' ? v : null }))}
          />
        ))}
        <Typography.Text type={given.length && sum !== 1 ? 'danger' : 'secondary'}>Σ = {sum}</Typography.Text>
        {e.can.edit && (
          <>
            <Button
              disabled={given.length !== firsts.length}
              onClick={() =>
                void save({ weights: { ...(e.weights ?? {}), first: Object.fromEntries(given) } })
              }
            >
              {x.detail.saveWeights}
            </Button>
            <Button
              onClick={() => {
                setWeights(Object.fromEntries(firsts.map((f) => [f.code, null])))
                void save({ weights: null })
              }}
            >
              {x.detail.clearWeights}
            </Button>
          </>
        )}
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {x.detail.weightsHint}
      </Typography.Paragraph>
    </Card>
  )
}

function rate(score: number, points: number): number {
  return points ? Math.round((score / points) * 10000) / 100 : 0
}

function FirstLevel({
  framework: f,
  evaluation: e,
  firstCode,
  saver,
}: {
  framework: Framework
  evaluation: Evaluation
  firstCode: string
  saver: Saver
}) {
  const r = e.result
  const seconds = f.second.filter((s) => s.first === firstCode && r.second[s.code] !== undefined)
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {seconds.map((second) => (
        <Card
          key={second.code}
          size="small"
          title={`${second.code} ${second.name}（${r.second[second.code]} / ${second.points}）`}
        >
          {f.third
            .filter((t) => t.second === second.code)
            .map((third) => (
              <div key={third.code} style={{ marginBottom: 12 }}>
                {!third.isImplicit && (
                  <Typography.Text strong>
                    {third.code} {third.name}（{r.third[third.code] ?? 0} / {third.points}）
                  </Typography.Text>
                )}
                {f.items
                  .filter((item) => item.third === third.code)
                  .map((item) => (
                    <ItemRow key={item.code} item={item} evaluation={e} saver={saver} />
                  ))}
              </div>
            ))}
        </Card>
      ))}
    </Space>
  )
}

function ItemRow({
  item,
  evaluation: e,
  saver,
}: {
  item: Framework['items'][number]
  evaluation: Evaluation
  saver: Saver
}) {
  const x = useText(EVALUATION_TEXTS)
  const { save, run } = saver
  const removed = e.removed.find((r) => r.item === item.code)
  const rating = e.ratings[item.code]
  const [local, setLocal] = useState<number | null>(null)
  useEffect(() => setLocal(null), [rating])
  const [note, setNote] = useState(e.notes[item.code] ?? '')
  const [removing, setRemoving] = useState(false)
  const [reason, setReason] = useState('')
  const editable = e.can.edit
  const value = local ?? rating
  return (
    <Card size="small" type="inner" style={{ marginTop: 8 }} data-testid={`item-${item.code}`}>
      <Space direction="vertical" style={{ width: '100%' }} size={4}>
        <Typography.Text>
          <Typography.Text type="secondary">{item.code}</Typography.Text> {item.text}{' '}
          {item.isDirectScore && <Tag color="purple">{x.detail.directScore}</Tag>}
        </Typography.Text>
        {item.note && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {item.note}
          </Typography.Text>
        )}
        {removed ? (
          <Space>
            <Tag>{fill(x.detail.removed, { reason: removed.reason })}</Tag>
            {editable && (
              <Button size="small" type="link" onClick={() => void save({ removals: { [item.code]: null } })}>
                {x.detail.restore}
              </Button>
            )}
          </Space>
        ) : (
          <Space wrap>
            <Radio.Group
              disabled={!editable}
              value={value === undefined ? undefined : String(value)}
              onChange={(ev) => {
                const next = Number(ev.target.value) as (typeof RATING_VALUES)[number]
                setLocal(next)
                void save({ ratings: { [item.code]: next } })
              }}
              optionType="button"
              buttonStyle="solid"
              size="small"
              data-testid={`rate-${item.code}`}
              options={RATING_VALUES.map((v) => ({ value: String(v), label: x.ratings[String(v)] }))}
            />
            {editable && (
              <Button size="small" type="link" onClick={() => setRemoving(true)}>
                {x.detail.remove}
              </Button>
            )}
          </Space>
        )}
        <Input.TextArea
          rows={1}
          autoSize={{ minRows: 1, maxRows: 4 }}
          placeholder={x.detail.notes}
          disabled={!editable}
          value={note}
          maxLength={4000}
          onChange={(ev) => setNote(ev.target.value)}
          onBlur={() => {
            if (note !== (e.notes[item.code] ?? ''))
              void save({ notes: { [item.code]: note.trim() ? note : null } })
          }}
        />
        <ItemEvidence
          entries={e.evidence[item.code] ?? []}
          editable={editable}
          texts={{
            evidence: x.detail.evidence,
            remove: x.detail.removeEvidence,
            add: x.detail.addEvidence,
            label: x.detail.evidenceLabel,
            reference: x.detail.evidenceRef,
            upload: x.detail.upload,
          }}
          fileUrl={(fileId) => evaluationEvidenceUrl(e.id, fileId)}
          onSave={(list) => void save({ evidence: { [item.code]: list } })}
          onUpload={(file, label) =>
            run((id, version) => uploadEvaluationEvidence(id, { itemCode: item.code, label, version }, file))
          }
          testId={`evidence-${item.code}`}
        />
      </Space>
      <Modal
        open={removing}
        title={`${x.detail.remove} ${item.code}`}
        onCancel={() => setRemoving(false)}
        okButtonProps={{ disabled: !reason.trim() }}
        onOk={() => {
          void save({ removals: { [item.code]: reason.trim() } })
          setRemoving(false)
        }}
      >
        <Input.TextArea
          rows={3}
          placeholder={x.detail.removeReason}
          value={reason}
          onChange={(ev) => setReason(ev.target.value)}
        />
      </Modal>
    </Card>
  )
}
