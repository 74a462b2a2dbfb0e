import { PlusOutlined } from '@ant-design/icons'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import { App, Button, Card, DatePicker, Form, Input, Modal, Progress, Table, Tag } from 'antd'
import type { Dayjs } from 'dayjs'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router-dom'
import { api } from '../../api/client'
import { applyFieldErrors, describeError } from '../../api/errors'
import { useFullSession } from '../../auth/session'
import { beijingWallClockToIso, formatDateTime } from '../../lib/date-time'
import { RegionSelect } from '../regions/region-select'
import { REGISTRY_KEY, useCensusRounds, type CensusRound } from './registry-api'
import { REGISTRY_TEXTS } from './registry-texts'
import { useText } from './use-text'

type Values = { name: string; regionId?: string | null; deadline: Dayjs; notes?: string }

/** 资产普查: the rounds the caller takes part in or supervises; a regulator opens a new one. */
export default function CensusPage() {
  const text = useText(REGISTRY_TEXTS)
  const { user } = useFullSession()
  const { message } = App.useApp()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const [page, setPage] = useState(1)
  const [creating, setCreating] = useState(false)
  const [form] = Form.useForm<Values>()
  const rounds = useCensusRounds(page)
  const canCreate = user.role === 'admin' || user.role === 'regulator'

  const create = useMutation({
    mutationFn: async (values: Values) =>
      unwrap(
        await api.POST('/api/v1/census-rounds', {
          body: {
            name: values.name.trim(),
            deadline: beijingWallClockToIso(values.deadline),
            ...(values.regionId ? { regionId: values.regionId } : {}),
            notes: values.notes?.trim() || null,
          },
        }),
      ),
    onSuccess: async (round) => {
      await queryClient.invalidateQueries({ queryKey: REGISTRY_KEY })
      setCreating(false)
      navigate(`/census/${round.id}`)
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error)) void message.error(describeError(error))
    },
  })

  return (
    <Card
      title={text.census.title}
      extra={
        canCreate && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="census-create"
          >
            {text.census.create}
          </Button>
        )
      }
    >
      <Table<CensusRound>
        rowKey="id"
        loading={rounds.isFetching}
        dataSource={rounds.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: rounds.data?.total ?? 0, onChange: setPage }}
        columns={[
          {
            title: text.census.name,
            dataIndex: 'name',
            render: (_, r) => <Link to={`/census/${r.id}`}>{r.name}</Link>,
          },
          { title: text.census.region, dataIndex: 'regionName' },
          { title: text.census.deadline, dataIndex: 'deadline', render: (d: string) => formatDateTime(d) },
          {
            title: text.census.status,
            dataIndex: 'status',
            render: (s: string) => (
              <Tag color={s === 'open' ? 'processing' : 'default'}>{text.census.statuses[s]}</Tag>
            ),
          },
          {
            title: `${text.census.submitted} / ${text.census.participants}`,
            key: 'progress',
            width: 260,
            render: (_, r) => (
              <Progress
                percent={
                  r.summary.participants
                    ? Math.round((r.summary.submitted / r.summary.participants) * 100)
                    : 0
                }
                format={() => `${r.summary.submitted} / ${r.summary.participants}`}
              />
            ),
          },
        ]}
      />
      <Modal
        open={creating}
        title={text.census.create}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        okText={text.actions.save}
        cancelText={text.actions.cancel}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        <Form<Values> form={form} layout="vertical" onFinish={(values) => create.mutate(values)}>
          <Form.Item name="name" label={text.census.name} rules={[{ required: true, max: 100 }]}>
            <Input data-testid="census-name" />
          </Form.Item>
          <Form.Item name="regionId" label={text.census.region}>
            <RegionSelect />
          </Form.Item>
          <Form.Item name="deadline" label={text.census.deadline} rules={[{ required: true }]}>
            <DatePicker showTime style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="notes" label={text.assets.notes}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  )
}
