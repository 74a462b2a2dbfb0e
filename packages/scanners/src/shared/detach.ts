// Strings cut from the streamed input (by saxes, trim, slice) are V8 "sliced strings" that keep the whole chunk
// they came from alive. A finding kept to the end would then pin its 1 MiB input chunk — the whole file, over a
// long report. Every string stored in a finding is therefore copied into a string of its own.

/** Below this length V8 copies substrings anyway (SlicedString::kMinLength is 13). */
const SLICE_MIN = 13

export function detach(text: string): string {
  return text.length < SLICE_MIN ? text : Buffer.from(text, 'utf8').toString('utf8')
}

export function detachOrNull(text: string | null | undefined): string | null {
  return text === null || text === undefined ? null : detach(text)
}
