import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import { Alert, Form, Input, Modal, Select } from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../../api/client'
import { applyFieldErrors, describeError } from '../../api/errors'
import type { CreateUserRequest, User } from '../../api/types'
import { ROLES, isOrganisationRole, isRegionRole, type Role } from '../../auth/roles'
import { OrganisationSelect } from '../organisations/organisation-select'
import { RegionSelect } from '../regions/region-select'

type Values = {
  username: string
  displayName: string
  role: Role
  regionId: string | null
  organisationId: string | null
  email: string
  mobile: string
}

type Props = {
  /** The user to edit, or null to create one. */
  user: User | null
  open: boolean
  onClose: () => void
  /** After a creation, with the generated initial password (shown once). */
  onCreated: (user: User, initialPassword: string | null) => void
}

const blankToNull = (value: string | undefined) => (value && value.trim() ? value.trim() : null)

export function UserFormModal({ user, open, onClose, onCreated }: Props) {
  const { t } = useTranslation(['users', 'common', 'nav'])
  const [form] = Form.useForm<Values>()
  const queryClient = useQueryClient()
  const [generalError, setGeneralError] = useState<string | null>(null)
  const role = Form.useWatch('role', form)
  const isEdit = user !== null

  useEffect(() => {
    if (!open) return
    setGeneralError(null)
    form.resetFields()
    if (user)
      form.setFieldsValue({
        username: user.username,
        displayName: user.displayName,
        role: user.role,
        regionId: user.regionId,
        organisationId: user.organisationId,
        email: user.email ?? '',
        mobile: user.mobile ?? '',
      })
  }, [open, user, form])

  const save = useMutation({
    mutationFn: async (values: Values) => {
      const organisationId = isOrganisationRole(values.role) ? (values.organisationId ?? null) : null
      // For organisation roles the server takes the region from the organisation.
      const regionId = isOrganisationRole(values.role) ? null : (values.regionId ?? null)
      const common = {
        displayName: values.displayName.trim(),
        role: values.role,
        regionId,
        organisationId,
        email: blankToNull(values.email),
        mobile: blankToNull(values.mobile),
      }
      if (user) {
        const updated = unwrap(
          await api.PATCH('/api/v1/users/{id}', {
            params: { path: { id: user.id } },
            body: { ...common, version: user.version },
          }),
        )
        return { user: updated, initialPassword: null }
      }
      const body: CreateUserRequest = { ...common, username: values.username.trim() }
      return unwrap(await api.POST('/api/v1/users', { body }))
    },
    onMutate: () => setGeneralError(null),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: ['users'] })
      if (!isEdit) onCreated(result.user, result.initialPassword)
      onClose()
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error)) setGeneralError(describeError(error))
    },
  })

  return (
    <Modal
      open={open}
      title={isEdit ? t('edit.title', { username: user.username }) : t('create.title')}
      okText={isEdit ? t('common:actions.save') : t('create.submit')}
      cancelText={t('common:actions.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      forceRender
    >
      {generalError && <Alert type="error" showIcon style={{ marginBottom: 16 }} message={generalError} />}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(values) => save.mutate(values)}
        initialValues={{ role: 'regulator', regionId: null, organisationId: null, email: '', mobile: '' }}
      >
        <Form.Item
          name="username"
          label={t('fields.username')}
          extra={isEdit ? undefined : t('create.usernameRule')}
          rules={[
            { required: true, message: t('create.usernameRequired') },
            { pattern: /^[a-z0-9][a-z0-9._-]{2,31}$/, message: t('create.usernameRule') },
          ]}
        >
          <Input disabled={isEdit} autoComplete="off" data-testid="user-username" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('fields.displayName')}
          rules={[{ required: true, whitespace: true, max: 64, message: t('create.displayNameRequired') }]}
        >
          <Input data-testid="user-display-name" />
        </Form.Item>
        <Form.Item name="role" label={t('fields.role')} rules={[{ required: true }]}>
          <Select
            data-testid="user-role"
            options={ROLES.map((r) => ({ value: r, label: t(`common:roles.${r}`) }))}
            onChange={(next: Role) => {
              if (!isOrganisationRole(next)) form.setFieldValue('organisationId', null)
            }}
          />
        </Form.Item>
        {role && isOrganisationRole(role) ? (
          <Form.Item
            name="organisationId"
            label={t('fields.organisation')}
            extra={t('create.organisationHint')}
            rules={[{ required: true, message: t('create.organisationRequired') }]}
          >
            <OrganisationSelect testId="user-organisation" />
          </Form.Item>
        ) : (
          <Form.Item
            name="regionId"
            label={t('fields.region')}
            extra={role && isRegionRole(role) ? t('create.regionHint') : undefined}
            rules={[{ required: Boolean(role && isRegionRole(role)), message: t('create.regionRequired') }]}
          >
            <RegionSelect testId="user-region" />
          </Form.Item>
        )}
        <Form.Item
          name="email"
          label={t('fields.email')}
          rules={[{ type: 'email', message: t('create.emailInvalid') }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="mobile"
          label={t('fields.mobile')}
          rules={[{ pattern: /^1[3-9]\d{9}$/, message: t('create.mobileInvalid') }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  )
}
