import type { ReactNode } from 'react'
import { Navigate, useLocation } from 'react-router-dom'
import { FullPageSpin } from '../components/full-page-spin'
import { ForcedPasswordChangePage } from './forced-password-change-page'
import { useSession } from './session'
import { TotpEnrolmentPage } from './totp-enrolment-page'

/**
 * The gate in front of the application. In the order the server enforces them: logged in at all, second factor
 * entered, second factor set up when the role requires it, initial password replaced.
 */
export function RequireSession({ children }: { children: ReactNode }) {
  const { session, isLoading, notice } = useSession()
  const location = useLocation()
  if (isLoading) return <FullPageSpin />
  if (!session || session.stage === 'totp_pending') {
    // After a timeout, come back to the same page; after a deliberate logout, start from the dashboard.
    const state = notice === 'expired' ? { from: location.pathname + location.search } : undefined
    return <Navigate to="/login" state={state} replace />
  }
  if (session.stage === 'totp_enrol') return <TotpEnrolmentPage />
  if (session.mustChangePassword) return <ForcedPasswordChangePage />
  return children
}
