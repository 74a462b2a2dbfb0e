// 城市网络安全评价: the evaluations of the regulator's region subtree; a new one chooses its scenario and scope.
import { PlusOutlined } from '@ant-design/icons'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import { Alert, App, Button, Form, Input, InputNumber, Modal, Select, Space, Table, Tag } from 'antd'
import dayjs from 'dayjs'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router-dom'
import { api } from '../../api/client'
import { applyFieldErrors, describeError } from '../../api/errors'
import { useFullSession } from '../../auth/session'
import { useText } from '../dengbao/use-text'
import { RegionSelect } from '../regions/region-select'
import { useEvaluations, useFramework, type CreateEvaluation, type EvaluationSummary } from './evaluation-api'
import { EVALUATION_TEXTS } from './evaluation-texts'

export const GRADE_COLOURS: Record<string, string> = {
  优秀: 'green',
  良好: 'blue',
  合格: 'gold',
  不合格: 'red',
}

export default function EvaluationsPage() {
  const x = useText(EVALUATION_TEXTS)
  const evaluations = useEvaluations()
  const [creating, setCreating] = useState(false)
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Button
        type="primary"
        icon={<PlusOutlined />}
        onClick={() => setCreating(true)}
        data-testid="evaluation-create"
      >
        {x.list.create}
      </Button>
      <Table<EvaluationSummary>
        rowKey="id"
        data-testid="evaluations"
        loading={evaluations.isPending}
        dataSource={evaluations.data?.items ?? []}
        locale={{ emptyText: x.list.empty }}
        pagination={false}
        columns={[
          {
            title: x.list.title,
            dataIndex: 'title',
            render: (title: string, e) => <Link to={`/evaluations/${e.id}`}>{title}</Link>,
          },
          { title: x.list.region, dataIndex: 'regionName' },
          { title: x.list.year, dataIndex: 'year' },
          { title: x.list.scenario, dataIndex: 'scenario', render: (s: string) => x.scenarios[s] },
          { title: x.list.scope, dataIndex: 'scope', render: (scope: string[]) => scope.join('、') },
          {
            title: x.list.status,
            dataIndex: 'status',
            render: (s: string) => (
              <Tag color={s === 'completed' ? 'success' : 'processing'}>{x.status[s]}</Tag>
            ),
          },
          { title: x.list.scaled, dataIndex: 'scaledTotal', render: (v: number | null) => v ?? '—' },
          {
            title: x.list.grade,
            dataIndex: 'grade',
            render: (g: string | null) => (g ? <Tag color={GRADE_COLOURS[g]}>{g}</Tag> : '—'),
          },
        ]}
      />
      {creating && <CreateModal onClose={() => setCreating(false)} />}
    </Space>
  )
}

type Values = {
  regionId: string
  year: number
  title: string
  scenario: CreateEvaluation['scenario']
  scope?: string[]
}

function CreateModal({ onClose }: { onClose: () => void }) {
  const x = useText(EVALUATION_TEXTS)
  const { user } = useFullSession()
  const framework = useFramework()
  const [form] = Form.useForm<Values>()
  const scenario = Form.useWatch('scenario', form)
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const { message } = App.useApp()
  const create = useMutation({
    mutationFn: async (v: Values) =>
      unwrap(
        await api.POST('/api/v1/evaluations', {
          body: {
            regionId: v.regionId,
            year: v.year,
            title: v.title,
            scenario: v.scenario,
            ...(v.scenario !== 'full' && v.scope?.length ? { scope: v.scope } : {}),
          },
        }),
      ),
    onSuccess: async (evaluation) => {
      await queryClient.invalidateQueries({ queryKey: ['evaluations'] })
      navigate(`/evaluations/${evaluation.id}`)
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e)) void message.error(describeError(e))
    },
  })
  const scopeOptions = (
    framework.data
      ? scenario === 'phased'
        ? [...framework.data.first, ...framework.data.second]
        : framework.data.first
      : []
  )
    .map((i) => ({ value: i.code, label: `${i.code} ${i.name}` }))
    .sort((a, b) => a.value.localeCompare(b.value, undefined, { numeric: true }))
  return (
    <Modal
      open
      title={x.create.title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={x.create.submit}
      confirmLoading={create.isPending}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ regionId: user.regionId ?? undefined, year: dayjs().year(), scenario: 'full' }}
        onFinish={(v) => create.mutate(v)}
      >
        <Form.Item
          name="regionId"
          label={x.list.region}
          rules={[{ required: true, message: x.create.required }]}
        >
          <RegionSelect allowClear={false} testId="evaluation-region" />
        </Form.Item>
        <Form.Item name="year" label={x.list.year} rules={[{ required: true }]}>
          <InputNumber min={2000} max={9999} />
        </Form.Item>
        <Form.Item name="title" label={x.list.title} rules={[{ required: true, message: x.create.required }]}>
          <Input maxLength={200} data-testid="evaluation-title" />
        </Form.Item>
        <Form.Item name="scenario" label={x.list.scenario} rules={[{ required: true }]}>
          <Select options={Object.entries(x.scenarios).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        {scenario !== 'full' && (
          <Form.Item
            name="scope"
            label={x.list.scope}
            rules={[{ required: true, message: x.create.required }]}
          >
            <Select mode="multiple" options={scopeOptions} />
          </Form.Item>
        )}
        <Alert type="info" message={x.create.scopeHint} />
      </Form>
    </Modal>
  )
}
