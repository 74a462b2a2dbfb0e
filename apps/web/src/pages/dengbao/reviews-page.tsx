// 定级评审 for an expert: the reviews they were drawn for, each with the organisation's grading and reasoning, and the
// form for their opinion. Nothing else of the classified-protection module is theirs to see.
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import {
  Alert,
  App,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Button,
  Tabs,
  Tag,
  Typography,
} from 'antd'
import { useState } from 'react'
import { api } from '../../api/client'
import { applyFieldErrors, describeError } from '../../api/errors'
import { formatDateTime } from '../../lib/date-time'
import { useReviews, type ReviewAssignment } from './dengbao-api'
import { DENGBAO_TEXTS } from './dengbao-texts'
import { useText } from './use-text'

const REVIEW_STATES = ['pending', 'answered', 'declined'] as const
type ReviewState = (typeof REVIEW_STATES)[number]

export default function ReviewsPage() {
  const x = useText(DENGBAO_TEXTS)
  const [state, setState] = useState<ReviewState>('pending')
  const reviews = useReviews(state)
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="dengbao-reviews">
      <Tabs
        activeKey={state}
        onChange={(key) => setState(REVIEW_STATES.find((s) => s === key) ?? 'pending')}
        items={[
          { key: 'pending', label: x.reviewsPage.pending },
          { key: 'answered', label: x.reviewsPage.answered },
          { key: 'declined', label: x.reviewsPage.declinedTab },
        ]}
      />
      {reviews.isPending ? (
        <Card loading />
      ) : reviews.data?.items.length ? (
        reviews.data.items.map((r) => <ReviewCard key={r.id} review={r} />)
      ) : (
        <Empty description={x.reviewsPage.empty} />
      )}
    </Space>
  )
}

type Values = {
  opinion: 'agree' | 'agree_with_changes' | 'disagree'
  suggestedLevel?: number
  comments: string
}

