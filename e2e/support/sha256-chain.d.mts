/** Hex digest of `rounds` chained SHA-256 rounds over `input` (see sha256-chain.mjs). */
export declare function hashChain(input: Uint8Array, rounds: number): string;
