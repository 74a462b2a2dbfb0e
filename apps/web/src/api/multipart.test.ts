import { describe, expect, it } from 'vitest'
import { multipartBody } from './multipart'

describe('multipartBody', () => {
  it('puts the text fields first and the file last, under the name "file"', () => {
    const file = new File(['%PDF-1.4'], '等级测评报告.pdf', { type: 'application/pdf' })
    const { body, bodySerializer } = multipartBody(file, { itemCode: '3.1.1.1', version: '2' })
    const form = bodySerializer(body)
    expect(form).toBeInstanceOf(FormData)
    expect([...form.keys()]).toEqual(['itemCode', 'version', 'file'])
    expect(form.get('itemCode')).toBe('3.1.1.1')
    const sent = form.get('file')
    expect(sent).toBeInstanceOf(File)
    expect((sent as File).name).toBe('等级测评报告.pdf')
  })

  it('sends the file alone when there are no fields', () => {
    const file = new File(['x'], 'a.txt')
    const { body, bodySerializer } = multipartBody(file)
    expect([...bodySerializer(body).keys()]).toEqual(['file'])
  })
})
