import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

const allowedTags = [
  'h1',
  'h2',
  'h3',
  'h4',
  'p',
  'br',
  'hr',
  'strong',
  'em',
  'del',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'a',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'img',
];

/**
 * A vendor's Markdown description as HTML that is safe to show in the portal: no scripts, no
 * event handlers, no styles; links only to http(s) and open in a new tab without an opener;
 * images only over https.
 *
 * @example
 * renderDescription('# 智慧考勤\n<script>alert(1)</script>') // '<h1>智慧考勤</h1>\n'
 */
export function renderDescription(markdown: string): string {
  const html = marked.parse(markdown, { async: false, gfm: true });
  return sanitizeHtml(html, {
    allowedTags,
    allowedAttributes: { a: ['href', 'title', 'target', 'rel'], img: ['src', 'alt', 'title'] },
    allowedSchemes: ['https', 'http'],
    allowedSchemesByTag: { img: ['https'] },
    transformTags: {
      a: sanitizeHtml.simpleTransform('a', { target: '_blank', rel: 'noopener noreferrer nofollow' }),
    },
    disallowedTagsMode: 'discard',
  });
}
