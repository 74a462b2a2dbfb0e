import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import {
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Space,
  Tag,
  Typography,
  type ButtonProps,
} from 'antd'
import { useState } from 'react'
import { Link } from 'react-router-dom'
import { api } from '../../api/client'
import { describeError } from '../../api/errors'
import { useFullSession } from '../../auth/session'
import { formatDateTime } from '../../lib/date-time'
import { useText } from '../campaigns/use-text'
import { FINDING_TEXTS, SEVERITY_COLOURS } from '../findings/finding-texts'
import { evidenceUrl, noticeFileUrl, useRetestQueue, type RetestItem } from '../notices/notice-api'
import { NOTICE_TEXTS } from '../notices/notice-texts'

/** 复测队列: each submitted rectification with the report, the scripts confirmed removed and the tester's original
 * evidence; the retester passes it (fix time = the report's time) or returns it with a reason. */
export default function RetestQueuePage() {
  const x = useText(NOTICE_TEXTS)
  const f = useText(FINDING_TEXTS)
  const { user } = useFullSession()
  const { message } = App.useApp()
  const queryClient = useQueryClient()
  const queue = useRetestQueue()
  const [returning, setReturning] = useState<RetestItem | null>(null)
  const [form] = Form.useForm<{ reason: string }>()
  const record = useMutation({
    mutationFn: async (input: { item: RetestItem; result: 'fixed' | 'not_fixed'; reason?: string }) =>
      unwrap(
        await api.POST('/api/v1/retests', {
          body: {
            findingId: input.item.findingId,
            result: input.result,
            version: input.item.version,
            ...(input.reason ? { reason: input.reason } : {}),
          },
        }),
      ),
    onSuccess: () => {
      void message.success(x.retests.recorded)
      setReturning(null)
      form.resetFields()
      void queryClient.invalidateQueries({ queryKey: ['notices'] })
      void queryClient.invalidateQueries({ queryKey: ['findings'] })
    },
    onError: (error) => void message.error(describeError(error)),
  })
  const canRecord = user.role === 'retester'
  return (
    <Card title={x.retests.title} loading={queue.isPending}>
      <List
        dataSource={queue.data?.items ?? []}
        locale={{ emptyText: <Empty description={x.retests.empty} /> }}
        renderItem={(item) => (
          <List.Item
            data-testid="retest-item"
            actions={
              canRecord
                ? [
                    <Button
                      key="fixed"
                      type="primary"
                      loading={record.isPending}
                      onClick={() => record.mutate({ item, result: 'fixed' })}
                      data-testid="retest-fixed"
                    >
                      {x.retests.fixed}
                    </Button>,
                    <Button
                      key="not-fixed"
                      danger
                      onClick={() => setReturning(item)}
                      data-testid="retest-not-fixed"
                    >
                      {x.retests.notFixed}
                    </Button>,
                  ]
                : []
            }
          >
            <Space direction="vertical" size={4} style={{ width: '100%' }}>
              <Space wrap>
                <Link to={`/findings/${item.findingId}`} data-testid="retest-finding">
                  {item.findingTitle}
                </Link>
                <Tag color={SEVERITY_COLOURS[item.severity]}>{f.severity[item.severity]}</Tag>
                <Typography.Text type="secondary">
                  {item.organisationName} ·{' '}
                  <Link to={`/notices/${item.noticeId}`}>{item.documentNumber}</Link>
                </Typography.Text>
                {item.notFixedRetests > 0 && (
                  <Tag color="red">{`${x.detail.returns} ${item.notFixedRetests}`}</Tag>
                )}
              </Space>
              <Typography.Text code>{item.target}</Typography.Text>
              <Typography.Text type="secondary">
                {x.retests.reportedAt}: {formatDateTime(item.report.submittedAt)} ·{' '}
                {item.report.submittedByName}
              </Typography.Text>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                {item.report.summaryMd}
              </Typography.Paragraph>
              {item.report.removedWebshellPaths.length > 0 && (
                <Space wrap>
                  <Typography.Text type="secondary">{x.retests.removed}:</Typography.Text>
                  {item.report.removedWebshellPaths.map((p) => (
                    <Typography.Text key={p} code>
                      {p}
                    </Typography.Text>
                  ))}
                </Space>
              )}
              <Space wrap>
                {item.report.files.map((file) => (
                  <a
                    key={file.id}
                    href={noticeFileUrl(item.noticeId, file.id, true)}
                    target="_blank"
                    rel="noreferrer"
                  >
                    {file.originalName}
                  </a>
                ))}
              </Space>
              {item.evidence.length > 0 && (
                <Space wrap>
                  <Typography.Text type="secondary">{x.retests.evidence}:</Typography.Text>
                  {item.evidence.map((e) => (
                    <a key={e.id} href={evidenceUrl(item.findingId, e.id)} target="_blank" rel="noreferrer">
                      {e.originalName}
                    </a>
                  ))}
                </Space>
              )}
              {item.previousRetests.map((p) => (
                <Typography.Text key={p.id} type="secondary">
                  {x.retests.previous}: {formatDateTime(p.createdAt)} · {p.retesterName} · {p.reason}
                </Typography.Text>
              ))}
            </Space>
          </List.Item>
        )}
      />
      <Modal
        open={returning !== null}
        title={`${x.retests.notFixed}：${returning?.findingTitle ?? ''}`}
        onCancel={() => setReturning(null)}
        onOk={() => form.submit()}
        okButtonProps={
          { danger: true, loading: record.isPending, 'data-testid': 'retest-return-submit' } as ButtonProps
        }
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(v: { reason: string }) =>
            returning && record.mutate({ item: returning, result: 'not_fixed', reason: v.reason })
          }
        >
          <Form.Item
            name="reason"
            label={x.retests.reason}
            rules={[{ required: true, message: x.retests.reasonRequired }]}
          >
            <Input.TextArea rows={3} maxLength={5000} data-testid="retest-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  )
}
