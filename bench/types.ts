/** One row of bench/results.json (DESIGN §9): ours versus a baseline measured in the same run. */
export type BenchResult = {
  name: string
  unit: string
  ours: number
  baseline: number | null
  baselineName: string | null
  /** ours / baseline (null when there is no baseline). */
  ratio: number | null
  higherIsBetter: boolean
  notes: string
}

/** A benchmark file `bench/<name>.bench.ts` default-exports one of these. */
export type Bench = () => Promise<BenchResult[]>

/** Builds a row, computing the ratio. */
export function result(r: Omit<BenchResult, 'ratio'>): BenchResult {
  return { ...r, ratio: r.baseline === null || r.baseline === 0 ? null : r.ours / r.baseline }
}
