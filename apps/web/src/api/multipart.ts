// A file upload through the generated client: openapi-fetch passes FormData through untouched when told to (the
// browser then sets the multipart boundary). Text fields go before the file, so the server can check them before it
// reads the file's bytes.

/** `body` and `bodySerializer` for `api.POST(…)`: the fields, then the file as `file`. */
export function multipartBody(file: File, fields: Record<string, string> = {}) {
  const form = new FormData()
  for (const [name, value] of Object.entries(fields)) form.append(name, value)
  form.append('file', file, file.name)
  return { body: form as never, bodySerializer: (value: unknown) => value as FormData }
}
