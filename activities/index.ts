// Every side effect of the workflows lives here, built by a factory with injected dependencies.
import type { Database } from '../db/client';
import type { WorkingDayCalendar } from '../rules/calendar';
import type { JurisdictionTree } from '../rules/jurisdictions';
import { createDeadlineActivities } from './deadlines';
import { createShareRequestActivities } from './shareRequests';

export interface ActivityDeps {
  db: Database;
  calendar: WorkingDayCalendar;
  tree: JurisdictionTree;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createDeadlineActivities(deps),
    ...createShareRequestActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
