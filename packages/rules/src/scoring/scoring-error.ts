import { type z } from 'zod'

export type InputIssue = { path: string; message: string }

/** A snapshot, parameter or rule set that cannot be scored; every issue names the field (`findings[3].notifiedAt`). */
export class ScoringInputError extends Error {
  constructor(readonly issues: readonly InputIssue[]) {
    super(issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; '))
    this.name = 'ScoringInputError'
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`,
    )
    .join('')
}

export function issuesOf(error: z.ZodError, prefix: readonly PropertyKey[] = []): InputIssue[] {
  return error.issues.map((issue) => ({
    path: formatPath([...prefix, ...issue.path]),
    // Zod says "expected string, received undefined" for a missing field; say what the user must do.
    message: issue.message.replace(/^Invalid input: expected (\w+), received undefined$/, 'required ($1)'),
  }))
}

/** Parses with a zod schema, turning failures into a ScoringInputError naming each bad field. */
export function parseOrThrow<T>(
  schema: z.ZodType<T>,
  input: unknown,
  prefix: readonly PropertyKey[] = [],
): T {
  const result = schema.safeParse(input)
  if (!result.success) throw new ScoringInputError(issuesOf(result.error, prefix))
  return result.data
}
