import { PlusOutlined } from '@ant-design/icons'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import {
  App,
  Button,
  Card,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { FilterActions } from '../../components/filter-actions'
import { Link } from 'react-router-dom'
import { api } from '../../api/client'
import { describeError } from '../../api/errors'
import type { User, UserQuery } from '../../api/types'
import { ROLES } from '../../auth/roles'
import { useFullSession } from '../../auth/session'
import { OneTimeSecret } from '../../components/one-time-secret'
import { RoleTag } from '../../components/role-tag'
import { formatDateTime } from '../../lib/date-time'
import { RegionSelect } from '../regions/region-select'
import { regionTrail } from '../regions/region-tree'
import { useRegions } from '../regions/use-regions'
import { OrganisationSelect } from '../organisations/organisation-select'
import { useOrganisation } from '../organisations/use-organisations'
import { UserFormModal } from './user-form-modal'

type Filters = Pick<UserQuery, 'q' | 'role' | 'regionId' | 'organisationId' | 'disabled'>
type SecretShown = { title: string; username: string; secret: string }

function OrganisationName({ id }: { id: string }) {
  const organisation = useOrganisation(id)
  return <Link to={`/organisations/${id}`}>{organisation.data?.name ?? '…'}</Link>
}

/** 用户管理 — the administrator's list of accounts and what can be done to each. */
export default function UsersPage() {
  const { t } = useTranslation(['users', 'common', 'nav'])
  const { message } = App.useApp()
  const { user: me } = useFullSession()
  const queryClient = useQueryClient()
  const regions = useRegions()
  const [filterForm] = Form.useForm<Filters>()
  const [filters, setFilters] = useState<Filters>({})
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(20)
  const [editing, setEditing] = useState<User | null>(null)
  const [formOpen, setFormOpen] = useState(false)
  const [secret, setSecret] = useState<SecretShown | null>(null)

  const query: UserQuery = { ...filters, page, pageSize }
  const list = useQuery({
    queryKey: ['users', 'list', query],
    queryFn: async () => unwrap(await api.GET('/api/v1/users', { params: { query } })),
    placeholderData: (previous) => previous,
  })

  const refresh = () => queryClient.invalidateQueries({ queryKey: ['users'] })
  const onFailure = (error: unknown) => void message.error(describeError(error))

  const setDisabled = useMutation({
    mutationFn: async ({ user, disabled }: { user: User; disabled: boolean }) =>
      unwrap(
        disabled
          ? await api.POST('/api/v1/users/{id}/disable', { params: { path: { id: user.id } } })
          : await api.POST('/api/v1/users/{id}/enable', { params: { path: { id: user.id } } }),
      ),
    onSuccess: async (user) => {
      void message.success(user.isDisabled ? t('actions.disabled') : t('actions.enabled'))
      await refresh()
    },
    onError: onFailure,
  })
  const resetPassword = useMutation({
    mutationFn: async (user: User) =>
      unwrap(
        await api.POST('/api/v1/users/{id}/reset-password', { params: { path: { id: user.id } }, body: {} }),
      ),
    onSuccess: async ({ user, temporaryPassword }) => {
      setSecret({ title: t('resetPassword.done'), username: user.username, secret: temporaryPassword })
      await refresh()
    },
    onError: onFailure,
  })
  const resetTotp = useMutation({
    mutationFn: async (user: User) =>
      unwrap(await api.POST('/api/v1/users/{id}/reset-totp', { params: { path: { id: user.id } } })),
    onSuccess: async () => {
      void message.success(t('resetTotp.done'))
      await refresh()
    },
    onError: onFailure,
  })

  const applyFilters = (values: Filters) => {
    setFilters(
      Object.fromEntries(
        Object.entries(values).filter(([, v]) => v !== undefined && v !== null && v !== ''),
      ) as Filters,
    )
    setPage(1)
  }

  return (
    <Card
      title={t('nav:users')}
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          data-testid="user-create"
          onClick={() => {
            setEditing(null)
            setFormOpen(true)
          }}
        >
          {t('create.button')}
        </Button>
      }
    >
      <Form<Filters>
        form={filterForm}
        layout="inline"
        onFinish={applyFilters}
        style={{ marginBottom: 16, rowGap: 8 }}
      >
        <Form.Item name="q">
          <Input placeholder={t('filters.q')} allowClear style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="role">
          <Select
            allowClear
            placeholder={t('filters.role')}
            style={{ width: 160 }}
            options={ROLES.map((r) => ({ value: r, label: t(`common:roles.${r}`) }))}
          />
        </Form.Item>
        <Form.Item name="regionId">
          <RegionSelect placeholder={t('filters.region')} style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="organisationId" style={{ minWidth: 200 }}>
          <OrganisationSelect />
        </Form.Item>
        <Form.Item name="disabled">
          <Select
            allowClear
            placeholder={t('filters.status')}
            style={{ width: 120 }}
            options={[
              { value: 'false', label: t('status.active') },
              { value: 'true', label: t('status.disabled') },
            ]}
          />
        </Form.Item>
        <FilterActions
          onReset={() => {
            filterForm.resetFields()
            applyFilters({})
          }}
        />
      </Form>

      <Table<User>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1100 }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common:table.total', { total }),
          onChange: (nextPage, nextSize) => {
            setPage(nextPage)
            setPageSize(nextSize)
          },
        }}
        columns={[
          {
            title: t('fields.username'),
            dataIndex: 'username',
            render: (_, u) => <Typography.Text code>{u.username}</Typography.Text>,
          },
          { title: t('fields.displayName'), dataIndex: 'displayName' },
          { title: t('fields.role'), dataIndex: 'role', render: (_, u) => <RoleTag role={u.role} /> },
          {
            title: t('fields.scope'),
            key: 'scope',
            render: (_, u) =>
              u.organisationId ? (
                <OrganisationName id={u.organisationId} />
              ) : (
                regionTrail(regions.data ?? [], u.regionId)
              ),
          },
          {
            title: t('fields.status'),
            key: 'status',
            render: (_, u) => (
              <Space size={4} wrap>
                {u.isDisabled ? (
                  <Tag>{t('status.disabled')}</Tag>
                ) : (
                  <Tag color="green">{t('status.active')}</Tag>
                )}
                {u.lockedUntil && new Date(u.lockedUntil) > new Date() && (
                  <Tag color="red">{t('status.locked')}</Tag>
                )}
                {u.mustChangePassword && <Tag color="orange">{t('status.mustChangePassword')}</Tag>}
                {u.totpEnabled && <Tag color="blue">{t('status.totp')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('fields.lastLoginAt'),
            dataIndex: 'lastLoginAt',
            render: (_, u) => formatDateTime(u.lastLoginAt),
          },
          {
            title: t('common:table.actions'),
            key: 'actions',
            fixed: 'right',
            render: (_, u) => (
              <Space size={0} wrap>
                <Button
                  type="link"
                  size="small"
                  onClick={() => {
                    setEditing(u)
                    setFormOpen(true)
                  }}
                >
                  {t('common:actions.edit')}
                </Button>
                {u.id !== me.id && (
                  <Popconfirm
                    title={u.isDisabled ? t('actions.confirmEnable') : t('actions.confirmDisable')}
                    okText={t('common:actions.confirm')}
                    cancelText={t('common:actions.cancel')}
                    onConfirm={() =>
                      setDisabled.mutateAsync({ user: u, disabled: !u.isDisabled }).catch(() => undefined)
                    }
                  >
                    <Button type="link" size="small" danger={!u.isDisabled}>
                      {u.isDisabled ? t('actions.enable') : t('actions.disable')}
                    </Button>
                  </Popconfirm>
                )}
                <Popconfirm
                  title={t('resetPassword.confirm')}
                  okText={t('common:actions.confirm')}
                  cancelText={t('common:actions.cancel')}
                  onConfirm={() => resetPassword.mutateAsync(u).catch(() => undefined)}
                >
                  <Button type="link" size="small">
                    {t('resetPassword.button')}
                  </Button>
                </Popconfirm>
                {u.totpEnabled && (
                  <Popconfirm
                    title={t('resetTotp.confirm')}
                    okText={t('common:actions.confirm')}
                    cancelText={t('common:actions.cancel')}
                    onConfirm={() => resetTotp.mutateAsync(u).catch(() => undefined)}
                  >
                    <Button type="link" size="small">
                      {t('resetTotp.button')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />

      <UserFormModal
        user={editing}
        open={formOpen}
        onClose={() => setFormOpen(false)}
        onCreated={(user, initialPassword) => {
          if (initialPassword)
            setSecret({ title: t('create.done'), username: user.username, secret: initialPassword })
          else void message.success(t('create.doneWithoutPassword'))
        }}
      />

      <Modal
        open={secret !== null}
        title={secret?.title}
        onCancel={() => setSecret(null)}
        footer={
          <Button type="primary" onClick={() => setSecret(null)} data-testid="secret-close">
            {t('common:actions.close')}
          </Button>
        }
      >
        {secret && (
          <Flex vertical gap={12}>
            <Typography.Text>{t('passwordFor', { username: secret.username })}</Typography.Text>
            <OneTimeSecret value={secret.secret} testId="one-time-password" />
          </Flex>
        )}
      </Modal>
    </Card>
  )
}
