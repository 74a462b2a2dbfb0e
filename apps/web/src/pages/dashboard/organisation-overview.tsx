import { Alert, Card, Descriptions, List, Skeleton } from 'antd'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import { describeError } from '../../api/errors'
import { useOrganisation } from '../organisations/use-organisations'

/** For an organisation's own users: their organisation and its contacts. */
export function OrganisationOverview({ organisationId }: { organisationId: string }) {
  const { t } = useTranslation(['dashboard', 'common', 'nav', 'organisations', 'audit'])
  const organisation = useOrganisation(organisationId)
  if (organisation.isPending) return <Skeleton active />
  if (organisation.error) return <Alert type="error" showIcon message={describeError(organisation.error)} />
  const org = organisation.data
  return (
    <Card
      title={t('organisation.title')}
      extra={<Link to={`/organisations/${org.id}`}>{t('organisation.open')}</Link>}
      data-testid="my-organisation"
    >
      <Descriptions column={{ xs: 1, md: 2 }} size="small">
        <Descriptions.Item label={t('organisations:fields.name')}>{org.name}</Descriptions.Item>
        <Descriptions.Item label={t('organisations:fields.creditCode')}>{org.creditCode}</Descriptions.Item>
        <Descriptions.Item label={t('organisations:fields.category')}>
          {t(`organisations:category.${org.category}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('organisations:fields.status')}>
          {t(`organisations:status.${org.status}`)}
        </Descriptions.Item>
      </Descriptions>
      <List
        size="small"
        header={t('organisations:contacts.title')}
        dataSource={org.contacts}
        locale={{ emptyText: t('organisation.noContacts') }}
        renderItem={(contact) => (
          <List.Item>
            {t(`organisations:contacts.kinds.${contact.kind}`)}：{contact.name}
            {contact.mobile ? ` · ${contact.mobile}` : ''}
            {contact.email ? ` · ${contact.email}` : ''}
          </List.Item>
        )}
      />
    </Card>
  )
}
