import { SafetyCertificateTwoTone } from '@ant-design/icons'
import { Card, Flex, Typography } from 'antd'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { LanguageSwitch } from '../components/language-switch'

type Props = { title: string; children: ReactNode; extra?: ReactNode; width?: number }

/** The frame of the pages shown before the application itself: login, second factor, first password change. */
export function AuthCard({ title, children, extra, width = 420 }: Props) {
  const { t } = useTranslation()
  return (
    <div style={{ minHeight: '100vh', background: '#f0f2f5', display: 'flex', flexDirection: 'column' }}>
      <Flex justify="end" style={{ padding: 16 }}>
        <LanguageSwitch />
      </Flex>
      <Flex vertical align="center" style={{ flex: 1, paddingTop: '6vh' }}>
        <Flex align="center" gap={12} style={{ marginBottom: 24 }}>
          <SafetyCertificateTwoTone style={{ fontSize: 40 }} />
          <div>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('appName')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('appTagline')}</Typography.Text>
          </div>
        </Flex>
        <Card title={title} extra={extra} style={{ width, maxWidth: '92vw' }}>
          {children}
        </Card>
      </Flex>
    </div>
  )
}
