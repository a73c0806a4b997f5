// Every side effect of the workflows lives here, built by a factory with injected dependencies.
import type { Database } from '../db/client';
import type { WorkingDayCalendar } from '../rules/calendar';
import { createDeadlineActivities } from './deadlines';

export interface ActivityDeps {
  db: Database;
  calendar: WorkingDayCalendar;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createDeadlineActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
