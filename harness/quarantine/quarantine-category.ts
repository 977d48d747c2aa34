/** Allure label carrying a quarantined test's reason; the "Quarantined" category matches on it. */
export const QUARANTINE_LABEL = 'quarantine';
/** Tag shown on a quarantined test's page in the report. */
export const QUARANTINE_TAG = 'quarantined';

/**
 * Allure 3 category rule for quarantined tests, whatever their status: it goes first in the categories list, so a
 * quarantined test's failure is filed here and not among the failures that count.
 */
export const QUARANTINE_CATEGORY = {
  id: 'maestro-quarantined',
  name: 'Quarantined',
  matchers: [{ labels: { [QUARANTINE_LABEL]: '.+' } }],
  expand: true,
} as const;
