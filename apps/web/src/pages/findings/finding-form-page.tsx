import { UploadOutlined } from '@ant-design/icons'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Result,
  Select,
  Space,
  Switch,
  Tabs,
  Upload,
  type UploadFile,
} from 'antd'
import { useEffect, useMemo, useState } from 'react'
import { useNavigate, useParams, useSearchParams } from 'react-router-dom'
import { api } from '../../api/client'
import { applyFieldErrors, describeError } from '../../api/errors'
import { SafeMarkdown } from '../../components/safe-markdown-view'
import { useCampaign, useCampaignTargets } from '../campaigns/campaign-api'
import { useText } from '../campaigns/use-text'
import { CvssCalculator } from './cvss-calculator'
import { uploadEvidence, useDraft, type SubmitFindingRequest } from './finding-api'
import { FINDING_TEXTS } from './finding-texts'

const KINDS = ['vulnerability', 'weak_password', 'intrusion_trace', 'data_leak', 'unreported_asset'] as const
const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const
const CATEGORIES = [
  'location_track',
  'communication_content',
  'credit',
  'property',
  'accommodation',
  'communication_records',
  'health',
  'transaction',
  'specific_identity',
  'biometric',
  'financial_account',
  'minor',
  'authentication',
  'other',
] as const

type Values = {
  kind: (typeof KINDS)[number]
  title: string
  target: string
  organisationId?: string | null
  descriptionMd: string
  reproductionMd?: string
  hasCvss: boolean
  cvssVector?: string
  severity?: (typeof SEVERITIES)[number]
  cve?: string[]
  cwe?: number | null
  webshellPaths?: string
  dataCategories?: (typeof CATEGORIES)[number][]
  recordCount?: number
  isSensitive?: boolean
}

function MarkdownField({
  value,
  onChange,
  testId,
  rows,
}: {
  value?: string
  onChange?: (v: string) => void
  testId: string
  rows: number
}) {
  const x = useText(FINDING_TEXTS)
  return (
    <Tabs
      size="small"
      items={[
        {
          key: 'write',
          label: 'Markdown',
          children: (
            <Input.TextArea
              rows={rows}
              value={value}
              onChange={(e) => onChange?.(e.target.value)}
              data-testid={testId}
            />
          ),
        },
        { key: 'preview', label: x.form.preview, children: <SafeMarkdown source={value ?? ''} /> },
      ]}
    />
  )
}

