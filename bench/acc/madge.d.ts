// madge ships no type declarations; this covers the part of its API the benchmark calls.
declare module 'madge' {
  interface MadgeDetectiveOptions {
    readonly skipTypeImports?: boolean;
    readonly skipAsyncImports?: boolean;
    readonly mixedImports?: boolean;
  }
  interface MadgeConfig {
    readonly baseDir?: string;
    readonly fileExtensions?: readonly string[];
    readonly tsConfig?: string;
    readonly detectiveOptions?: Readonly<Record<string, MadgeDetectiveOptions>>;
  }
  interface MadgeInstance {
    obj(): Record<string, string[]>;
    circular(): string[][];
  }
  function madge(path: string | readonly string[], config?: MadgeConfig): Promise<MadgeInstance>;
  export = madge;
}
