// The facilitator's fuzz cases (conformance/fuzz): listed here so that `list` and the clause check see
// them; they run with `--fuzz N` and skip otherwise.
import { fuzzCases } from '../../fuzz/cases.js'

export const cases = fuzzCases('facilitator')
