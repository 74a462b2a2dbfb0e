import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import { App, Form, Input, Modal, Select } from 'antd'
import { useEffect } from 'react'
import { api } from '../../api/client'
import { applyFieldErrors, describeError } from '../../api/errors'
import { useFullSession } from '../../auth/session'
import { OrganisationSelect } from '../organisations/organisation-select'
import { REGISTRY_KEY, type Asset, type CreateAsset } from './registry-api'
import { REGISTRY_TEXTS } from './registry-texts'
import { useText } from './use-text'

const TYPES = ['website', 'domain', 'ip', 'cloud', 'app', 'other'] as const

type Values = {
  organisationId: string
  type: CreateAsset['type']
  identifier: string
  name?: string
  ports?: string
  source?: 'self_reported' | 'discovered'
  notes?: string
}

type Props = {
  open: boolean
  asset?: Asset | null
  /** Registering for this organisation (its detail page). */
  organisationId?: string
  onClose(): void
  onSaved?(asset: Asset): void
}

const orNull = (value: string | undefined | null) => (value && value.trim() ? value.trim() : null)

/** "80, 443" → [80, 443]; the server checks the range and says which port is wrong. */
function parsePorts(text: string | undefined): number[] | null {
  const parts = (text ?? '').split(/[,，;；\s]+/).filter(Boolean)
  return parts.length ? parts.map((p) => Number(p)) : null
}

export function AssetFormModal({ open, asset, organisationId, onClose, onSaved }: Props) {
  const text = useText(REGISTRY_TEXTS)
  const { user } = useFullSession()
  const { message } = App.useApp()
  const queryClient = useQueryClient()
  const [form] = Form.useForm<Values>()
  const isRegulator = user.role === 'admin' || user.role === 'regulator'

  useEffect(() => {
    if (!open) return
    form.resetFields()
    form.setFieldsValue(
      asset
        ? {
            organisationId: asset.organisationId,
            type: asset.type,
            identifier: asset.identifier,
            name: asset.name ?? undefined,
            ports: asset.ports?.join(', '),
            notes: asset.notes ?? undefined,
          }
        : {
            organisationId: organisationId ?? user.organisationId ?? undefined,
            type: 'website',
            source: 'self_reported',
          },
    )
  }, [open, asset, organisationId, user.organisationId, form])

  const save = useMutation({
    mutationFn: async (values: Values) => {
      const fields = {
        organisationId: values.organisationId,
        type: values.type,
        identifier: values.identifier.trim(),
        name: orNull(values.name),
        ports: parsePorts(values.ports),
        notes: orNull(values.notes),
      }
      if (asset)
        return unwrap(
          await api.PATCH('/api/v1/assets/{id}', {
            params: { path: { id: asset.id } },
            body: { ...fields, version: asset.version },
          }),
        )
      return unwrap(
        await api.POST('/api/v1/assets', {
          body: { ...fields, ...(isRegulator && values.source ? { source: values.source } : {}) },
        }),
      )
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: REGISTRY_KEY })
      void message.success(text.common.saved)
      onSaved?.(saved)
      onClose()
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error)) void message.error(describeError(error))
    },
  })

  return (
    <Modal
      open={open}
      title={asset ? text.assets.edit : text.assets.create}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={text.actions.save}
      cancelText={text.actions.cancel}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={600}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(values) => save.mutate(values)}
        data-testid="asset-form"
      >
        <Form.Item name="organisationId" label={text.assets.organisation} rules={[{ required: true }]}>
          <OrganisationSelect />
        </Form.Item>
        <Form.Item name="type" label={text.assets.type} rules={[{ required: true }]}>
          <Select
            options={TYPES.map((type) => ({ value: type, label: text.assetTypes[type] }))}
            data-testid="asset-type"
          />
        </Form.Item>
        <Form.Item
          name="identifier"
          label={text.assets.identifier}
          extra={text.assets.identifierHelp}
          rules={[{ required: true, max: 2048 }]}
        >
          <Input data-testid="asset-identifier" />
        </Form.Item>
        <Form.Item name="name" label={text.assets.name}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="ports" label={text.assets.ports} extra={text.assets.portsHelp}>
          <Input placeholder="80, 443" />
        </Form.Item>
        {isRegulator && !asset && (
          <Form.Item name="source" label={text.assets.source}>
            <Select
              options={(['self_reported', 'discovered'] as const).map((s) => ({
                value: s,
                label: text.assetSources[s],
              }))}
            />
          </Form.Item>
        )}
        <Form.Item name="notes" label={text.assets.notes}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
