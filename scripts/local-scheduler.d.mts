export declare const SCHEDULES: { name: string; everyMs: number }[];
export declare function startLocalScheduler(speedUp?: number): () => void;
