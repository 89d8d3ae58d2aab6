// Vietnamese labels for the values the backend sends. The tables are generated from the Rust
// `label_vi()` functions into bindings.ts; this module only gives them the names the pages use.
import {
  EVALUATION_STATUS_LABELS,
  LEVEL_DEFAULT_BLOCKS,
  LEVEL_LABELS,
  METHOD_LABELS,
  METHOD_SHORT,
  OUTCOME_LABELS,
  PAGE_KIND_LABELS,
} from './bindings';

export { LEVELS, METHODS, OUTCOMES } from './bindings';

export const levelLabel = LEVEL_LABELS;
export const defaultBlock = LEVEL_DEFAULT_BLOCKS;
export const methodLabel = METHOD_LABELS;
export const methodShort = METHOD_SHORT;
export const outcomeLabel = OUTCOME_LABELS;
export const statusLabel = EVALUATION_STATUS_LABELS;
export const pageKindLabel = PAGE_KIND_LABELS;
