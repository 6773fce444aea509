import type { CellKind } from '../notebook/layout';
import type { CellSpec } from './cell';
import { ActivitiesCell } from './activities';
import { ActivityCell } from './activity';
import { CalendarCell } from './calendar';
import { DecouplingCell } from './decoupling';
import { EfficiencyCell } from './efficiency';
import { FitnessCell } from './fitness';
import { ForecastCell } from './forecast';
import { OverviewCell } from './overview';
import { PlanCell } from './plan';
import { PlanBuilderCell } from './planBuilder';
import { DeckCell } from './deck';
import { ReplanCell } from './replan';
import { ConsistencyCell } from './consistency';
import { PredictionsCell } from './predictions';
import { RecordsCell } from './records';
import { RecoveryCell } from './recovery';
import { RoutesCell } from './routes';
import { SqlCell } from './sql';
import { WeekCell } from './week';
import { ZonesCell } from './zones';

/**
 * Every kind of cell the notebook can hold, with what it reads: one line per kind, each spec
 * declared beside its cell (its `static spec`). A new kind is its file, its test, its name in
 * layout.ts CELL_KINDS and a line here (the type below fails until all three agree).
 */
export const CELLS: Readonly<Record<CellKind, CellSpec>> = {
  overview: OverviewCell.spec,
  fitness: FitnessCell.spec,
  plan: PlanCell.spec,
  'plan-builder': PlanBuilderCell.spec,
  deck: DeckCell.spec,
  replan: ReplanCell.spec,
  forecast: ForecastCell.spec,
  week: WeekCell.spec,
  calendar: CalendarCell.spec,
  decoupling: DecouplingCell.spec,
  zones: ZonesCell.spec,
  routes: RoutesCell.spec,
  efficiency: EfficiencyCell.spec,
  recovery: RecoveryCell.spec,
  records: RecordsCell.spec,
  predictions: PredictionsCell.spec,
  consistency: ConsistencyCell.spec,
  activities: ActivitiesCell.spec,
  activity: ActivityCell.spec,
  sql: SqlCell.spec,
};

/** An instance's title: the kind's, numbered from the second cell of a kind on ("Race forecast 2"). */
export function cellTitle(id: string, kind: CellKind): string {
  const n = /-(\d+)$/.exec(id)?.[1];
  return n ? `${CELLS[kind].title} ${n}` : CELLS[kind].title;
}