/** 提交漏洞: the tester's submission form, with the CVSS calculator and evidence upload. */
export default function FindingFormPage() {
  const { id: campaignId } = useParams()
  const [search] = useSearchParams()
  const importId = search.get('importId')
  const draftId = search.get('draftId')
  const x = useText(FINDING_TEXTS)
  const [form] = Form.useForm<Values>()
  const campaign = useCampaign(campaignId)
  const targets = useCampaignTargets(campaignId)
  const draft = useDraft(importId, draftId)
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const { message } = App.useApp()
  const [files, setFiles] = useState<UploadFile[]>([])
  const [error, setError] = useState<string | null>(null)
  // One key per form: a double click or a retried request returns the first finding instead of a second one.
  const clientRequestId = useMemo(() => crypto.randomUUID(), [])
  const kind = Form.useWatch('kind', form)
  const hasCvss = Form.useWatch('hasCvss', form)

  useEffect(() => {
    const d = draft.data
    if (!d) return
    form.setFieldsValue({
      kind: 'vulnerability',
      title: d.title,
      target: d.target,
      organisationId: d.organisationId,
      descriptionMd: d.solution ? `${d.description}\n\n**修复建议**\n\n${d.solution}` : d.description,
      reproductionMd: d.endpoints
        .map(
          (e) =>
            `- ${e.protocol ? `${e.protocol}://` : ''}${e.host}${e.port ? `:${e.port}` : ''}${e.path ? `/${e.path}` : ''}`,
        )
        .join('\n'),
      hasCvss: Boolean(d.cvssVector),
      cvssVector: d.cvssVector ?? '',
      severity: d.severity === 'info' ? 'low' : (d.severity as Values['severity']),
      cve: d.cve,
      cwe: d.cwe,
    })
  }, [draft.data, form])

  const submit = useMutation({
    mutationFn: async (v: Values) => {
      const body: SubmitFindingRequest = {
        kind: v.kind,
        title: v.title.trim(),
        target: v.target.trim(),
        descriptionMd: v.descriptionMd ?? '',
        reproductionMd: v.reproductionMd ?? '',
        clientRequestId,
        ...(v.organisationId ? { organisationId: v.organisationId } : {}),
        ...(v.hasCvss && v.cvssVector ? { cvssVector: v.cvssVector.trim() } : { severity: v.severity }),
        ...(v.cve?.length ? { cve: v.cve.map((c) => c.trim().toUpperCase()) } : {}),
        ...(v.cwe ? { cwe: v.cwe } : {}),
        ...(v.webshellPaths?.trim()
          ? {
              webshellPaths: v.webshellPaths
                .split('\n')
                .map((p) => p.trim())
                .filter(Boolean),
            }
          : {}),
        ...(v.kind === 'data_leak'
          ? {
              dataLeak: {
                categories: v.dataCategories ?? [],
                recordCount: v.recordCount ?? 0,
                ...(v.isSensitive !== undefined ? { isSensitive: v.isSensitive } : {}),
              },
            }
          : {}),
        ...(draftId ? { fromDraftId: draftId } : {}),
      }
      const result = unwrap(
        await api.POST('/api/v1/campaigns/{id}/findings', {
          params: { path: { id: campaignId ?? '' } },
          body,
        }),
      )
      const failed: string[] = []
      for (const f of files) {
        if (!f.originFileObj) continue
        try {
          await uploadEvidence(result.finding.id, f.originFileObj)
        } catch (e) {
          failed.push(`${f.name}: ${describeError(e)}`)
        }
      }
      return { ...result, failed }
    },
    onMutate: () => setError(null),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: ['findings'] })
      await queryClient.invalidateQueries({ queryKey: ['scan-imports'] })
      if (result.replayed) void message.info(x.form.replayed)
      else void message.success(x.form.submitted)
      for (const f of result.failed) void message.error(`${x.form.uploadFailed} ${f}`)
      navigate(`/findings/${result.finding.id}`)
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e)) setError(describeError(e))
    },
  })

  if (campaign.data && !campaign.data.canSubmit)
    return <Result status="warning" title={x.workspace.windowClosed} />

  return (
    <Card title={`${x.form.title}${draftId ? ` · ${x.form.fromDraft}` : ''} · ${campaign.data?.name ?? ''}`}>
      {error && (
        <Alert
          type="error"
          showIcon
          message={error}
          style={{ marginBottom: 16 }}
          data-testid="finding-error"
        />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          kind: 'vulnerability',
          hasCvss: true,
          cvssVector: '',
          severity: 'medium',
          descriptionMd: '',
        }}
        onFinish={(v) => submit.mutate(v)}
        style={{ maxWidth: 960 }}
      >
        <Space wrap size="large" align="start">
          <Form.Item name="kind" label={x.form.kind} rules={[{ required: true }]}>
            <Select
              style={{ width: 200 }}
              data-testid="finding-kind"
              options={KINDS.map((k) => ({ value: k, label: x.kind[k] }))}
            />
          </Form.Item>
          <Form.Item name="organisationId" label={x.form.organisation} extra={x.form.organisationHint}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              style={{ width: 320 }}
              data-testid="finding-organisation"
              options={(targets.data ?? []).map((t) => ({
                value: t.organisationId,
                label: t.organisationName,
              }))}
            />
          </Form.Item>
        </Space>
        <Form.Item
          name="title"
          label={x.form.titleField}
          rules={[{ required: true, whitespace: true, max: 200 }]}
        >
          <Input data-testid="finding-title" />
        </Form.Item>
        <Form.Item
          name="target"
          label={x.form.target}
          rules={[{ required: true, whitespace: true, max: 2048 }]}
        >
          <Input data-testid="finding-target" placeholder="https://www.example.gov.cn/login" />
        </Form.Item>
        <Form.Item
          name="descriptionMd"
          label={x.form.description}
          rules={[{ required: true, whitespace: true }]}
        >
          <MarkdownField testId="finding-description" rows={6} />
        </Form.Item>
        <Form.Item name="reproductionMd" label={x.form.reproduction}>
          <MarkdownField testId="finding-reproduction" rows={5} />
        </Form.Item>
        <Form.Item name="hasCvss" valuePropName="checked" label={x.form.cvss}>
          <Switch data-testid="finding-has-cvss" />
        </Form.Item>
        {hasCvss ? (
          <Form.Item name="cvssVector" rules={[{ required: true, message: x.form.cvss }]}>
            <CvssCalculator />
          </Form.Item>
        ) : (
          <Form.Item name="severity" label={x.form.severity} rules={[{ required: true }]}>
            <Select
              style={{ width: 160 }}
              data-testid="finding-severity"
              options={SEVERITIES.map((s) => ({ value: s, label: x.severity[s] }))}
            />
          </Form.Item>
        )}
        <Space wrap size="large" align="start">
          <Form.Item name="cve" label={x.form.cve}>
            <Select
              mode="tags"
              style={{ width: 320 }}
              tokenSeparators={[',', ' ']}
              data-testid="finding-cve"
            />
          </Form.Item>
          <Form.Item name="cwe" label={x.form.cwe}>
            <InputNumber min={1} max={100000} data-testid="finding-cwe" />
          </Form.Item>
        </Space>
        <Form.Item name="webshellPaths" label={x.form.webshell} extra={x.form.webshellHint}>
          <Input.TextArea rows={2} data-testid="finding-webshells" />
        </Form.Item>
        {kind === 'data_leak' && (
          <Space wrap size="large" align="start">
            <Form.Item name="dataCategories" label={x.form.dataCategories} rules={[{ required: true }]}>
              <Checkbox.Group options={CATEGORIES.map((c) => ({ value: c, label: x.dataCategory[c] }))} />
            </Form.Item>
            <Form.Item name="recordCount" label={x.form.recordCount} rules={[{ required: true }]}>
              <InputNumber min={0} data-testid="finding-records" />
            </Form.Item>
            <Form.Item name="isSensitive" label={x.form.sensitive} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Space>
        )}
        <Form.Item label={x.form.evidence}>
          <Upload
            multiple
            fileList={files}
            beforeUpload={() => false}
            onChange={({ fileList }) => setFiles(fileList)}
            data-testid="finding-evidence"
          >
            <Button icon={<UploadOutlined />}>{x.detail.addEvidence}</Button>
          </Upload>
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={submit.isPending} data-testid="finding-submit">
          {x.form.submit}
        </Button>
      </Form>
    </Card>
  )
}
