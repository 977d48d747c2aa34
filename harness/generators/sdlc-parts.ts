/* The parts of an SDLC project folder, shared by the project writer and the gap oracle. */

export type SdlcPhase = 'requirements' | 'design' | 'implementation' | 'testing' | 'deployment';

export const SDLC_PARTS = [
  'requirements/product-requirements',
  'requirements/user-stories',
  'requirements/acceptance-criteria',
  'design/architecture',
  'design/api-spec',
  'design/data-model',
  'implementation/backend',
  'implementation/frontend',
  'testing/unit',
  'testing/features',
  'testing/test-plan',
  'deployment/dockerfile',
  'deployment/ci',
  'deployment/kubernetes',
] as const;

export type SdlcPart = (typeof SDLC_PARTS)[number];
