/**
 * The API reference page (`GET /api/docs`): the OpenAPI document rendered as plain HTML on the
 * server, so it works offline and under the dashboard's CSP, with no script at all.
 */

type Operation = {
  tags?: string[]
  summary?: string
  security?: Record<string, string[]>[]
  parameters?: { name: string; in: string; required?: boolean }[]
  requestBody?: unknown
  responses: Record<string, unknown>
}

const AUTH_LABELS: Record<string, string> = {
  apiKey: 'API key (x-api-key)',
  sessionCookie: 'session',
  bearer: 'session',
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!,
  )
}

/** The document's texts are Markdown; their `code` spans are all this page renders of it. */
function renderText(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>')
}

function authOf(operation: Operation): string {
  const schemes = new Set(
    (operation.security ?? []).flatMap((requirement) =>
      Object.keys(requirement).map((scheme) => AUTH_LABELS[scheme] ?? scheme),
    ),
  )
  return schemes.size ? [...schemes].join(' or ') : 'none'
}

function renderOperation(method: string, path: string, operation: Operation): string {
  const query = (operation.parameters ?? []).filter((parameter) => parameter.in === 'query')
  const status = Object.keys(operation.responses)[0] ?? ''
  return `<li class="operation">
  <p><span class="method method-${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></p>
  <p>${escapeHtml(operation.summary ?? '')}</p>
  <dl>
    <dt>Auth</dt><dd>${escapeHtml(authOf(operation))}</dd>
    ${query.length ? `<dt>Query</dt><dd>${query.map((parameter) => `<code>${escapeHtml(parameter.name)}</code>${parameter.required ? '' : '?'}`).join(', ')}</dd>` : ''}
    <dt>Body</dt><dd>${operation.requestBody ? 'JSON' : 'none'}</dd>
    <dt>Success</dt><dd>${escapeHtml(status)}</dd>
  </dl>
</li>`
}

/** Renders the document's operations grouped by tag, linking the full JSON document. */
export function renderApiReference(document: {
  info: { title: string; version: string; description?: string }
  tags: { name: string; description?: string }[]
  paths: Record<string, Record<string, Operation>>
}): string {
  const sections = document.tags.map((tag) => {
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, operation]) => operation.tags?.includes(tag.name))
        .map(([method, operation]) => renderOperation(method, path, operation)),
    )
    return `<section aria-labelledby="tag-${escapeHtml(tag.name.replace(/\W+/g, '-'))}">
  <h2 id="tag-${escapeHtml(tag.name.replace(/\W+/g, '-'))}">${escapeHtml(tag.name)}</h2>
  <p>${escapeHtml(tag.description ?? '')}</p>
  <ul>${operations.join('\n')}</ul>
</section>`
  })
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.info.title)} reference</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; color: #1a1a1a; }
  code { font-family: ui-monospace, monospace; overflow-wrap: anywhere; }
  ul { list-style: none; padding: 0; }
  .operation { border: 1px solid #ccc; border-radius: 6px; padding: 0.5rem 1rem; margin: 0.5rem 0; }
  .operation p { margin: 0.25rem 0; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 0 1rem; margin: 0.25rem 0; }
  dt { font-weight: 600; } dd { margin: 0; overflow-wrap: anywhere; }
  .method { display: inline-block; min-width: 4.5rem; font-weight: 700; }
  .method-get { color: #0b5394; } .method-post { color: #1d6b2c; } .method-patch, .method-put { color: #8a5300; } .method-delete { color: #a61b1b; }
  a:focus-visible { outline: 3px solid #0b5394; outline-offset: 2px; }
</style>
</head>
<body>
<header>
  <h1>${escapeHtml(document.info.title)} <small>${escapeHtml(document.info.version)}</small></h1>
  <p>${renderText(document.info.description ?? '')}</p>
  <p><a href="/api/openapi.json">The OpenAPI 3.1 document (JSON)</a>, for generating clients in any language. <a href="/">Back to the dashboard</a></p>
</header>
<main>
${sections.join('\n')}
</main>
</body>
</html>`
}
