/** Per-request values the HTTP middleware sets. */
export interface HttpEnv {
  Variables: {
    requestId: string;
    /** The matched route pattern, for metrics without unbounded label values. */
    route: string;
  };
}
