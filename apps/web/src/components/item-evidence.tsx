// The evidence of one checklist item — what was seen (a label and a reference) and files uploaded for it — with
// download links, removal and the form to record or upload more. Shared by the on-site inspection and the city
// evaluation pages; each page saves the list and uploads files through its own object. Every text is rendered as
// text (React escapes it): labels and file names are typed by users and may be hostile.
import { UploadOutlined } from '@ant-design/icons'
import { Button, Input, List, Space, Typography, Upload } from 'antd'
import { useState } from 'react'

export type EvidenceEntry = {
  label: string
  reference: string | null
  fileId: string | null
  fileName: string | null
}
/** An entry as the server takes it back: files are named by the id they were uploaded under. */
export type EvidenceInput = { label: string; reference: string | null; fileId: string | null }

export type EvidenceTexts = {
  evidence: string
  remove: string
  add: string
  label: string
  reference: string
  upload: string
}

export function evidenceInputs(entries: readonly EvidenceEntry[]): EvidenceInput[] {
  return entries.map(({ label, reference, fileId }) => ({ label, reference, fileId }))
}

export function ItemEvidence({
  entries,
  editable,
  texts,
  fileUrl,
  onSave,
  onUpload,
  testId,
}: {
  entries: EvidenceEntry[]
  editable: boolean
  texts: EvidenceTexts
  fileUrl: (fileId: string) => string
  /** saves the item's whole list */
  onSave: (next: EvidenceInput[]) => void
  /** uploads a file under the label typed (the file's name when none); true when it was stored */
  onUpload: (file: File, label: string) => Promise<boolean>
  testId?: string
}) {
  const [label, setLabel] = useState('')
  const [reference, setReference] = useState('')
  const upload = async (file: File) => {
    if (await onUpload(file, label.trim() || file.name)) setLabel('')
  }
  return (
    <>
      {entries.length > 0 && (
        <List
          size="small"
          header={texts.evidence}
          dataSource={entries}
          renderItem={(e, index) => (
            <List.Item
              actions={
                editable
                  ? [
                      <Button
                        key="remove"
                        size="small"
                        type="link"
                        onClick={() => onSave(evidenceInputs(entries.filter((_, n) => n !== index)))}
                      >
                        {texts.remove}
                      </Button>,
                    ]
                  : []
              }
            >
              {e.fileId ? <a href={fileUrl(e.fileId)}>{e.label}</a> : e.label}{' '}
              <Typography.Text type="secondary">
                {[e.reference, e.fileName].filter(Boolean).join(' · ')}
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
      {editable && (
        <Space.Compact style={{ width: '100%' }}>
          <Input
            placeholder={texts.label}
            value={label}
            maxLength={200}
            onChange={(e) => setLabel(e.target.value)}
          />
          <Input
            placeholder={texts.reference}
            value={reference}
            maxLength={500}
            onChange={(e) => setReference(e.target.value)}
          />
          <Button
            disabled={!label.trim()}
            data-testid={testId && `${testId}-add`}
            onClick={() => {
              onSave([
                ...evidenceInputs(entries),
                { label: label.trim(), reference: reference.trim() || null, fileId: null },
              ])
              setLabel('')
              setReference('')
            }}
          >
            {texts.add}
          </Button>
          <Upload showUploadList={false} beforeUpload={(file) => (void upload(file), false)}>
            <Button
              icon={<UploadOutlined />}
              title={texts.upload}
              data-testid={testId && `${testId}-upload`}
            />
          </Upload>
        </Space.Compact>
      )}
    </>
  )
}
