// 申诉 form of the liaison: one notified or returned finding, the ground, the reason and attachments.
import { unwrap } from '@wangan/sdk'
import { Form, Input, Modal, Radio, Select, type ButtonProps } from 'antd'
import { api } from '../../api/client'
import { useText } from '../campaigns/use-text'
import { type NoticeDetail } from '../notices/notice-api'
import { NOTICE_TEXTS } from '../notices/notice-texts'
import { NoticeReportFiles, useNoticeReport } from './notice-report'

type Values = { findingId: string; ground: 'not_our_asset' | 'false_positive' | 'other'; reason: string }

export function AppealForm({
  notice,
  open,
  onClose,
}: {
  notice: NoticeDetail
  open: boolean
  onClose: () => void
}) {
  const x = useText(NOTICE_TEXTS)
  const [form] = Form.useForm<Values>()
  const candidates = notice.findings.filter(
    (f) => (f.status === 'notified' || f.status === 'returned') && f.appeal === null,
  )
  const { files, added, submit } = useNoticeReport<Values>({
    notice,
    form,
    submitted: x.appealForm.submitted,
    onClose,
    send: async (values, fileIds) =>
      unwrap(
        await api.POST('/api/v1/notices/{id}/appeals', {
          params: { path: { id: notice.id } },
          body: { ...values, fileIds },
        }),
      ),
  })
  return (
    <Modal
      open={open}
      title={x.appealForm.title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={x.appealForm.submit}
      okButtonProps={{ loading: submit.isPending, 'data-testid': 'appeal-submit' } as ButtonProps}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ ground: 'false_positive' }}
        onFinish={(v) => submit.mutate(v)}
      >
        <Form.Item name="findingId" label={x.appealForm.finding} rules={[{ required: true }]}>
          <Select
            options={candidates.map((f) => ({ value: f.id, label: f.title }))}
            data-testid="appeal-finding"
          />
        </Form.Item>
        <Form.Item name="ground" label={x.appealForm.ground} rules={[{ required: true }]}>
          <Radio.Group
            options={(['not_our_asset', 'false_positive', 'other'] as const).map((g) => ({
              value: g,
              label: x.ground[g],
            }))}
          />
        </Form.Item>
        <Form.Item name="reason" label={x.appealForm.reason} rules={[{ required: true }]}>
          <Input.TextArea rows={4} maxLength={5000} data-testid="appeal-reason" />
        </Form.Item>
        <Form.Item label={x.appealForm.files}>
          <NoticeReportFiles
            noticeId={notice.id}
            files={files}
            onAdded={added}
            uploadText={x.rectify.upload}
          />
        </Form.Item>
      </Form>
    </Modal>
  )
}
