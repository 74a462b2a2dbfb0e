// 整改报告 form of the liaison: which findings, what was done, every shell path of those findings confirmed removed,
// attachments uploaded to the notice first (a stamped, scanned PDF is fine).
import { unwrap } from '@wangan/sdk'
import { Checkbox, Form, Input, Modal, Typography, type ButtonProps } from 'antd'
import { api } from '../../api/client'
import { useText } from '../campaigns/use-text'
import { type NoticeDetail } from '../notices/notice-api'
import { NOTICE_TEXTS } from '../notices/notice-texts'
import { NoticeReportFiles, useNoticeReport } from './notice-report'

type Values = { findingIds: string[]; summaryMd: string; removed: string[] }

export function RectificationForm({
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
  const awaiting = notice.findings.filter((f) => f.status === 'notified' || f.status === 'returned')
  const chosen = Form.useWatch('findingIds', form) ?? awaiting.map((f) => f.id)
  const shells = [...new Set(awaiting.filter((f) => chosen.includes(f.id)).flatMap((f) => f.webshellPaths))]
  const { files, added, submit } = useNoticeReport<Values>({
    notice,
    form,
    submitted: x.rectify.submitted,
    onClose,
    send: async (values, fileIds) =>
      unwrap(
        await api.POST('/api/v1/notices/{id}/rectifications', {
          params: { path: { id: notice.id } },
          body: {
            findingIds: values.findingIds,
            summaryMd: values.summaryMd,
            removedWebshellPaths: (values.removed ?? []).filter((p) => shells.includes(p)),
            fileIds,
          },
        }),
      ),
  })
  return (
    <Modal
      open={open}
      title={x.rectify.title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={x.rectify.submit}
      okButtonProps={{ loading: submit.isPending, 'data-testid': 'rectify-submit' } as ButtonProps}
      width={720}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ findingIds: awaiting.map((f) => f.id), removed: [] }}
        onFinish={(values) => submit.mutate(values)}
      >
        <Form.Item
          name="findingIds"
          label={x.rectify.findings}
          rules={[{ required: true, message: x.rectify.required }]}
        >
          <Checkbox.Group
            options={awaiting.map((f) => ({ value: f.id, label: f.title }))}
            style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
          />
        </Form.Item>
        <Form.Item
          name="summaryMd"
          label={x.rectify.summary}
          rules={[{ required: true, message: x.rectify.required }]}
        >
          <Input.TextArea rows={5} maxLength={20000} data-testid="rectify-summary" />
        </Form.Item>
        <Form.Item
          name="removed"
          label={x.rectify.shells}
          extra={shells.length ? undefined : x.rectify.shellsNone}
          rules={[
            {
              validator: async (_rule, value: string[] = []) => {
                const missing = shells.filter((p) => !value.includes(p))
                if (missing.length) throw new Error(missing.join('、'))
              },
            },
          ]}
        >
          <Checkbox.Group
            style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
            data-testid="rectify-shells"
          >
            {shells.map((p) => (
              <Checkbox key={p} value={p}>
                <Typography.Text code>{p}</Typography.Text>
              </Checkbox>
            ))}
          </Checkbox.Group>
        </Form.Item>
        <Form.Item label={x.rectify.files}>
          <NoticeReportFiles
            noticeId={notice.id}
            files={files}
            onAdded={added}
            uploadText={x.rectify.upload}
            testId="rectify"
          />
        </Form.Item>
      </Form>
    </Modal>
  )
}
