/** HTML-escapes text for the page below. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The page at `/` until the web app lands: what this server is and where its interfaces are. Plain HTML
 * with one inline style, served under a policy that allows only that style.
 */
export function homePage(info: { version: string; publicUrl: string }): string {
  const base = escapeHtml(info.publicUrl.replace(/\/$/, ''));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dify-agent</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#222}code{background:#f3f3f3;padding:0 .25rem}li{margin:.4rem 0}</style>
</head>
<body>
<h1>dify-agent <small>${escapeHtml(info.version)}</small></h1>
<p>The server is running. The web app is not built yet: until it lands, use the API, MCP or the command line
(<code>dify-agent --help</code>, <code>dify-agent status</code>).</p>
<ul>
<li><a href="/api/v1/openapi.json">OpenAPI 3.1 document</a> of the REST API under <code>${base}/api/v1</code>
(send <code>Authorization: Bearer da_…</code>; import the document into Dify as a custom tool)</li>
<li>MCP (Streamable HTTP): <code>${base}/mcp</code>, with the same API key</li>
<li>Dify external knowledge API: <code>POST ${base}/dify/retrieval</code></li>
<li><a href="/health">/health</a> · <a href="/ready">/ready</a> · <a href="/metrics">/metrics</a></li>
</ul>
</body>
</html>
`;
}

/** The response policy of the page: the API's, plus the page's own inline style. */
export const HOME_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";
