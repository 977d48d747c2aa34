/**
 * The part of an Allure 2/3 `*-result.json` that post-processing reads or writes. Everything else in the file
 * is preserved untouched because results are read and rewritten as plain objects.
 */
export interface AllureLabel {
  name: string;
  value: string;
}

export interface AllureLink {
  name?: string;
  url: string;
  type?: string;
}

export interface AllureParameter {
  name: string;
  value: string;
  excluded?: boolean;
}

export interface AllureAttachmentRef {
  name: string;
  source: string;
  type?: string;
}

export interface AllureStatusDetails {
  message?: string;
  trace?: string;
  flaky?: boolean;
  [key: string]: unknown;
}

export interface AllureStep {
  name?: string;
  attachments?: AllureAttachmentRef[];
  steps?: AllureStep[];
  [key: string]: unknown;
}

export type AllureStatus = 'passed' | 'failed' | 'broken' | 'skipped' | 'unknown';

export interface AllureResult {
  uuid: string;
  name?: string;
  fullName?: string;
  historyId?: string;
  testCaseId?: string;
  status?: AllureStatus;
  statusDetails?: AllureStatusDetails;
  start?: number;
  stop?: number;
  labels?: AllureLabel[];
  links?: AllureLink[];
  parameters?: AllureParameter[];
  attachments?: AllureAttachmentRef[];
  steps?: AllureStep[];
  [key: string]: unknown;
}

/** One `*-result.json` on disk with its parsed content. */
export interface ResultFile {
  path: string;
  dir: string;
  result: AllureResult;
}
