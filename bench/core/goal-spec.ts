/**
 * The goals the issues set, as data. Each is judged on one row of a workload:
 * - `ours-faster-than`: shown on the peer's row; the peer's median over ours must be at least `factor`.
 * - `ours-within-floor`: shown on our row; our median over the floor's must be at most `factor`.
 * - `ours-rss-at-most`: shown on our row; our peak RSS must be at most `mb`.
 * - `ours-rss-not-above`: shown on our row; our peak RSS must not exceed the peer's.
 */
export type GoalSpec =
  | { readonly kind: 'ours-faster-than'; readonly peer: string; readonly factor: number }
  | { readonly kind: 'ours-within-floor'; readonly factor: number }
  | { readonly kind: 'ours-rss-at-most'; readonly mb: number }
  | { readonly kind: 'ours-rss-not-above'; readonly peer: string };

export function describeGoal(goal: GoalSpec): string {
  switch (goal.kind) {
    case 'ours-faster-than':
      return `ours >= ${goal.factor}x faster`;
    case 'ours-within-floor':
      return `<= ${goal.factor}x floor`;
    case 'ours-rss-at-most':
      return `RSS <= ${goal.mb} MB`;
    case 'ours-rss-not-above':
      return `RSS <= ${goal.peer}`;
  }
}
