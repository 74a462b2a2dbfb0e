/**
 * Standard competition ranking ("1224"): equal values share the better rank and the next rank skips, e.g. totals
 * 90, 90, 80 rank 1, 1, 3. `better(a, b)` is negative when a ranks before b, 0 when they tie.
 */
export function competitionRanks<T>(values: readonly T[], better: (a: T, b: T) => number): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => better(a.value, b.value))
  const ranks: number[] = new Array<number>(values.length)
  order.forEach((entry, position) => {
    const previous = order[position - 1]
    ranks[entry.index] =
      previous && better(previous.value, entry.value) === 0
        ? (ranks[previous.index] ?? position + 1)
        : position + 1
  })
  return ranks
}
