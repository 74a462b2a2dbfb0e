// What the liaison's two reports on a notice share (整改报告 and 申诉): attachments uploaded to the notice first, then
// one submission that refreshes the notice, or field errors shown on the form.
import { UploadOutlined } from '@ant-design/icons'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { App, Button, Space, Typography, Upload, type FormInstance } from 'antd'
import { useState } from 'react'
import { applyFieldErrors, describeError } from '../../api/errors'
import { uploadNoticeFile, type NoticeDetail, type StoredFileRef } from '../notices/notice-api'

/** The submission of a report with the files attached so far; on success the notice is refreshed and the form reset. */
export function useNoticeReport<V>(options: {
  notice: NoticeDetail
  form: FormInstance<V>
  submitted: string
  onClose: () => void
  send: (values: V, fileIds: string[]) => Promise<NoticeDetail>
}) {
  const { notice, form, submitted, onClose, send } = options
  const { message } = App.useApp()
  const queryClient = useQueryClient()
  const [files, setFiles] = useState<StoredFileRef[]>([])
  const submit = useMutation({
    mutationFn: (values: V) =>
      send(
        values,
        files.map((f) => f.id),
      ),
    onSuccess: (next) => {
      queryClient.setQueryData(['notices', 'detail', notice.id], next)
      void queryClient.invalidateQueries({ queryKey: ['notices'] })
      void message.success(submitted)
      form.resetFields()
      setFiles([])
      onClose()
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error)) void message.error(describeError(error))
    },
  })
  const added = (file: StoredFileRef) => setFiles((current) => [...current, file])
  return { files, added, submit }
}

/** The upload button and the names of the files attached so far. */
export function NoticeReportFiles({
  noticeId,
  files,
  onAdded,
  uploadText,
  testId,
}: {
  noticeId: string
  files: StoredFileRef[]
  onAdded: (file: StoredFileRef) => void
  uploadText: string
  /** `<testId>-upload` on the button, `<testId>-file` on each name. */
  testId?: string
}) {
  const { message } = App.useApp()
  const [uploading, setUploading] = useState(false)
  return (
    <Space direction="vertical">
      <Upload
        showUploadList={false}
        customRequest={async ({ file, onSuccess, onError }) => {
          setUploading(true)
          try {
            const stored = await uploadNoticeFile(noticeId, file as File)
            onAdded(stored)
            onSuccess?.(stored)
          } catch (error) {
            void message.error(describeError(error))
            onError?.(error as Error)
          } finally {
            setUploading(false)
          }
        }}
      >
        <Button
          icon={<UploadOutlined />}
          loading={uploading}
          data-testid={testId ? `${testId}-upload` : undefined}
        >
          {uploadText}
        </Button>
      </Upload>
      {files.map((f) => (
        <Typography.Text key={f.id} data-testid={testId ? `${testId}-file` : undefined}>
          {f.originalName}
        </Typography.Text>
      ))}
    </Space>
  )
}
