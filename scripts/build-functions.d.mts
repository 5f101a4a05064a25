export declare const FUNCTIONS_DIR: string;
export declare function runtimeDependencies(): string[];
export declare function buildFunctions(options?: { outdir?: string }): Promise<string>;
