/** In-memory Gherkin documents, rendered to text by renderFeature. Only what the generator emits is modelled. */
export type StepType = 'context' | 'action' | 'outcome';

export interface GherkinStep {
  readonly type: StepType;
  readonly text: string;
  readonly table?: readonly (readonly string[])[];
  readonly docString?: { readonly content: string; readonly delimiter: '"""' | '```'; readonly mediaType?: string };
}

export interface ScenarioNode {
  readonly kind: 'scenario';
  readonly tags: readonly string[];
  readonly name: string;
  readonly steps: readonly GherkinStep[];
}

export interface ExamplesNode {
  readonly tags: readonly string[];
  readonly name: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export interface OutlineNode {
  readonly kind: 'outline';
  readonly tags: readonly string[];
  readonly name: string;
  readonly steps: readonly GherkinStep[];
  readonly examples: readonly ExamplesNode[];
}

export interface RuleNode {
  readonly kind: 'rule';
  readonly tags: readonly string[];
  readonly name: string;
  readonly background?: readonly GherkinStep[];
  readonly children: readonly (ScenarioNode | OutlineNode)[];
}

export type FeatureLanguage = 'en' | 'fr';

export interface FeatureNode {
  readonly language: FeatureLanguage;
  readonly tags: readonly string[];
  readonly name: string;
  readonly description: readonly string[];
  readonly background?: readonly GherkinStep[];
  readonly children: readonly (ScenarioNode | OutlineNode | RuleNode)[];
}
