import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { App as AntApp, ConfigProvider } from 'antd'
import enUS from 'antd/es/locale/en_US'
import zhCN from 'antd/es/locale/zh_CN'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { BrowserRouter, Route, Routes } from 'react-router-dom'
import { ApiError } from './api/errors'
import LoginPage from './auth/login-page'
import { RequireSession } from './auth/require-session'
import { SessionProvider } from './auth/session'
import { ErrorBoundary } from './components/error-boundary'
import { i18n } from './i18n'
import { LANGUAGES } from './i18n/language'
import { AppLayout } from './layout/app-layout'
import { PageRoute } from './pages/page-route'
import { PAGES } from './pages/registry'
import { NotFoundPage } from './pages/system/not-found-page'

// Page titles live in the registry; they become the "nav" namespace so the menu goes through t() like every text.
for (const language of LANGUAGES)
  i18n.addResourceBundle(
    language,
    'nav',
    Object.fromEntries(PAGES.map((page) => [page.key, page.title[language]])),
    true,
    true,
  )

// Antd's own default stack has no CJK face named; Debian's Noto CJK comes first where it is installed.
const FONT_FAMILY =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Helvetica Neue', Arial, sans-serif"

function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A 4xx answer will not change by asking again; a network hiccup might.
        retry: (failures, error) => failures < 1 && !(error instanceof ApiError && error.status < 500),
        refetchOnWindowFocus: false,
        staleTime: 10_000,
      },
    },
  })
}

function Routing() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireSession>
            <AppLayout />
          </RequireSession>
        }
      >
        {PAGES.map((page) => (
          <Route key={page.key} path={page.path} element={<PageRoute page={page} />} />
        ))}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  )
}

export function App() {
  const [queryClient] = useState(createQueryClient)
  const { i18n: active } = useTranslation()
  return (
    <ConfigProvider
      locale={active.resolvedLanguage === 'en' ? enUS : zhCN}
      theme={{ token: { colorPrimary: '#1668dc', fontFamily: FONT_FAMILY } }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <SessionProvider>
              <ErrorBoundary>
                <Routing />
              </ErrorBoundary>
            </SessionProvider>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  )
}
