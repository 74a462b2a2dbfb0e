// The smallest real files of the kinds uploads accept, for tests that store and read back files (the file store types
// a file by its content, so these must be the genuine formats). The browser journeys use them too (e2e harness).

/** A 1×1 PNG. */
export const SAMPLE_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)

/** A one-page PDF; `note` (a PDF comment) makes PDFs that differ byte for byte. */
export function samplePdf(note?: string): Buffer {
  return Buffer.from(
    [
      '%PDF-1.4',
      ...(note ? [`% ${note}`] : []),
      '1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj',
      '2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj',
      '3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 200 200]>> endobj',
      'trailer <</Root 1 0 R>>',
      '%%EOF',
      '',
    ].join('\n'),
    'latin1',
  )
}

export const SAMPLE_PDF = samplePdf()
