// One error type with stable codes, mapped to HTTP statuses in exactly one place. Response bodies are always
// { error: { code, message, details?, requestId } }.
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  INVALID_JSON: 400,
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,
  TOTP_REQUIRED: 403,
  TOTP_ENROLMENT_REQUIRED: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  ILLEGAL_TRANSITION: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  ACCOUNT_LOCKED: 423,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const

export type ErrorCode = keyof typeof ERROR_STATUS

export type ErrorDetail = { path: string; message: string; code?: string }

export class AppError extends Error {
  readonly status: number
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[] | Record<string, unknown>,
  ) {
    super(message)
    this.name = 'AppError'
    this.status = ERROR_STATUS[code]
  }
}

export const notFound = (what = '对象 object') => new AppError('NOT_FOUND', `${what}不存在 (not found)`)
export const forbidden = (message = '无权执行此操作 (forbidden)') => new AppError('FORBIDDEN', message)
export const conflict = (
  message = '数据已被他人修改，请刷新后重试 (modified by someone else; reload and retry)',
) => new AppError('CONFLICT', message)
export const validationFailed = (details: ErrorDetail[], message?: string) =>
  new AppError(
    'VALIDATION_FAILED',
    message ?? details.map((d) => `${d.path}: ${d.message}`).join('; ') ?? '输入无效 (invalid input)',
    details,
  )
