// 定级向导 (GB/T 22240-2020): for the business information and then the system service, the liaison chooses the object
// harmed and the degree of harm with the standard's guidance beside each choice, and writes why; the level of each
// side follows from the matrix and the system's level is the higher of the two. The reasoning is stored with the round.
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Input,
  Radio,
  Result,
  Row,
  Space,
  Statistic,
  Steps,
  Table,
  Tag,
  Typography,
} from 'antd'
import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router-dom'
import { api } from '../../api/client'
import { describeError } from '../../api/errors'
import { isLanguage } from '../../i18n/language'
import { useTranslation } from 'react-i18next'
import {
  levelFrom,
  useGuidance,
  useSystem,
  type Guidance,
  type HarmDegree,
  type HarmedObject,
} from './dengbao-api'
import { DENGBAO_TEXTS, fill } from './dengbao-texts'
import { useText } from './use-text'

type Side = { object?: HarmedObject; degree?: HarmDegree; reasoning: string }
type SideKey = 'business' | 'service'

export default function GradingWizardPage() {
  const { id } = useParams()
  const x = useText(DENGBAO_TEXTS)
  const system = useSystem(id)
  const guidance = useGuidance()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const { message } = App.useApp()
  const [step, setStep] = useState(0)
  const [sides, setSides] = useState<Record<SideKey, Side>>({
    business: { reasoning: '' },
    service: { reasoning: '' },
  })
  const [changeReason, setChangeReason] = useState('')
  const matrix = guidance.data?.matrix
  const businessLevel = levelFrom(matrix, sides.business.object, sides.business.degree)
  const serviceLevel = levelFrom(matrix, sides.service.object, sides.service.degree)
  const level = businessLevel && serviceLevel ? Math.max(businessLevel, serviceLevel) : null
  const needsReason = Boolean(system.data?.filedLevel)
  const submit = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/dengbao/systems/{id}/gradings', {
          params: { path: { id: id ?? '' } },
          body: {
            business: {
              object: sides.business.object!,
              degree: sides.business.degree!,
              reasoning: sides.business.reasoning.trim(),
            },
            service: {
              object: sides.service.object!,
              degree: sides.service.degree!,
              reasoning: sides.service.reasoning.trim(),
            },
            changeReason: needsReason ? changeReason.trim() : null,
          },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['dengbao'] })
      message.success(x.wizard.submitted)
      navigate(`/dengbao/systems/${id}`)
    },
    onError: (e) => void message.error(describeError(e)),
  })

  if (system.isError) return <Result status="404" title={describeError(system.error)} />
  if (!system.data || !guidance.data) return <Card loading />
  if (!system.data.can.submitGrading)
    return (
      <Result
        status="info"
        title={x.stages[system.data.stage]}
        extra={<Link to={`/dengbao/systems/${id}`}>{x.detail.back}</Link>}
      />
    )

  const sideComplete = (s: Side) => Boolean(s.object && s.degree && s.reasoning.trim())
  const canNext = step === 0 ? sideComplete(sides.business) : step === 1 ? sideComplete(sides.service) : true
  const canSubmit =
    sideComplete(sides.business) && sideComplete(sides.service) && (!needsReason || changeReason.trim())
  const update = (key: SideKey, patch: Partial<Side>) =>
    setSides((prev) => ({ ...prev, [key]: { ...prev[key], ...patch } }))

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="grading-wizard">
      <Link to={`/dengbao/systems/${id}`}>← {system.data.name}</Link>
      <Steps current={step} items={x.wizard.steps.map((title) => ({ title }))} />
      <Alert type="info" showIcon message={x.wizard.notice} />
      {step < 2 ? (
        <SideStep
          key={step}
          sideKey={step === 0 ? 'business' : 'service'}
          side={step === 0 ? sides.business : sides.service}
          guidance={guidance.data}
          level={step === 0 ? businessLevel : serviceLevel}
          onChange={(patch) => update(step === 0 ? 'business' : 'service', patch)}
        />
      ) : (
        <Card data-testid="wizard-confirm">
          <Row gutter={16}>
            <Col span={8}>
              <Statistic title={x.detail.business} value={businessLevel ? x.levels[businessLevel] : '—'} />
            </Col>
            <Col span={8}>
              <Statistic title={x.detail.service} value={serviceLevel ? x.levels[serviceLevel] : '—'} />
            </Col>
            <Col span={8}>
              <Statistic
                title={x.detail.level}
                value={level ? x.levels[level] : '—'}
                valueStyle={{ color: '#1677ff' }}
                data-testid="wizard-level"
              />
            </Col>
          </Row>
          <Typography.Paragraph style={{ marginTop: 16 }}>
            {x.wizard.result} {level && <LevelGuidance guidance={guidance.data} level={level} />}
          </Typography.Paragraph>
          <Descriptions column={1} size="small" bordered>
            {(['business', 'service'] as const).map((key) => (
              <Descriptions.Item key={key} label={key === 'business' ? x.detail.business : x.detail.service}>
                {x.objects[sides[key].object ?? '']} · {x.degrees[sides[key].degree ?? '']}
                <div style={{ whiteSpace: 'pre-wrap', color: 'rgba(0,0,0,0.65)' }}>
                  {sides[key].reasoning}
                </div>
              </Descriptions.Item>
            ))}
          </Descriptions>
          <MatrixTable guidance={guidance.data} highlight={[sides.business, sides.service]} />
          {needsReason && (
            <div style={{ marginTop: 16 }}>
              <Typography.Text strong>{x.wizard.changeReason}</Typography.Text>
              <Input.TextArea
                rows={3}
                maxLength={2000}
                value={changeReason}
                onChange={(e) => setChangeReason(e.target.value)}
                data-testid="wizard-change-reason"
              />
            </div>
          )}
        </Card>
      )}
      <Space>
        {step > 0 && <Button onClick={() => setStep(step - 1)}>{x.wizard.previous}</Button>}
        {step < 2 && (
          <Button
            type="primary"
            disabled={!canNext}
            onClick={() => setStep(step + 1)}
            data-testid="wizard-next"
          >
            {x.wizard.next}
          </Button>
        )}
        {step === 2 && (
          <Button
            type="primary"
            disabled={!canSubmit}
            loading={submit.isPending}
            onClick={() => submit.mutate()}
            data-testid="wizard-submit"
          >
            {x.wizard.submit}
          </Button>
        )}
      </Space>
    </Space>
  )
}

