import type { BoardStage } from '../api/lifecycle';

/** Stages as the board shows them: a run of stages of one group (the AIDA prospect steps) together, the rest alone. */
export type StageBlock = { group: string; stages: BoardStage[]; count: number } | { group: null; stages: [BoardStage]; count: number };

export function stageBlocks(stages: readonly BoardStage[]): StageBlock[] {
  const blocks: StageBlock[] = [];
  for (const stage of stages) {
    const last = blocks.at(-1);
    if (stage.group !== null && last && last.group === stage.group) {
      last.stages.push(stage);
      last.count += stage.count;
    } else if (stage.group !== null) {
      blocks.push({ group: stage.group, stages: [stage], count: stage.count });
    } else {
      blocks.push({ group: null, stages: [stage], count: stage.count });
    }
  }
  return blocks;
}
