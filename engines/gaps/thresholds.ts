/**
 * Where each phase lives inside a workflow folder (relative paths). Defaults follow the original layout.
 */
export interface WorkflowRoots {
  readonly requirements: string;
  readonly design: string;
  readonly implementation: string;
  readonly backend: string;
  readonly frontend: string;
  readonly testing: string;
  readonly deployment: string;
}

export const DEFAULT_ROOTS: WorkflowRoots = {
  requirements: 'requirements',
  design: 'design',
  implementation: 'implementation',
  backend: 'implementation/backend',
  frontend: 'implementation/frontend',
  testing: 'testing',
  deployment: 'deployment',
};

/**
 * The bars each phase must clear. Numbers are the original's where it had them; the rest are the smallest
 * amount that still describes a working service (one route file, one model, three UI components).
 * Document globs are matched case-insensitively against file names, so `01_Product_Requirements_Document.md`
 * (the original's fixed name) and `product-requirements.md` both count.
 */
export interface WorkflowThresholds {
  /** Markdown/text documents in requirements/ (original: 5). */
  readonly minRequirementDocs: number;
  /** Each entry is one key document; any glob in the entry satisfies it (all are required). */
  readonly keyRequirementDocs: readonly (readonly string[])[];
  readonly keyDesignDocs: readonly (readonly string[])[];
  /** How many of keyDesignDocs must exist (original: 3 of 4). */
  readonly minKeyDesignDocs: number;
  /** Backend directories under src/ of which `minBackendDirs` must exist (original: 2 of routes/services/controllers). */
  readonly backendDirs: readonly string[];
  readonly minBackendDirs: number;
  /** TS/JS files under backend src/ (original: 20). */
  readonly minBackendSourceFiles: number;
  readonly minBackendRouteFiles: number;
  readonly minBackendModelFiles: number;
  /** TS/JS/Vue files under frontend src/ (original: 10). */
  readonly minFrontendSourceFiles: number;
  readonly minFrontendComponents: number;
  /** `*.test.*` / `*.spec.*` files under testing/ (original: 3). */
  readonly minTestFiles: number;
  /** YAML manifests in deployment/k8s or deployment/kubernetes when that folder exists (original: 3). */
  readonly minKubernetesManifests: number;
  /** Variables an `.env.example` should mention, and how many of them at least (original: 2 of 3). */
  readonly envVariables: readonly string[];
  readonly minEnvVariables: number;
}

export const DEFAULT_THRESHOLDS: WorkflowThresholds = {
  minRequirementDocs: 5,
  keyRequirementDocs: [
    ['*product*requirement*'],
    ['*functional*requirement*', '*functional*spec*'],
    ['*non*functional*'],
    ['*user*stor*', '*use*case*'],
  ],
  keyDesignDocs: [['*architecture*'], ['*database*', '*schema*', '*data*model*'], ['*api*'], ['*ui*', '*ux*']],
  minKeyDesignDocs: 3,
  backendDirs: ['routes', 'services', 'controllers'],
  minBackendDirs: 2,
  minBackendSourceFiles: 20,
  minBackendRouteFiles: 1,
  minBackendModelFiles: 1,
  minFrontendSourceFiles: 10,
  minFrontendComponents: 3,
  minTestFiles: 3,
  minKubernetesManifests: 3,
  envVariables: ['DATABASE', 'PORT', 'API'],
  minEnvVariables: 2,
};

/** Phase weights of the completion estimate (original: 10/15/50/15/10). */
export const PHASE_WEIGHTS = {
  requirements: 0.1,
  design: 0.15,
  implementation: 0.5,
  testing: 0.15,
  deployment: 0.1,
} as const;
