import { useLayoutEffect, useRef } from 'react'
import { renderSafeMarkdown } from './safe-markdown'

type Props = { source: string; className?: string }

/** Shows untrusted Markdown (see safe-markdown.ts for what is allowed through). */
export function SafeMarkdown({ source, className }: Props) {
  const container = useRef<HTMLDivElement>(null)
  useLayoutEffect(() => {
    container.current?.replaceChildren(renderSafeMarkdown(source))
  }, [source])
  return <div ref={container} className={className ?? 'wangan-markdown'} />
}