function useLanguage(): 'zh-CN' | 'en' {
  const { i18n } = useTranslation()
  return isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'zh-CN'
}

function SideStep({
  sideKey,
  side,
  guidance,
  level,
  onChange,
}: {
  sideKey: SideKey
  side: Side
  guidance: Guidance
  level: number | null
  onChange: (patch: Partial<Side>) => void
}) {
  const x = useText(DENGBAO_TEXTS)
  const language = useLanguage()
  const text = (g: { zh: string; en: string }) => (language === 'en' ? g.en : g.zh)
  const aspect = guidance.aspects.find((a) => a.id === sideKey)!
  const sideTitle = sideKey === 'business' ? x.detail.business : x.detail.service
  return (
    <Card
      title={aspect.term}
      extra={
        <Tag color={level ? 'geekblue' : 'default'} data-testid={`wizard-${sideKey}-level`}>
          {fill(x.wizard.sideLevel, { side: sideTitle, level: level ? x.levels[level]! : '—' })}
        </Tag>
      }
    >
      <Typography.Paragraph type="secondary">{text(aspect)}</Typography.Paragraph>
      <Typography.Title level={5}>{x.wizard.objectQuestion}</Typography.Title>
      <Radio.Group
        value={side.object}
        onChange={(e) => onChange({ object: e.target.value as HarmedObject })}
        style={{ width: '100%' }}
      >
        <Row gutter={[12, 12]}>
          {guidance.objects.map((o) => (
            <Col key={o.id} xs={24} md={8}>
              <Card
                size="small"
                hoverable
                style={{ height: '100%' }}
                onClick={() => onChange({ object: o.id })}
              >
                <Radio value={o.id} data-testid={`wizard-${sideKey}-object-${o.id}`}>
                  <strong>{o.term}</strong>
                </Radio>
                <Typography.Paragraph style={{ marginTop: 8, fontSize: 13 }}>{text(o)}</Typography.Paragraph>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {x.wizard.examples}：{o.examples.map(text).join('；')}
                </Typography.Text>
              </Card>
            </Col>
          ))}
        </Row>
      </Radio.Group>
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {x.wizard.degreeQuestion}
      </Typography.Title>
      <Radio.Group
        value={side.degree}
        onChange={(e) => onChange({ degree: e.target.value as HarmDegree })}
        style={{ width: '100%' }}
      >
        <Row gutter={[12, 12]}>
          {guidance.degrees.map((d) => (
            <Col key={d.id} xs={24} md={8}>
              <Card
                size="small"
                hoverable
                style={{ height: '100%' }}
                onClick={() => onChange({ degree: d.id })}
              >
                <Radio value={d.id} data-testid={`wizard-${sideKey}-degree-${d.id}`}>
                  <strong>{d.term}</strong>
                </Radio>
                <Typography.Paragraph style={{ marginTop: 8, fontSize: 13 }}>{text(d)}</Typography.Paragraph>
              </Card>
            </Col>
          ))}
        </Row>
      </Radio.Group>
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {x.wizard.reasoning}
      </Typography.Title>
      <Input.TextArea
        rows={4}
        maxLength={4000}
        showCount
        value={side.reasoning}
        onChange={(e) => onChange({ reasoning: e.target.value })}
        data-testid={`wizard-${sideKey}-reasoning`}
      />
    </Card>
  )
}

function LevelGuidance({ guidance, level }: { guidance: Guidance; level: number }) {
  const language = useLanguage()
  const g = guidance.levels.find((l) => l.level === level)
  return g ? <Typography.Text strong>{language === 'en' ? g.en : g.zh}</Typography.Text> : null
}

/** GB/T 22240-2020's matrix, the chosen cells marked. */
function MatrixTable({ guidance, highlight }: { guidance: Guidance; highlight: Side[] }) {
  const x = useText(DENGBAO_TEXTS)
  const chosen = (object: string, degree: string) =>
    highlight.some((s) => s.object === object && s.degree === degree)
  return (
    <Table
      style={{ marginTop: 16 }}
      size="small"
      bordered
      pagination={false}
      title={() => x.wizard.matrix}
      rowKey="id"
      dataSource={guidance.objects.map((o) => ({ id: o.id, term: o.term }))}
      columns={[
        { title: x.detail.object, dataIndex: 'term' },
        ...guidance.degrees.map((d) => ({
          title: d.term,
          key: d.id,
          render: (_: unknown, row: { id: HarmedObject }) => {
            const value = guidance.matrix[row.id]?.[d.id]
            return chosen(row.id, d.id) ? (
              <Tag color="blue">{x.levels[value ?? 0]}</Tag>
            ) : (
              x.levels[value ?? 0]
            )
          },
        })),
      ]}
    />
  )
}
