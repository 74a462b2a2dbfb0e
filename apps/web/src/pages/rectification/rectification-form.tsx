// 整改报告 form of the liaison: which findings, what was done, every shell path of those findings confirmed removed,
// attachments uploaded to the notice first (a stamped, scanned PDF is fine).
import { UploadOutlined } from '@ant-design/icons'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import { App, Button, Checkbox, Form, Input, Modal, Space, Typography, Upload, type ButtonProps } from 'antd'
import { useState } from 'react'
import { api } from '../../api/client'
import { applyFieldErrors, describeError } from '../../api/errors'
import { useText } from '../campaigns/use-text'
import { uploadNoticeFile, type NoticeDetail, type StoredFileRef } from '../notices/notice-api'
import { NOTICE_TEXTS } from '../notices/notice-texts'

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
  const { message } = App.useApp()
  const queryClient = useQueryClient()
  const [form] = Form.useForm<Values>()
  const [files, setFiles] = useState<StoredFileRef[]>([])
  const [uploading, setUploading] = useState(false)
  const awaiting = notice.findings.filter((f) => f.status === 'notified' || f.status === 'returned')
  const chosen = Form.useWatch('findingIds', form) ?? awaiting.map((f) => f.id)
  const shells = [...new Set(awaiting.filter((f) => chosen.includes(f.id)).flatMap((f) => f.webshellPaths))]
  const submit = useMutation({
    mutationFn: async (values: Values) =>
      unwrap(
        await api.POST('/api/v1/notices/{id}/rectifications', {
          params: { path: { id: notice.id } },
          body: {
            findingIds: values.findingIds,
            summaryMd: values.summaryMd,
            removedWebshellPaths: (values.removed ?? []).filter((p) => shells.includes(p)),
            fileIds: files.map((f) => f.id),
          },
        }),
      ),
    onSuccess: (next) => {
      queryClient.setQueryData(['notices', 'detail', notice.id], next)
      void queryClient.invalidateQueries({ queryKey: ['notices'] })
      void message.success(x.rectify.submitted)
      form.resetFields()
      setFiles([])
      onClose()
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error)) void message.error(describeError(error))
    },
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
          <Space direction="vertical">
            <Upload
              showUploadList={false}
              customRequest={async ({ file, onSuccess, onError }) => {
                setUploading(true)
                try {
                  const stored = await uploadNoticeFile(notice.id, file as File)
                  setFiles((current) => [...current, stored])
                  onSuccess?.(stored)
                } catch (error) {
                  void message.error(describeError(error))
                  onError?.(error as Error)
                } finally {
                  setUploading(false)
                }
              }}
            >
              <Button icon={<UploadOutlined />} loading={uploading} data-testid="rectify-upload">
                {x.rectify.upload}
              </Button>
            </Upload>
            {files.map((f) => (
              <Typography.Text key={f.id} data-testid="rectify-file">
                {f.originalName}
              </Typography.Text>
            ))}
          </Space>
        </Form.Item>
      </Form>
    </Modal>
  )
}
