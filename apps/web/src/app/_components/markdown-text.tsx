import Markdown, { type Components } from 'react-markdown'
import rehypeHighlight from 'rehype-highlight'
import rehypeSanitize from 'rehype-sanitize'
import remarkGfm from 'remark-gfm'

/**
 * Links leave the dashboard in a new tab without a handle back to it (`noopener`) and
 * without telling the target where the reader came from.
 */
const COMPONENTS: Components = {
  a: ({ node: _node, ...props }) => (
    <a {...props} target="_blank" rel="noopener noreferrer nofollow" />
  ),
}

/**
 * A message's text as GitHub-flavoured markdown (spec 6.2): tables, task lists, strikethrough,
 * autolinks, code blocks with syntax highlighting. Raw HTML is never turned into elements
 * (react-markdown drops it without `rehype-raw`), and the tree is sanitised with GitHub's
 * allow-list before highlighting adds its own class names.
 */
export function MarkdownText({ text }: { text: string }) {
  return (
    <div className="markdown" data-testid="markdown">
      <Markdown
        remarkPlugins={[remarkGfm]}
        rehypePlugins={[rehypeSanitize, [rehypeHighlight, { detect: true }]]}
        components={COMPONENTS}
      >
        {text}
      </Markdown>
    </div>
  )
}
