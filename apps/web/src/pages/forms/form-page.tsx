// One form: the liaison fills in the annex's fields (a draft may be incomplete; what is still missing is listed),
// attaches the stamped scan, and submits; the regulator reads it and may return it with a reason. Every text is
// shown as text.
import { DeleteOutlined, FileTextOutlined, UploadOutlined } from '@ant-design/icons'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Divider,
  Form as AntForm,
  Input,
  InputNumber,
  List,
  Modal,
  Select,
  Space,
  Tag,
  Typography,
  Upload,
} from 'antd'
import { useState } from 'react'
import { Link, useParams } from 'react-router-dom'
import { api } from '../../api/client'
import { applyFieldErrors, describeError } from '../../api/errors'
import { formatDateTime } from '../../lib/date-time'
import { useText } from '../campaigns/use-text'
import { uploadFormAttachment, useCampaignForms, useForm, type Form } from './forms-api'
import { FORMS_TEXTS } from './forms-texts'

type Values = Record<string, unknown> & { serviceCompanyIds?: string[] }

/** Drops empty strings and nulls, so that a draft carries only what was filled in. */
function clean(value: unknown): unknown {
  if (Array.isArray(value)) return value
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .map(([key, entry]) => [key, clean(entry)] as const)
      .filter(([, entry]) => entry !== undefined)
    return entries.length ? Object.fromEntries(entries) : undefined
  }
  if (value === null || value === '' || value === undefined) return undefined
  return value
}

const text = (max: number) => <Input maxLength={max} />
const area = (rows = 4) => <Input.TextArea rows={rows} maxLength={20_000} />
const count = <InputNumber min={0} precision={0} />
const date = <Input placeholder="YYYY-MM-DD" maxLength={10} style={{ width: 160 }} />

export default function FormPage() {
  const { id } = useParams()
  const query = useForm(id)
  const form = query.data
  if (query.isError)
    return (
      <Card>
        <Alert type="error" showIcon message={describeError(query.error)} />
      </Card>
    )
  if (!form) return <Card loading />
  return <FormEditor key={`${form.id}-${form.version}`} form={form} />
}

