// 申诉 form of the liaison: one notified or returned finding, the ground, the reason and attachments.
import { UploadOutlined } from '@ant-design/icons'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import {
  App,
  Button,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Typography,
  Upload,
  type ButtonProps,
} from 'antd'
import { useState } from 'react'
import { api } from '../../api/client'
import { applyFieldErrors, describeError } from '../../api/errors'
import { useText } from '../campaigns/use-text'
import { uploadNoticeFile, type NoticeDetail, type StoredFileRef } from '../notices/notice-api'
import { NOTICE_TEXTS } from '../notices/notice-texts'

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
  const { message } = App.useApp()
  const queryClient = useQueryClient()
  const [form] = Form.useForm<Values>()
  const [files, setFiles] = useState<StoredFileRef[]>([])
  const candidates = notice.findings.filter(
    (f) => (f.status === 'notified' || f.status === 'returned') && f.appeal === null,
  )
  const submit = useMutation({
    mutationFn: async (values: Values) =>
      unwrap(
        await api.POST('/api/v1/notices/{id}/appeals', {
          params: { path: { id: notice.id } },
          body: { ...values, fileIds: files.map((f) => f.id) },
        }),
      ),
    onSuccess: (next) => {
      queryClient.setQueryData(['notices', 'detail', notice.id], next)
      void queryClient.invalidateQueries({ queryKey: ['notices'] })
      void message.success(x.appealForm.submitted)
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
          <Space direction="vertical">
            <Upload
              showUploadList={false}
              customRequest={async ({ file, onSuccess, onError }) => {
                try {
                  const stored = await uploadNoticeFile(notice.id, file as File)
                  setFiles((current) => [...current, stored])
                  onSuccess?.(stored)
                } catch (error) {
                  void message.error(describeError(error))
                  onError?.(error as Error)
                }
              }}
            >
              <Button icon={<UploadOutlined />}>{x.rectify.upload}</Button>
            </Upload>
            {files.map((f) => (
              <Typography.Text key={f.id}>{f.originalName}</Typography.Text>
            ))}
          </Space>
        </Form.Item>
      </Form>
    </Modal>
  )
}
