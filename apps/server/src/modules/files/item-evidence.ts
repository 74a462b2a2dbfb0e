// Evidence lists per checklist item (item code → entries), kept in a jsonb column of the owning object: the annual
// inspection and the city evaluation. Pure functions: the owning service checks access, locks its row, audits.
import { validationFailed } from '../../http/errors'
import type { TEvidenceInput, TEvidenceView } from './item-evidence.schemas'

/** An entry as stored: what was seen, optionally a stored file (files module) uploaded through the owning object. */
export type TStoredEvidence = {
  label: string
  reference: string | null
  fileId?: string | null
  fileName?: string | null
}
export type TEvidenceMap = Record<string, TStoredEvidence[]>

function filesOf(evidence: TEvidenceMap): TStoredEvidence[] {
  return Object.values(evidence).flatMap((list) => list.filter((e) => e.fileId))
}

/** Whether a stored file is listed as evidence of some item: the only files the owning object may hand out. */
export function listsEvidenceFile(evidence: TEvidenceMap, fileId: string): boolean {
  return filesOf(evidence).some((e) => e.fileId === fileId)
}

export function presentEvidence(evidence: TEvidenceMap): Record<string, TEvidenceView[]> {
  return Object.fromEntries(
    Object.entries(evidence).map(([code, list]) => [
      code,
      list.map((e) => ({
        label: e.label,
        reference: e.reference,
        fileId: e.fileId ?? null,
        fileName: e.fileName ?? null,
      })),
    ]),
  )
}

/**
 * Replaces the lists of the items named in `update` (null or an empty list removes an item's evidence). A file may
 * only be one already uploaded through the same object — its stored name is kept; any other id is refused (400).
 */
export function applyEvidenceUpdate(
  current: TEvidenceMap,
  update: Record<string, TEvidenceInput[] | null>,
  foreignMessage: (fileId: string) => string,
): TEvidenceMap {
  const names = new Map(filesOf(current).map((e) => [e.fileId!, e.fileName ?? null]))
  const foreign = Object.values(update)
    .flatMap((list) => (list ?? []).flatMap((e) => (e.fileId ? [e.fileId] : [])))
    .filter((fileId) => !names.has(fileId))
  if (foreign.length)
    throw validationFailed(
      foreign.map((fileId) => ({ path: 'body.evidence', message: foreignMessage(fileId) })),
    )
  const evidence = { ...current }
  for (const [code, list] of Object.entries(update))
    if (list === null || list.length === 0) delete evidence[code]
    else
      evidence[code] = list.map((e) => ({
        ...e,
        fileName: e.fileId ? (names.get(e.fileId) ?? null) : null,
      }))
  return evidence
}

/** The evidence with one more entry at the end of an item's list. */
export function withEvidence(current: TEvidenceMap, itemCode: string, entry: TStoredEvidence): TEvidenceMap {
  return { ...current, [itemCode]: [...(current[itemCode] ?? []), entry] }
}

/** An item's evidence in one line of a report: label, reference and file name of each entry. */
export function evidenceLine(list: readonly TEvidenceView[] | undefined): string {
  return (list ?? []).map((e) => [e.label, e.reference, e.fileName].filter(Boolean).join(' ')).join('；')
}

/** The notes column of a report: the notes, then 证据：… on a line of its own. */
export function notesWithEvidence(
  notes: string | undefined,
  list: readonly TEvidenceView[] | undefined,
): string {
  const evidence = evidenceLine(list)
  return [notes, evidence ? `证据：${evidence}` : ''].filter(Boolean).join('\n')
}
