// The workflow steps of the authorities on a grading round: draw experts and replacements for those who declined
// (police), approve (supervising department), return (both, at their stage), file (police).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import { Alert, App, DatePicker, Form, Input, InputNumber, Modal, type ButtonProps } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { api } from '../../api/client'
import { applyFieldErrors, describeError } from '../../api/errors'
import type { Grading } from './dengbao-api'
import { DENGBAO_TEXTS, fill } from './dengbao-texts'
import { useText } from './use-text'

export type GradingAction = 'draw' | 'replace' | 'approve' | 'return' | 'file'

type Values = { count?: number; opinion?: string; reason?: string; filingNumber?: string; filedOn?: Dayjs }

export function GradingActionModal({
  action,
  grading,
  replacements = 0,
  onClose,
}: {
  action: GradingAction
  grading: Grading
  /** for `replace`: how many places wait for a replacement */
  replacements?: number
  onClose: () => void
}) {
  const x = useText(DENGBAO_TEXTS)
  const [form] = Form.useForm<Values>()
  const queryClient = useQueryClient()
  const { message } = App.useApp()
  const path = { params: { path: { id: grading.id } } }
  const pool = useQuery({
    queryKey: ['dengbao', 'pool', grading.id],
    queryFn: async () => unwrap(await api.GET('/api/v1/dengbao/gradings/{id}/expert-pool', path)),
    enabled: action === 'draw',
  })
  const run = useMutation({
    mutationFn: async (v: Values) => {
      switch (action) {
        case 'draw':
          return unwrap(
            await api.POST('/api/v1/dengbao/gradings/{id}/draw', { ...path, body: { count: v.count ?? 3 } }),
          )
        case 'replace':
          return unwrap(
            await api.POST('/api/v1/dengbao/gradings/{id}/draw-replacement', {
              ...path,
              body: { count: v.count ?? 1 },
            }),
          )
        case 'approve':
          return unwrap(
            await api.POST('/api/v1/dengbao/gradings/{id}/approve', {
              ...path,
              body: { opinion: v.opinion ?? '' },
            }),
          )
        case 'return':
          return unwrap(
            await api.POST('/api/v1/dengbao/gradings/{id}/return', {
              ...path,
              body: { reason: v.reason ?? '' },
            }),
          )
        case 'file':
          return unwrap(
            await api.POST('/api/v1/dengbao/gradings/{id}/file', {
              ...path,
              body: {
                filingNumber: v.filingNumber ?? '',
                filedOn: (v.filedOn ?? dayjs()).format('YYYY-MM-DD'),
              },
            }),
          )
      }
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['dengbao'] })
      message.success(x.saved)
      onClose()
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e)) void message.error(describeError(e))
    },
  })
  const titles: Record<GradingAction, string> = {
    draw: x.actions.drawTitle,
    replace: x.actions.replaceTitle,
    approve: x.actions.approveTitle,
    return: x.actions.returnTitle,
    file: x.actions.fileTitle,
  }
  return (
    <Modal
      open
      title={titles[action]}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={x.actions.confirm}
      confirmLoading={run.isPending}
      okButtonProps={{ 'data-testid': 'grading-action-ok' } as ButtonProps}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ count: action === 'replace' ? replacements : 3, filedOn: dayjs() }}
        onFinish={(v) => run.mutate(v)}
      >
        {action === 'draw' && (
          <>
            {pool.data && (
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 16 }}
                message={fill(x.actions.pool, {
                  eligible: pool.data.eligible,
                  excluded: pool.data.excludedSameOrganisation,
                })}
              />
            )}
            <Form.Item name="count" label={x.actions.drawCount} rules={[{ required: true }]}>
              <InputNumber min={1} max={9} />
            </Form.Item>
          </>
        )}
        {action === 'replace' && (
          <>
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              message={fill(x.actions.replaceHint, { n: replacements })}
            />
            <Form.Item name="count" label={x.actions.drawCount} rules={[{ required: true }]}>
              <InputNumber min={1} max={Math.max(1, replacements)} />
            </Form.Item>
          </>
        )}
        {action === 'approve' && (
          <Form.Item
            name="opinion"
            label={x.actions.opinion}
            rules={[{ required: true, message: x.form.required }]}
          >
            <Input.TextArea rows={3} maxLength={2000} data-testid="grading-opinion" />
          </Form.Item>
        )}
        {action === 'return' && (
          <Form.Item
            name="reason"
            label={x.actions.reason}
            rules={[{ required: true, message: x.form.required }]}
          >
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        )}
        {action === 'file' && (
          <>
            <Form.Item
              name="filingNumber"
              label={x.actions.filingNumber}
              rules={[{ required: true, message: x.form.required }]}
            >
              <Input maxLength={64} data-testid="grading-filing-number" />
            </Form.Item>
            <Form.Item name="filedOn" label={x.actions.filedOn} rules={[{ required: true }]}>
              <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  )
}
