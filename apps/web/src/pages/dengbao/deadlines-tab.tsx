// The police set their region's deadlines for a year (seed 003 defaults otherwise) and the level-2 assessment cycle.
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import { Alert, App, Button, DatePicker, Form, InputNumber, Space } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useEffect, useState } from 'react'
import { api } from '../../api/client'
import { applyFieldErrors, describeError } from '../../api/errors'
import { useFullSession } from '../../auth/session'
import { RegionSelect } from '../regions/region-select'
import { useDeadlines } from './dengbao-api'
import { DENGBAO_TEXTS } from './dengbao-texts'
import { useText } from './use-text'

type Values = {
  gradingAndFiling: Dayjs
  assessment: Dayjs
  rectification: Dayjs
  level2IntervalMonths: number | null
}

export function DeadlinesTab() {
  const x = useText(DENGBAO_TEXTS)
  const { user } = useFullSession()
  const [year, setYear] = useState(dayjs().year())
  const [regionId, setRegionId] = useState<string | null>(user.regionId)
  const deadlines = useDeadlines(year, regionId ?? undefined)
  const [form] = Form.useForm<Values>()
  const queryClient = useQueryClient()
  const { message } = App.useApp()
  useEffect(() => {
    const d = deadlines.data
    if (d)
      form.setFieldsValue({
        gradingAndFiling: dayjs(d.gradingAndFiling),
        assessment: dayjs(d.assessment),
        rectification: dayjs(d.rectification),
        level2IntervalMonths: d.level2IntervalMonths,
      })
  }, [deadlines.data, form])
  const save = useMutation({
    mutationFn: async (values: Values) =>
      unwrap(
        await api.PUT('/api/v1/dengbao/deadlines', {
          body: {
            regionId: regionId ?? '',
            year,
            gradingAndFiling: values.gradingAndFiling.format('YYYY-MM-DD'),
            assessment: values.assessment.format('YYYY-MM-DD'),
            rectification: values.rectification.format('YYYY-MM-DD'),
            level2IntervalMonths: values.level2IntervalMonths ?? null,
          },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['dengbao'] })
      message.success(x.saved)
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e)) void message.error(describeError(e))
    },
  })
  const source = deadlines.data
    ? deadlines.data.regionId === null
      ? x.deadlines.defaults
      : deadlines.data.regionId === regionId
        ? x.deadlines.own
        : x.deadlines.inherited
    : ''
  return (
    <Space direction="vertical" style={{ maxWidth: 520, width: '100%' }} data-testid="dengbao-deadlines">
      <Space wrap>
        <RegionSelect value={regionId} onChange={setRegionId} allowClear={false} style={{ width: 260 }} />
        <InputNumber
          value={year}
          min={2000}
          max={9999}
          onChange={(v) => v && setYear(v)}
          addonBefore={x.deadlines.year}
        />
      </Space>
      <Alert type="info" showIcon message={`${x.deadlines.source}：${source}`} />
      <Form form={form} layout="vertical" onFinish={(values) => save.mutate(values)}>
        <Form.Item name="gradingAndFiling" label={x.deadlines.gradingAndFiling} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="assessment" label={x.deadlines.assessment} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="rectification" label={x.deadlines.rectification} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="level2IntervalMonths" label={x.deadlines.level2}>
          <InputNumber min={1} max={120} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {x.deadlines.save}
        </Button>
      </Form>
    </Space>
  )
}
