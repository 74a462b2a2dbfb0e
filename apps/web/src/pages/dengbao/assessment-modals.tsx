// Recording an assessment (等级测评) with the issues it found, and reporting progress on a rectification item.
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import {
  App,
  Button,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Timeline,
  Typography,
} from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { api } from '../../api/client'
import { applyFieldErrors, describeError } from '../../api/errors'
import { formatDateTime } from '../../lib/date-time'
import type { CreateAssessmentRequest, RectificationItem } from './dengbao-api'
import { DENGBAO_TEXTS } from './dengbao-texts'
import { useText } from './use-text'

type Issue = { title: string; severity: 'high' | 'medium' | 'low'; owner: string; deadline?: Dayjs | null }
type Values = {
  assessedOn: Dayjs
  institution: string
  conclusion: CreateAssessmentRequest['conclusion']
  score?: number | null
  reportNumber?: string
  notes?: string
  issues?: Issue[]
}

export function AssessmentModal({ systemId, onClose }: { systemId: string; onClose: () => void }) {
  const x = useText(DENGBAO_TEXTS)
  const [form] = Form.useForm<Values>()
  const queryClient = useQueryClient()
  const { message } = App.useApp()
  const save = useMutation({
    mutationFn: async (v: Values) =>
      unwrap(
        await api.POST('/api/v1/dengbao/systems/{id}/assessments', {
          params: { path: { id: systemId } },
          body: {
            assessedOn: v.assessedOn.format('YYYY-MM-DD'),
            institution: v.institution,
            conclusion: v.conclusion,
            score: v.score ?? null,
            reportNumber: v.reportNumber?.trim() || null,
            notes: v.notes?.trim() || null,
            issues: (v.issues ?? []).map((i) => ({
              title: i.title,
              severity: i.severity,
              owner: i.owner,
              description: null,
              deadline: i.deadline ? i.deadline.format('YYYY-MM-DD') : null,
            })),
          },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['dengbao'] })
      message.success(x.saved)
      onClose()
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e)) void message.error(describeError(e))
    },
  })
  return (
    <Modal
      open
      width={760}
      title={x.assessment.title}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ assessedOn: dayjs(), conclusion: 'basically_compliant', issues: [] }}
        onFinish={(v) => save.mutate(v)}
      >
        <Space wrap>
          <Form.Item name="assessedOn" label={x.assessment.assessedOn} rules={[{ required: true }]}>
            <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item name="conclusion" label={x.assessment.conclusion} rules={[{ required: true }]}>
            <Select
              style={{ width: 160 }}
              options={Object.entries(x.assessment.conclusions).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item name="score" label={x.assessment.score}>
            <InputNumber min={0} max={100} step={0.5} />
          </Form.Item>
        </Space>
        <Form.Item
          name="institution"
          label={x.assessment.institution}
          rules={[{ required: true, message: x.form.required }]}
        >
          <Input maxLength={128} />
        </Form.Item>
        <Form.Item name="reportNumber" label={x.assessment.reportNumber}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="notes" label={x.assessment.notes}>
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
        <Typography.Text strong>{x.assessment.issues}</Typography.Text>
        <Typography.Paragraph type="secondary">{x.assessment.deadlineHint}</Typography.Paragraph>
        <Form.List name="issues">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" wrap>
                  <Form.Item
                    name={[field.name, 'title']}
                    rules={[{ required: true, message: x.form.required }]}
                  >
                    <Input placeholder={x.assessment.issueTitle} style={{ width: 220 }} maxLength={200} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'severity']} initialValue="medium">
                    <Select
                      style={{ width: 110 }}
                      options={Object.entries(x.assessment.severities).map(([value, label]) => ({
                        value,
                        label,
                      }))}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'owner']}
                    rules={[{ required: true, message: x.form.required }]}
                  >
                    <Input placeholder={x.assessment.owner} style={{ width: 140 }} maxLength={64} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'deadline']}>
                    <DatePicker placeholder={x.assessment.deadline} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(field.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()}>
                {x.assessment.addIssue}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  )
}

type ProgressValues = { note?: string; owner?: string; deadline?: Dayjs }

export function ItemProgressModal({
  item,
  canEdit,
  onClose,
}: {
  item: RectificationItem
  canEdit: boolean
  onClose: () => void
}) {
  const x = useText(DENGBAO_TEXTS)
  const [form] = Form.useForm<ProgressValues>()
  const queryClient = useQueryClient()
  const { message } = App.useApp()
  const save = useMutation({
    mutationFn: async ({ values, status }: { values: ProgressValues; status?: 'open' | 'closed' }) =>
      unwrap(
        await api.PATCH('/api/v1/dengbao/rectification-items/{id}', {
          params: { path: { id: item.id } },
          body: {
            version: item.version,
            ...(values.note?.trim() ? { note: values.note.trim() } : {}),
            ...(values.owner && values.owner !== item.owner ? { owner: values.owner } : {}),
            ...(values.deadline && values.deadline.format('YYYY-MM-DD') !== item.deadline
              ? { deadline: values.deadline.format('YYYY-MM-DD') }
              : {}),
            ...(status ? { status } : {}),
          },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['dengbao'] })
      message.success(x.saved)
      onClose()
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e)) void message.error(describeError(e))
    },
  })
  const submit = (status?: 'open' | 'closed') =>
    void form.validateFields().then((values) => save.mutate({ values, status }))
  return (
    <Modal
      open
      title={item.title}
      onCancel={onClose}
      footer={
        canEdit
          ? [
              <Button key="progress" onClick={() => submit()} loading={save.isPending}>
                {x.assessment.progress}
              </Button>,
              item.status === 'open' ? (
                <Button key="close" type="primary" onClick={() => submit('closed')} loading={save.isPending}>
                  {x.assessment.close}
                </Button>
              ) : (
                <Button key="reopen" onClick={() => submit('open')} loading={save.isPending}>
                  {x.assessment.reopen}
                </Button>
              ),
            ]
          : null
      }
    >
      <Timeline
        items={item.updates.map((u) => ({
          color: u.statusAfter === 'closed' ? 'green' : 'blue',
          children: (
            <>
              <Typography.Text type="secondary">
                {formatDateTime(u.at)} {u.byName}
              </Typography.Text>
              <div style={{ whiteSpace: 'pre-wrap' }}>{u.note}</div>
            </>
          ),
        }))}
      />
      {canEdit && (
        <Form<ProgressValues>
          form={form}
          layout="vertical"
          initialValues={{ owner: item.owner, deadline: dayjs(item.deadline) }}
        >
          <Form.Item name="note" label={x.assessment.note}>
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
          <Space>
            <Form.Item name="owner" label={x.assessment.owner}>
              <Input maxLength={64} />
            </Form.Item>
            <Form.Item name="deadline" label={x.assessment.deadline}>
              <DatePicker />
            </Form.Item>
          </Space>
        </Form>
      )}
    </Modal>
  )
}
