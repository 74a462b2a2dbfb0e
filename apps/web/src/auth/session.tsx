// The session of the signed-in user, shared by every page: who they are, at which login stage, and what happens
// when the server ends the session (idle timeout, password reset, disabled account): back to the login page with a
// message. The session itself is an HttpOnly cookie; the page only ever sees /auth/me's answer.
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react'
import { api, lastApiCallAt, onApiError } from '../api/client'
import type { SessionInfo } from '../api/types'

export const SESSION_QUERY_KEY = ['session'] as const

/** Why the user is looking at the login page, when it was not their choice. */
export type SessionNotice = 'expired' | 'logged_out' | null

// A 403 with one of these codes means the login stage changed under us: ask the server where we stand.
const STAGE_CODES = new Set(['TOTP_REQUIRED', 'TOTP_ENROLMENT_REQUIRED', 'PASSWORD_CHANGE_REQUIRED'])
const IDLE_CHECK_EVERY_MS = 30_000

async function fetchSession(): Promise<SessionInfo | null> {
  const result = await api.GET('/api/v1/auth/me')
  if (result.response.status === 401) return null
  return unwrap(result)
}

type SessionContextValue = {
  session: SessionInfo | null
  isLoading: boolean
  notice: SessionNotice
  /** Store the answer of login, TOTP verify/enable (they return the new session). */
  acceptSession(session: SessionInfo): void
  refresh(): Promise<void>
  logout(): Promise<void>
  clearNotice(): void
}

const SessionContext = createContext<SessionContextValue | null>(null)

function forgetOtherQueries(queryClient: QueryClient) {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_QUERY_KEY[0] })
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient()
  const query = useQuery({
    queryKey: SESSION_QUERY_KEY,
    queryFn: fetchSession,
    staleTime: Infinity,
    retry: false,
    refetchOnWindowFocus: false,
  })
  const session = query.data ?? null
  const [notice, setNotice] = useState<SessionNotice>(null)
  const hadSession = useRef(false)
  hadSession.current = session !== null

  const endSession = useCallback(
    (why: SessionNotice) => {
      api.setCsrfToken(null)
      forgetOtherQueries(queryClient)
      queryClient.setQueryData(SESSION_QUERY_KEY, null)
      setNotice(why)
    },
    [queryClient],
  )

  useEffect(
    () =>
      onApiError((status, body) => {
        const code = body?.error.code
        if (status === 401 && code === 'UNAUTHENTICATED' && hadSession.current) endSession('expired')
        else if (status === 403 && code && STAGE_CODES.has(code))
          void queryClient.invalidateQueries({ queryKey: SESSION_QUERY_KEY })
      }),
    [endSession, queryClient],
  )

  // The server forgets a session after idleTimeoutMinutes without a request. When the page has been quiet that long,
  // one /auth/me call finds out; its 401 ends the session here too (see the listener above).
  const idleMinutes = session?.idleTimeoutMinutes
  useEffect(() => {
    if (!idleMinutes) return
    const timer = setInterval(() => {
      if (Date.now() - lastApiCallAt() > idleMinutes * 60_000) void api.GET('/api/v1/auth/me')
    }, IDLE_CHECK_EVERY_MS)
    return () => clearInterval(timer)
  }, [idleMinutes])

  const value = useMemo<SessionContextValue>(
    () => ({
      session,
      isLoading: query.isPending,
      notice,
      acceptSession(next) {
        if (session && session.user.id !== next.user.id) forgetOtherQueries(queryClient)
        queryClient.setQueryData(SESSION_QUERY_KEY, next)
        setNotice(null)
      },
      async refresh() {
        await queryClient.invalidateQueries({ queryKey: SESSION_QUERY_KEY })
      },
      async logout() {
        try {
          await api.POST('/api/v1/auth/logout')
        } finally {
          endSession('logged_out')
        }
      },
      clearNotice() {
        setNotice(null)
      },
    }),
    [session, query.isPending, notice, queryClient, endSession],
  )
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext)
  if (!value) throw new Error('useSession outside <SessionProvider>')
  return value
}

/** The signed-in user's session; only for components rendered behind <RequireSession>. */
export function useFullSession(): SessionInfo {
  const { session } = useSession()
  if (!session) throw new Error('useFullSession without a session')
  return session
}