function FormEditor({ form }: { form: Form }) {
  const x = useText(FORMS_TEXTS)
  const f = x.form.fields
  const [antForm] = AntForm.useForm<Values>()
  const queryClient = useQueryClient()
  const campaignForms = useCampaignForms(
    form.canEdit && form.kind === 'self_inspection' ? form.campaignId : undefined,
  )
  const [returning, setReturning] = useState(false)
  const [reason, setReason] = useState('')
  const reload = async (id: string) => queryClient.invalidateQueries({ queryKey: ['forms', 'detail', id] })
  const refresh = async (next: Form) => {
    queryClient.setQueryData(['forms', 'detail', next.id], next)
    await queryClient.invalidateQueries({ queryKey: ['forms', 'campaign'] })
  }
  const body = (values: Values) => {
    const { serviceCompanyIds, ...content } = values
    return {
      version: form.version,
      content: (clean(content) ?? {}) as Record<string, unknown>,
      ...(form.kind === 'self_inspection' ? { serviceCompanyIds: serviceCompanyIds ?? [] } : {}),
    }
  }
  const save = useMutation({
    mutationFn: async (values: Values) =>
      unwrap(
        await api.PATCH('/api/v1/forms/{id}', { params: { path: { id: form.id } }, body: body(values) }),
      ),
    onSuccess: refresh,
    onError: (error) => applyFieldErrors(antForm, error),
  })
  const submit = useMutation({
    mutationFn: async (values: Values) => {
      const saved = unwrap(
        await api.PATCH('/api/v1/forms/{id}', { params: { path: { id: form.id } }, body: body(values) }),
      )
      return unwrap(
        await api.POST('/api/v1/forms/{id}/submit', {
          params: { path: { id: form.id } },
          body: { version: saved.version },
        }),
      )
    },
    onSuccess: refresh,
    onError: async (error) => {
      applyFieldErrors(antForm, error)
      await reload(form.id)
    },
  })
  const sendBack = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/forms/{id}/return', {
          params: { path: { id: form.id } },
          body: { version: form.version, reason },
        }),
      ),
    onSuccess: async (next) => {
      setReturning(false)
      await refresh(next)
    },
  })
  const upload = useMutation({
    mutationFn: (file: File) => uploadFormAttachment(form.id, file),
    onSuccess: refresh,
  })
  const remove = useMutation({
    mutationFn: async (attachmentId: string) =>
      unwrap(
        await api.DELETE('/api/v1/forms/{id}/attachments/{attachmentId}', {
          params: { path: { id: form.id, attachmentId } },
        }),
      ),
    onSuccess: refresh,
  })
  const error = save.error ?? submit.error ?? sendBack.error ?? upload.error ?? remove.error
  const readOnly = !form.canEdit
  const initial: Values = {
    ...form.content,
    ...(form.kind === 'self_inspection' ? { serviceCompanyIds: form.serviceCompanyIds } : {}),
    ...(form.kind === 'service_evaluation' && !form.content.evaluator
      ? { evaluator: { unitName: form.organisationName } }
      : {}),
  }
  return (
    <Card
      title={
        <Space wrap>
          <span data-testid="form-title">
            {form.organisationName} · {x.kinds[form.kind]}
          </span>
          <Tag
            color={form.status === 'submitted' ? 'green' : form.status === 'returned' ? 'red' : undefined}
            data-testid="form-status"
          >
            {x.status[form.status]}
          </Tag>
          {form.isLate && <Tag color="orange">{x.form.late}</Tag>}
        </Space>
      }
      extra={
        <Space>
          <Button icon={<FileTextOutlined />} href={`/api/v1/forms/${form.id}/document.docx`}>
            {x.form.docx}
          </Button>
          <Link to={`/campaigns/${form.campaignId}/forms`}>{x.form.back}</Link>
        </Space>
      }
    >
      <Descriptions size="small" column={2} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={x.deadline}>
          {form.dueAt ? formatDateTime(form.dueAt) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={x.submittedAt}>
          {form.submittedAt ? `${formatDateTime(form.submittedAt)} ${form.submittedByName ?? ''}` : '—'}
        </Descriptions.Item>
        {form.companyName && <Descriptions.Item label={x.company}>{form.companyName}</Descriptions.Item>}
        {form.overallScore !== null && (
          <Descriptions.Item label={x.score}>
            {form.overallScore}（{form.grade}）
          </Descriptions.Item>
        )}
      </Descriptions>
      {form.returnReason && form.status === 'returned' && (
        <Alert
          type="warning"
          showIcon
          message={`${x.form.returned}：${form.returnReason}`}
          style={{ marginBottom: 12 }}
        />
      )}
      {error && <Alert type="error" showIcon message={describeError(error)} style={{ marginBottom: 12 }} />}
      {form.canEdit && form.missing.length > 0 && (
        <Alert
          type="info"
          showIcon
          data-testid="form-missing"
          message={`${x.form.missing}：${form.missing.length}`}
          description={form.missing.map((m) => m.path.replace(/^content\./, '')).join('、')}
          style={{ marginBottom: 12 }}
        />
      )}
      <AntForm<Values> form={antForm} layout="vertical" initialValues={initial} disabled={readOnly}>
        {form.kind === 'self_inspection' && (
          <>
            <Divider orientation="left">{x.form.sections.organisation}</Divider>
            <Space wrap>
              <AntForm.Item name={['organisation', 'checkedUnits']} label={f.checkedUnits}>
                {count}
              </AntForm.Item>
              <AntForm.Item name={['organisation', 'checkedAssets']} label={f.checkedAssets}>
                {count}
              </AntForm.Item>
              <AntForm.Item name={['organisation', 'periodFrom']} label={f.periodFrom}>
                {date}
              </AntForm.Item>
              <AntForm.Item name={['organisation', 'periodTo']} label={f.periodTo}>
                {date}
              </AntForm.Item>
            </Space>
            <AntForm.Item name="serviceCompanyIds" label={x.form.serviceCompanies}>
              <Select
                mode="multiple"
                data-testid="service-companies"
                options={(
                  campaignForms.data?.companies ??
                  form.serviceCompanyIds.map((cid, i) => ({
                    id: cid,
                    name: form.serviceCompanyNames[i] ?? cid,
                  }))
                ).map((c) => ({
                  value: c.id,
                  label: c.name,
                }))}
              />
            </AntForm.Item>
            <AntForm.Item
              name={['organisation', 'otherServiceProviders']}
              label={x.form.otherServiceProviders}
            >
              {text(1000)}
            </AntForm.Item>
            <AntForm.Item name={['organisation', 'methods']} label={f.methods}>
              {area(2)}
            </AntForm.Item>
            <Divider orientation="left">{x.form.sections.problems}</Divider>
            <AntForm.Item name={['problems', 'management']} label={f.management}>
              {area()}
            </AntForm.Item>
            <Space wrap>
              <AntForm.Item name={['problems', 'vulnerabilities']} label={f.vulnerabilities}>
                {count}
              </AntForm.Item>
              <AntForm.Item name={['problems', 'intrusions']} label={f.intrusions}>
                {count}
              </AntForm.Item>
              <AntForm.Item name={['problems', 'dataLeaks']} label={f.dataLeaks}>
                {count}
              </AntForm.Item>
              <AntForm.Item name={['problems', 'damaged']} label={f.damaged}>
                {count}
              </AntForm.Item>
            </Space>
            <AntForm.Item name={['problems', 'technical']} label={f.technical}>
              {area()}
            </AntForm.Item>
            <Divider orientation="left">{x.form.sections.rectification}</Divider>
            <Space wrap>
              <AntForm.Item name={['rectification', 'rate']} label={f.rate}>
                <InputNumber min={0} max={100} />
              </AntForm.Item>
              <AntForm.Item name={['rectification', 'expectedCompletion']} label={f.expectedCompletion}>
                {date}
              </AntForm.Item>
            </Space>
            <AntForm.Item name={['rectification', 'progress']} label={f.progress}>
              {area()}
            </AntForm.Item>
            <Divider orientation="left">{x.form.sections.experience}</Divider>
            <AntForm.Item name="experience" label={f.experience}>
              {area()}
            </AntForm.Item>
          </>
        )}
        {form.kind === 'service_evaluation' && (
          <>
            <Space wrap>
              <AntForm.Item name={['evaluator', 'unitName']} label={f.unitName}>
                {text(200)}
              </AntForm.Item>
              <AntForm.Item name={['evaluator', 'address']} label={f.address}>
                {text(300)}
              </AntForm.Item>
              <AntForm.Item name={['evaluator', 'contactName']} label={f.contactName}>
                {text(50)}
              </AntForm.Item>
              <AntForm.Item name={['evaluator', 'mobile']} label={f.mobile}>
                {text(11)}
              </AntForm.Item>
            </Space>
            <Space wrap>
              <AntForm.Item name={['technical', 'validVulnerabilities']} label={f.validVulnerabilities}>
                {count}
              </AntForm.Item>
              {(['critical', 'high', 'medium', 'low'] as const).map((severity) => (
                <AntForm.Item key={severity} name={['technical', 'bySeverity', severity]} label={f[severity]}>
                  {count}
                </AntForm.Item>
              ))}
            </Space>
            <AntForm.Item name={['technical', 'adviceEffectiveness']} label={f.adviceEffectiveness}>
              {area(2)}
            </AntForm.Item>
            <AntForm.Item name={['response', 'responseTime']} label={f.responseTime}>
              {text(500)}
            </AntForm.Item>
            <AntForm.Item name={['response', 'effectiveWorkingTime']} label={f.effectiveWorkingTime}>
              {text(500)}
            </AntForm.Item>
            <AntForm.Item name={['response', 'effectiveTestRange']} label={f.effectiveTestRange}>
              {text(500)}
            </AntForm.Item>
            <AntForm.Item name={['response', 'manualEffort']} label={f.manualEffort}>
              {text(500)}
            </AntForm.Item>
            <AntForm.Item name={['compliance', 'violations']} label={f.violations}>
              {area(2)}
            </AntForm.Item>
            <AntForm.Item name={['compliance', 'disruption']} label={f.disruption}>
              {area(2)}
            </AntForm.Item>
            <AntForm.Item name="overallScore" label={f.overallScore} extra={x.form.gradeHint}>
              <InputNumber min={0} max={100} precision={0} data-testid="overall-score" />
            </AntForm.Item>
            <AntForm.Item name="remarks" label={f.remarks}>
              {area(2)}
            </AntForm.Item>
          </>
        )}
        {form.kind === 'work_summary' && (
          <>
            {(
              [
                ['deployment', f.deployment],
                ['organisation', f.organisationSummary],
                ['work', f.work],
                ['experience', f.experienceSummary],
                ['nextSteps', f.nextSteps],
                ['suggestions', f.suggestions],
              ] as const
            ).map(([name, label]) => (
              <AntForm.Item key={name} name={name} label={label}>
                {area()}
              </AntForm.Item>
            ))}
          </>
        )}
      </AntForm>
      <Divider orientation="left">{x.attachments}</Divider>
      <List
        size="small"
        dataSource={form.attachments}
        data-testid="form-attachments"
        renderItem={(a) => (
          <List.Item
            actions={
              form.canEdit
                ? [
                    <Button
                      key="remove"
                      size="small"
                      icon={<DeleteOutlined />}
                      onClick={() => remove.mutate(a.id)}
                    >
                      {x.form.remove}
                    </Button>,
                  ]
                : []
            }
          >
            <a
              href={`/api/v1/forms/${form.id}/attachments/${a.id}?inline=1`}
              target="_blank"
              rel="noreferrer"
            >
              {a.originalName}
            </a>
            <Typography.Text type="secondary"> {Math.ceil(a.size / 1024)} KB</Typography.Text>
          </List.Item>
        )}
      />
      {form.canEdit && (
        <Upload
          showUploadList={false}
          beforeUpload={(file) => {
            upload.mutate(file)
            return false
          }}
        >
          <Button icon={<UploadOutlined />} loading={upload.isPending} data-testid="form-upload">
            {x.form.upload}
          </Button>
        </Upload>
      )}
      <Divider />
      <Space>
        {form.canEdit && (
          <>
            <Button
              onClick={() => save.mutate(antForm.getFieldsValue(true))}
              loading={save.isPending}
              data-testid="form-save"
            >
              {x.form.saveDraft}
            </Button>
            <Button
              type="primary"
              loading={submit.isPending}
              data-testid="form-submit"
              onClick={() =>
                Modal.confirm({
                  title: x.form.submit,
                  content: x.form.confirmSubmit,
                  onOk: () => submit.mutateAsync(antForm.getFieldsValue(true)).catch(() => undefined),
                })
              }
            >
              {x.form.submit}
            </Button>
          </>
        )}
        {form.canReturn && (
          <Button danger onClick={() => setReturning(true)} data-testid="form-return">
            {x.form.return}
          </Button>
        )}
      </Space>
      <Modal
        open={returning}
        title={x.form.return}
        onCancel={() => setReturning(false)}
        onOk={() => sendBack.mutate()}
        okButtonProps={{ disabled: !reason.trim() }}
        confirmLoading={sendBack.isPending}
      >
        <Input.TextArea
          rows={3}
          placeholder={x.form.returnReason}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </Card>
  )
}
