import { ApiError, type ApiErrorBody } from '@wangan/sdk'
import type { FormInstance } from 'antd'
import { describe, expect, it } from 'vitest'
import { i18n } from '../i18n'
import { applyFieldErrors, describeError } from './errors'

const apiError = (
  status: number,
  code: string,
  message: string,
  details?: ApiErrorBody['error']['details'],
) =>
  new ApiError(status, code, message, {
    error: { code, message, requestId: 'r1', ...(details ? { details } : {}) },
  })

describe('describeError', () => {
  it('says known codes in the current language', async () => {
    await i18n.changeLanguage('zh-CN')
    expect(
      describeError(apiError(401, 'INVALID_CREDENTIALS', '用户名或密码错误 (wrong username or password)')),
    ).toBe('用户名或密码错误。')
    await i18n.changeLanguage('en')
    expect(describeError(apiError(423, 'ACCOUNT_LOCKED', '…'))).toMatch(/^Too many failed attempts/)
    await i18n.changeLanguage('zh-CN')
  })

  it("keeps the server's own message where it names the exact problem", () => {
    expect(describeError(apiError(409, 'CONFLICT', '用户名 a1 已存在 (username taken)'))).toBe(
      '用户名 a1 已存在 (username taken)',
    )
  })

  it('recognises a network failure and anything else', () => {
    expect(describeError(new TypeError('Failed to fetch'))).toBe('无法连接服务器，请检查网络。')
    expect(describeError(new Error('?'))).toBe('操作失败。')
  })
})

describe('applyFieldErrors', () => {
  function fakeForm(fields: string[]) {
    const set: { name: string; errors: string[] }[] = []
    const form = {
      getFieldsError: () => fields.map((name) => ({ name: [name], errors: [], warnings: [] })),
      setFields: (entries: { name: string; errors: string[] }[]) => set.push(...entries),
    } as unknown as FormInstance
    return { form, set }
  }

  it('puts body.<field> details on the fields the form has', () => {
    const { form, set } = fakeForm(['newPassword', 'currentPassword'])
    const error = apiError(400, 'VALIDATION_FAILED', 'x', [
      { path: 'body.newPassword', message: '密码须包含符号' },
      { path: 'body.newPassword', message: '密码至少 8 个字符' },
      { path: 'body.somethingElse', message: 'ignored' },
    ])
    expect(applyFieldErrors(form, error)).toBe(true)
    expect(set).toEqual([{ name: 'newPassword', errors: ['密码须包含符号', '密码至少 8 个字符'] }])
  })

  it('reports false when nothing could be placed, so the caller shows a general message', () => {
    const { form, set } = fakeForm(['username'])
    expect(applyFieldErrors(form, apiError(409, 'CONFLICT', 'taken'))).toBe(false)
    expect(
      applyFieldErrors(
        form,
        apiError(400, 'VALIDATION_FAILED', 'x', [{ path: 'query.page', message: 'bad' }]),
      ),
    ).toBe(false)
    expect(set).toEqual([])
  })
})