function ReviewCard({ review: r }: { review: ReviewAssignment }) {
  const x = useText(DENGBAO_TEXTS)
  const [form] = Form.useForm<Values>()
  const opinion = Form.useWatch('opinion', form)
  const queryClient = useQueryClient()
  const { message } = App.useApp()
  const answer = useMutation({
    mutationFn: async (v: Values) =>
      unwrap(
        await api.POST('/api/v1/dengbao/reviews/{id}/opinion', {
          params: { path: { id: r.id } },
          body: {
            opinion: v.opinion,
            suggestedLevel: v.opinion === 'agree_with_changes' ? (v.suggestedLevel ?? null) : null,
            comments: v.comments,
          },
        }),
      ),
    onSuccess: async () => {
      message.success(x.saved)
      await queryClient.invalidateQueries({ queryKey: ['dengbao', 'reviews'] })
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e)) void message.error(describeError(e))
    },
  })
  const [declining, setDeclining] = useState(false)
  const g = r.grading
  return (
    <Card
      data-testid="review-card"
      title={
        <Space wrap>
          {r.system.name}
          <Typography.Text type="secondary">{r.system.organisationName}</Typography.Text>
          <Tag color="geekblue">{x.levels[g.level]}</Tag>
          {r.system.isCriticalInfrastructure && <Tag color="red">{x.list.critical}</Tag>}
        </Space>
      }
      extra={`${x.reviewsPage.assignedAt} ${formatDateTime(r.assignedAt)}`}
    >
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={x.list.type}>{x.types[r.system.type]}</Descriptions.Item>
        <Descriptions.Item label={x.form.description}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{r.system.description ?? '—'}</span>
        </Descriptions.Item>
        {(['business', 'service'] as const).map((key) => (
          <Descriptions.Item key={key} label={key === 'business' ? x.detail.business : x.detail.service}>
            {x.objects[g[key].object]} · {x.degrees[g[key].degree]} →{' '}
            <strong>{x.levels[g[key].level]}</strong>
            <div style={{ whiteSpace: 'pre-wrap', color: 'rgba(0,0,0,0.65)' }}>{g[key].reasoning}</div>
          </Descriptions.Item>
        ))}
        {g.changeReason && (
          <Descriptions.Item label={x.detail.changeReason}>{g.changeReason}</Descriptions.Item>
        )}
      </Descriptions>
      {r.declinedAt ? (
        <Alert
          style={{ marginTop: 16 }}
          type="info"
          message={x.reviewsPage.declined}
          description={<span style={{ whiteSpace: 'pre-wrap' }}>{r.declineReason}</span>}
        />
      ) : r.answeredAt ? (
        <Alert
          style={{ marginTop: 16 }}
          type="success"
          message={`${x.reviewsPage.yours}：${x.opinions[r.opinion ?? ''] ?? ''}${r.suggestedLevel ? ` (${x.levels[r.suggestedLevel]})` : ''}`}
          description={<span style={{ whiteSpace: 'pre-wrap' }}>{r.comments}</span>}
        />
      ) : g.status !== 'under_review' ? (
        <Alert style={{ marginTop: 16 }} type="warning" message={x.reviewsPage.closed} />
      ) : (
        <Form<Values>
          form={form}
          layout="vertical"
          style={{ marginTop: 16 }}
          onFinish={(v) => answer.mutate(v)}
        >
          <Form.Item
            name="opinion"
            label={x.reviewsPage.opinion}
            rules={[{ required: true, message: x.form.required }]}
          >
            <Radio.Group
              options={Object.entries(x.opinions).map(([value, label]) => ({ value, label }))}
              data-testid="review-opinion"
            />
          </Form.Item>
          {opinion === 'agree_with_changes' && (
            <Form.Item
              name="suggestedLevel"
              label={x.reviewsPage.suggestedLevel}
              rules={[{ required: true, message: x.form.required }]}
            >
              <Select
                style={{ width: 160 }}
                options={[1, 2, 3, 4, 5].map((l) => ({ value: l, label: x.levels[l] }))}
              />
            </Form.Item>
          )}
          <Form.Item
            name="comments"
            label={x.reviewsPage.comments}
            rules={[{ required: true, message: x.form.required }]}
          >
            <Input.TextArea rows={3} maxLength={4000} data-testid="review-comments" />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={answer.isPending} data-testid="review-submit">
              {x.reviewsPage.submit}
            </Button>
            <Button onClick={() => setDeclining(true)} data-testid="review-decline">
              {x.reviewsPage.decline}
            </Button>
          </Space>
        </Form>
      )}
      {declining && <DeclineModal review={r} onClose={() => setDeclining(false)} />}
    </Card>
  )
}

/** 回避: the expert gives the reason; the police then draw a replacement. */
function DeclineModal({ review, onClose }: { review: ReviewAssignment; onClose: () => void }) {
  const x = useText(DENGBAO_TEXTS)
  const [form] = Form.useForm<{ reason: string }>()
  const queryClient = useQueryClient()
  const { message } = App.useApp()
  const decline = useMutation({
    mutationFn: async (reason: string) =>
      unwrap(
        await api.POST('/api/v1/dengbao/reviews/{id}/decline', {
          params: { path: { id: review.id } },
          body: { reason },
        }),
      ),
    onSuccess: async () => {
      void message.success(x.saved)
      await queryClient.invalidateQueries({ queryKey: ['dengbao', 'reviews'] })
      onClose()
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e)) void message.error(describeError(e))
    },
  })
  return (
    <Modal
      open
      title={x.reviewsPage.declineTitle}
      okText={x.reviewsPage.declineConfirm}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={decline.isPending}
    >
      <Typography.Paragraph type="secondary">{x.reviewsPage.declineHint}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => decline.mutate(v.reason.trim())}>
        <Form.Item
          name="reason"
          label={x.reviewsPage.declineReason}
          rules={[{ required: true, whitespace: true, message: x.form.required }]}
        >
          <Input.TextArea rows={3} maxLength={1000} data-testid="review-decline-reason" />
        </Form.Item>
      </Form>
    </Modal>
  )
}
