/** What Hono's context carries for one request (`c.get('requestId')`), set by the request middleware. */
export interface HttpEnv {
  Variables: {
    requestId: string;
  };
}
