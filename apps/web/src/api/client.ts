// The one API client of the web app. Every call goes through the generated SDK; error answers are also announced to
// the listeners here, so the session layer can react to a 401 (idle timeout, revoked session) from any call.
import { createWanganClient, type ApiErrorBody } from '@wangan/sdk'

export type ApiErrorListener = (status: number, body: ApiErrorBody | null) => void

const listeners = new Set<ApiErrorListener>()
let lastCallAt = Date.now()

export const api = createWanganClient({
  fetch: (input, init) => {
    lastCallAt = Date.now()
    return fetch(input, init)
  },
  onError: (status, body) => {
    for (const listener of listeners) listener(status, body)
  },
})

export function onApiError(listener: ApiErrorListener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** When the page last talked to the server (the server's idle clock restarts with every call). */
export function lastApiCallAt(): number {
  return lastCallAt
}
