/** Per-request values the HTTP middleware sets. */
export interface HttpEnv {
  Variables: {
    requestId: string;
    /** The matched route pattern, for metrics without unbounded label values. */
    route: string;
    /**
     * The request id and hardening headers, while no handler has taken them into its response (see
     * respond.ts); the middleware applies whatever is left. Unset on cross-origin (CORS) requests.
     */
    pendingHeaders?: Record<string, string>;
  };
}
