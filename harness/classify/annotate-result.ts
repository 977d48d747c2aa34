import type { AllureLabel, AllureLink, AllureResult } from './allure-result.js';

/** Label our categories match on; values are FailureClass names or 'regression'. */
export const FAILURE_CLASS_LABEL = 'failureClass';

/** Adds a label unless the same name/value pair is already there (post-processing may run twice). */
export function addLabelOnce(result: AllureResult, label: AllureLabel): void {
  const labels = (result.labels ??= []);
  if (!labels.some((l) => l.name === label.name && l.value === label.value)) labels.push(label);
}

/** Adds a link unless one with the same url is already there. */
export function addLinkOnce(result: AllureResult, link: AllureLink): void {
  const links = (result.links ??= []);
  if (!links.some((l) => l.url === link.url)) links.push(link);
}

/** The HTML id of a test's row in the trends view, derived from its stable key so links survive between runs. */
export function trendsAnchorOf(testKey: string): string {
  return `t-${testKey.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}
