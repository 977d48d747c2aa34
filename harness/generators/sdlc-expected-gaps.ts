import type { SdlcPart, SdlcPhase } from './sdlc-parts.js';

/** engines/gaps's default bar for requirement documents (thresholds.ts, minRequirementDocs). */
const MIN_REQUIREMENT_DOCS = 5;
const PRODUCT_REQUIREMENT_DOCS = 3;

/**
 * The gap ids (engines/gaps `<phase>.<check>`, default roots and thresholds) each omitted part causes, given
 * what else is present. A part whose absence the validator cannot see (Kubernetes manifests are checked only
 * when their folder exists; a test plan or feature files are not required) maps to an empty list.
 */
export function expectedGapsOf(
  present: ReadonlySet<SdlcPart>,
  omitted: readonly SdlcPart[],
  stories: number,
): Partial<Record<SdlcPart, readonly string[]>> {
  const phaseOf = (part: SdlcPart): SdlcPhase => part.split('/')[0] as SdlcPhase;
  const phasePresent = (phase: SdlcPhase): boolean => [...present].some((p) => phaseOf(p) === phase);
  const requirementDocs =
    (present.has('requirements/user-stories') ? stories : 0) +
    (present.has('requirements/acceptance-criteria') ? 1 : 0) +
    (present.has('requirements/product-requirements') ? PRODUCT_REQUIREMENT_DOCS : 0);
  const out: Partial<Record<SdlcPart, readonly string[]>> = {};
  for (const part of omitted) {
    const phase = phaseOf(part);
    // The unit tests import backend modules, which are gone with the backend.
    const brokenTests =
      part === 'implementation/backend' && present.has('testing/unit') ? ['testing.test_imports_valid'] : [];
    if (!phasePresent(phase)) {
      out[part] = [`${phase}.${phase}_dir_exists`, ...brokenTests];
      continue;
    }
    const gaps: string[] = [];
    switch (part) {
      case 'requirements/user-stories':
      case 'requirements/product-requirements':
        gaps.push('requirements.key_requirement_documents');
        break;
      case 'design/architecture':
      case 'design/api-spec':
      case 'design/data-model':
        // 3 of the 4 key design documents are required and the generator writes exactly 3.
        gaps.push('design.key_design_documents');
        break;
      case 'implementation/backend':
        gaps.push('implementation.backend_exists', 'implementation.environment_example_exists', ...brokenTests);
        break;
      case 'implementation/frontend':
        gaps.push('implementation.frontend_exists');
        break;
      case 'testing/unit':
        gaps.push('testing.test_files_exist');
        break;
      case 'deployment/dockerfile':
        gaps.push('deployment.dockerfile_exists');
        break;
      case 'deployment/ci':
        gaps.push('deployment.ci_pipeline_exists');
        break;
      default:
        break;
    }
    if (phase === 'requirements' && requirementDocs < MIN_REQUIREMENT_DOCS)
      gaps.push('requirements.minimum_requirement_docs');
    out[part] = gaps;
  }
  return out;
}
